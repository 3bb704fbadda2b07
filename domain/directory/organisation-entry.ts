import { z } from 'zod';
import { OrganisationId, OrganisationKind } from '../organisation.js';
import { RegionCode } from '../region.js';
import { SingleLineText } from '../text.js';

/**
 * An organisation as a fund's administrator enters it (the directory): what may be given
 * on creation and what may be changed later. The kind and the region never change — a
 * road map, a report or the history names the organisation as it is.
 * Messages name the field, in Russian, because the pages show them next to it.
 */
const name = SingleLineText.trim().min(1, 'наименование: обязательное поле').max(1000, 'наименование: не длиннее 1000 символов');
const registryNumber = SingleLineText.trim()
  .min(1, 'номер в реестре: обязательное поле')
  .max(64, 'номер в реестре: не длиннее 64 символов')
  .regex(/^[0-9A-Za-zА-Яа-я][0-9A-Za-zА-Яа-я.\-/]*$/, 'номер в реестре: цифры, буквы, точка, дефис, косая черта (например, 22.1)');
const optionalId = (label: string) => OrganisationId.nullable().optional().describe(label);

export const OrganisationCreate = z
  .object({
    /** Taken as given when free; otherwise a readable id is made (organisationIdFor). */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'идентификатор: латиница в нижнем регистре, цифры, . _ -').max(64, 'идентификатор: не длиннее 64 символов').optional(),
    kind: z.enum(['TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY'], { error: 'вид организации: ТФОМС, СМО, МО или орган управления здравоохранением' }),
    regionCode: RegionCode,
    name,
    registryNumber: registryNumber.nullable().optional(),
    parentId: optionalId('подразделение организации'),
    inPilot: z.boolean().optional(),
    headPersonId: SingleLineText.min(1).max(64).nullable().optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.kind === 'MO' && !o.registryNumber) ctx.addIssue({ code: 'custom', path: ['registryNumber'], message: 'номер в реестре: обязателен для медицинской организации' });
    if (o.kind !== 'MO' && o.registryNumber) ctx.addIssue({ code: 'custom', path: ['registryNumber'], message: 'номер в реестре: только у медицинской организации' });
    if (o.kind !== 'MO' && o.inPilot) ctx.addIssue({ code: 'custom', path: ['inPilot'], message: 'участие в пилотном проекте: только у медицинской организации' });
    if (o.kind !== 'MO' && o.parentId) ctx.addIssue({ code: 'custom', path: ['parentId'], message: 'подразделение: только у медицинской организации' });
  });
export type OrganisationCreate = z.output<typeof OrganisationCreate>;

export const OrganisationChange = z
  .object({
    name: name.optional(),
    registryNumber: registryNumber.nullable().optional(),
    parentId: optionalId('подразделение организации'),
    inPilot: z.boolean().optional(),
    headPersonId: SingleLineText.min(1).max(64).nullable().optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'нечего менять: укажите хотя бы одно поле' });
export type OrganisationChange = z.output<typeof OrganisationChange>;

/**
 * The readable id of a new organisation, by the rule the existing ones follow:
 * «tfoms-57», «health-57», «smo-57-3» (the next free number), «mo-57-22-1» for МО № 22.1
 * (the main number padded to two digits). `taken` tells which ids exist; a clash gets «-2», «-3»….
 */
export function organisationIdFor(o: Pick<OrganisationCreate, 'kind' | 'regionCode' | 'registryNumber'>, taken: (id: string) => boolean): string {
  const r = o.regionCode.toLowerCase();
  let base: string;
  if (o.kind === 'TFOMS') base = `tfoms-${r}`;
  else if (o.kind === 'HEALTH_AUTHORITY') base = `health-${r}`;
  else if (o.kind === 'MO' && o.registryNumber && /^[0-9]+(\.[0-9]+)*$/.test(o.registryNumber)) {
    const [main, ...subs] = o.registryNumber.split('.');
    base = [`mo-${r}-${main.padStart(2, '0')}`, ...subs].join('-');
  } else {
    const prefix = o.kind === 'SMO' ? 'smo' : 'mo';
    let n = 1;
    while (taken(`${prefix}-${r}-${n}`)) n++;
    return `${prefix}-${r}-${n}`;
  }
  if (!taken(base)) return base;
  let n = 2;
  while (taken(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
