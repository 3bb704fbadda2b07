import { Document, Packer } from 'docx';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { approvedByClause, organisationName, personLine, shortName } from './document-text.js';
import { FONT, numberedPages, para, table, verificationBlock } from './docx-parts.js';
import { verificationMark } from './verification-mark.js';
import type { NamedOrganisation, NamedPerson, VersionContext } from './version-context.js';

/** The organisation whose act is printed: the ТФОМС of the region unless another (an СМО) is named. */
export function appointingOrganisation(ctx: VersionContext, organisationId: string | undefined): NamedOrganisation {
  const orgs = [...ctx.organisations.values()];
  const org = organisationId ? ctx.organisations.get(organisationId) : orgs.find((o) => o.kind === 'TFOMS');
  if (!org || (org.kind !== 'TFOMS' && org.kind !== 'SMO')) {
    throw new RefusedError(
      refusal('validation', 'приказ о назначении ответственных издаёт ТФОМС или СМО региона', [
        { field: 'organisation', message: `«${organisationId ?? ''}» — не ТФОМС и не СМО региона этой дорожной карты` },
      ]),
    );
  }
  return org;
}

/**
 * Seed 000: the ТФОМС director's order (распоряжение) appointing responsible staff per direction and per МО, naming
 * each СМО's responsible person for the region, and each СМО's local act (приказ) with its per-МО list — both from
 * the road map's own appointments, so the act and the reporting duties agree. The requisites follow ГОСТ Р 7.0.97-2016:
 * the kind of act, date and number fields, the place of issue, the heading, a preamble naming the approving act, the
 * operative formula («ПРИКАЗЫВАЮ:» for a приказ), the signature; a verification mark closes it.
 */
export async function appointmentsDocx(ctx: VersionContext, org: NamedOrganisation, generatedAt = new Date()): Promise<Buffer> {
  const { doc } = ctx;
  const isFund = org.kind === 'TFOMS';
  const head = signatory(ctx, org);
  // The head signs the act: he is not appointed by it (control stays with him, clause «оставляю за собой»).
  const ours = (personId: string) => ctx.people.get(personId)?.organisationId === org.id;
  const appointed = (personId: string) => ours(personId) && personId !== head?.id;
  const line = (id: string) => personLine(ctx.people.get(id), id, ctx, org.id);
  const names = (ids: string[]) => ids.map(line).join('\n');
  const directionRows = doc.directions
    .filter((d) => d.party === org.kind)
    .flatMap((d) => {
      const executors = [...new Set(d.items.map((i) => i.executorId).filter(appointed))];
      // The controlling official of the organisation's own work, whoever's organisation they belong to (a ТФОМС
      // employee controls many an СМО item: printed with «(ТФОМС)»), and the organisation's people controlling others.
      const controllers = [
        ...new Set(d.items.filter((i) => ours(i.executorId) || appointed(i.controllerId)).map((i) => i.controllerId).filter((id) => id !== head?.id)),
      ];
      const headControls = !!head && d.items.some((i) => i.controllerId === head.id);
      if (!executors.length && !controllers.length) return [];
      return [[d.title, names(executors) || '—', [names(controllers), headControls ? 'контроль оставляю за собой' : ''].filter(Boolean).join('\n') || '—']];
    })
    .map((r, i) => [String(i + 1), ...r]);
  const directionTitle = new Map(doc.directions.map((d) => [d.id, d.title]));
  const moRows = doc.appointments
    .filter((a) => a.organisationId === org.id)
    .map((a) => ({ mo: organisationName(ctx, a.moId), direction: directionTitle.get(a.directionId) ?? a.directionId, person: line(a.personId) }))
    .sort((a, b) => a.mo.localeCompare(b.mo, 'ru') || a.direction.localeCompare(b.direction, 'ru'))
    .map((r, i) => [String(i + 1), r.mo, r.direction, r.person]);
  const smoRows = isFund ? insurerResponsibles(ctx).map((r, i) => [String(i + 1), r.smo, names(r.personIds)]) : [];
  const actWord = isFund ? 'распоряжения' : 'приказа';
  const preamble = `В целях реализации плана мероприятий («дорожной карты») «${doc.title}»${approvedByClause(ctx)}`;
  let clause = 0;
  const numbered = (text: string) => para(`${++clause}. ${text}`, { before: 240, after: 120, align: 'both' });
  const mark = await verificationMark(ctx, generatedAt);
  const document = new Document({
    creator: 'Дорожные карты ТФОМС и СМО',
    title: `О назначении ответственных лиц — ${org.name}`,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [
      {
        ...numberedPages(),
        children: [
          para(org.name, { bold: true, align: 'center' }),
          para(isFund ? 'РАСПОРЯЖЕНИЕ' : 'ПРИКАЗ', { bold: true, align: 'center', before: 240 }),
          para('«___» __________ 20__ г.                                                          № ______', { before: 240 }),
          para('г. ____________________', { align: 'center', before: 120 }),
          para('О назначении ответственных лиц за реализацию плана мероприятий («дорожной карты»)', { bold: true, align: 'center', before: 240, after: 240 }),
          // A распоряжение goes straight to its clauses; a приказ states its formula on a line of its own.
          para(isFund ? `${preamble}:` : `${preamble},`, { align: 'both', after: 120 }),
          ...(isFund ? [] : [para('ПРИКАЗЫВАЮ:', { bold: true, before: 120, after: 120 })]),
          numbered('Назначить ответственными за направления деятельности:'),
          directionRows.length
            ? table(['№', 'Направление', 'Исполнитель', 'Контролирующее лицо'], directionRows, [5, 45, 25, 25])
            : para('— направлений, исполняемых сотрудниками организации, нет.'),
          numbered('Назначить ответственных лиц по медицинским организациям:'),
          moRows.length
            ? table(['№', 'Медицинская организация', 'Направление', 'Ответственное лицо'], moRows, [5, 35, 35, 25])
            : para('— назначений по медицинским организациям в дорожной карте нет.'),
          ...(isFund
            ? [
                numbered('Принять к сведению, что ответственными за реализацию плана мероприятий в страховых медицинских организациях, работающих в сфере ОМС в субъекте Российской Федерации, определены:'),
                smoRows.length
                  ? table(['№', 'Страховая медицинская организация', 'Ответственное лицо'], smoRows, [5, 45, 50])
                  : para('— страховых медицинских организаций в дорожной карте нет.'),
              ]
            : []),
          numbered(`Контроль за исполнением настоящего ${actWord} оставляю за собой.`),
          para(`${head?.positionTitle ?? 'Руководитель'}                    _______________ ${head ? shortName(head.fullName) : ''}`, { before: 480 }),
          ...verificationBlock(mark),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** Who signs for the organisation: the head the directory names, else its director-level person. */
function signatory(ctx: VersionContext, org: NamedOrganisation): NamedPerson | undefined {
  return (org.headPersonId ? ctx.people.get(org.headPersonId) : undefined) ?? [...ctx.people.values()].find((p) => p.organisationId === org.id && p.position === 'director');
}

/** Per СМО of the road map: the people of that СМО who execute its directions or are appointed for its МО. */
function insurerResponsibles(ctx: VersionContext): { smo: string; personIds: string[] }[] {
  const byOrg = new Map<string, Set<string>>();
  const add = (personId: string) => {
    const orgId = ctx.people.get(personId)?.organisationId;
    if (orgId && ctx.organisations.get(orgId)?.kind === 'SMO') byOrg.set(orgId, (byOrg.get(orgId) ?? new Set()).add(personId));
  };
  for (const d of ctx.doc.directions.filter((d) => d.party === 'SMO')) for (const i of d.items) add(i.executorId);
  for (const a of ctx.doc.appointments) add(a.personId);
  return [...byOrg].map(([orgId, ids]) => ({ smo: organisationName(ctx, orgId), personIds: [...ids] })).sort((a, b) => a.smo.localeCompare(b.smo, 'ru'));
}
