import { z } from 'zod';
import { OrganisationId } from '../organisation.js';
import { PlatformRole, PositionLevel } from '../person.js';
import { SingleLineText } from '../text.js';

/**
 * A person as a fund's administrator enters them: full name, position (level and title),
 * organisation, e-mail, login, platform roles, and for ТФОМС staff the directorate /
 * division (orders name it). Every message names its field, in Russian.
 */
const fullName = SingleLineText.trim().min(1, 'ФИО: обязательное поле').max(500, 'ФИО: не длиннее 500 символов');
const positionTitle = SingleLineText.trim().min(1, 'должность: обязательное поле').max(500, 'должность: не длиннее 500 символов');
const email = z.string().trim().max(320, 'e-mail: не длиннее 320 символов').email('e-mail: неверный адрес').nullable();
export const Login = z
  .string()
  .trim()
  .min(2, 'логин: не короче 2 символов')
  .max(64, 'логин: не длиннее 64 символов')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'логин: латиница в нижнем регистре, цифры, . _ -');
const unit = SingleLineText.trim().max(500, 'подразделение: не длиннее 500 символов').nullable();
const roles = z.array(PlatformRole, { error: 'роли: admin, foms_admin, foms_curator' }).max(3).refine((r) => new Set(r).size === r.length, 'роли: повторяются');

export const PersonCreate = z
  .object({
    /** Taken as given when free; otherwise the login (ids equal logins, as in the demo). */
    id: Login.optional(),
    login: Login,
    fullName,
    organisationId: OrganisationId,
    position: z.enum(PositionLevel.options, { error: 'уровень должности: director, head_of_directorate, head_of_division или specialist' }),
    positionTitle,
    email: email.optional(),
    roles: roles.optional(),
    unit: unit.optional(),
  })
  .strict();
export type PersonCreate = z.output<typeof PersonCreate>;

export const PersonChange = z
  .object({
    login: Login.optional(),
    fullName: fullName.optional(),
    organisationId: OrganisationId.optional(),
    position: z.enum(PositionLevel.options, { error: 'уровень должности: director, head_of_directorate, head_of_division или specialist' }).optional(),
    positionTitle: positionTitle.optional(),
    email: email.optional(),
    roles: roles.optional(),
    unit: unit.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'нечего менять: укажите хотя бы одно поле' });
export type PersonChange = z.output<typeof PersonChange>;

/** Deactivation: who takes over the open work (through the transfer), and whether only to show what would happen. */
export const PersonDeactivation = z
  .object({
    receiverId: SingleLineText.min(1, 'кому передать работу: обязательное поле').max(64).nullable().optional(),
    reason: SingleLineText.trim().min(1, 'основание: обязательное поле').max(1000, 'основание: не длиннее 1000 символов'),
    dryRun: z.boolean().default(false),
  })
  .strict();
export type PersonDeactivation = z.output<typeof PersonDeactivation>;
