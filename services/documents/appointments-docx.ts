import { Document, Packer } from 'docx';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { legalActText, organisationName, personLine, shortName } from './document-text.js';
import { FONT, para, table } from './docx-parts.js';
import type { NamedOrganisation, VersionContext } from './version-context.js';

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
 * Seed 000: the ТФОМС director's order (распоряжение) appointing responsible staff per direction and per МО, and each СМО's
 * local act (приказ) with its per-МО list — both from the road map's own appointments, so the act and the reporting duties agree.
 */
export async function appointmentsDocx(ctx: VersionContext, org: NamedOrganisation): Promise<Buffer> {
  const { doc } = ctx;
  const isFund = org.kind === 'TFOMS';
  const ofOrg = (personId: string) => ctx.people.get(personId)?.organisationId === org.id;
  const directionRows = doc.directions
    .filter((d) => d.party === org.kind)
    .flatMap((d) => {
      const executors = [...new Set(d.items.map((i) => i.executorId).filter(ofOrg))];
      const controllers = [...new Set(d.items.map((i) => i.controllerId).filter(ofOrg))];
      if (!executors.length && !controllers.length) return [];
      const names = (ids: string[]) => ids.map((id) => personLine(ctx.people.get(id), id)).join('\n');
      return [[d.title, names(executors), names(controllers)]];
    })
    .map((r, i) => [String(i + 1), ...r]);
  const directionTitle = new Map(doc.directions.map((d) => [d.id, d.title]));
  const moRows = doc.appointments
    .filter((a) => a.organisationId === org.id)
    .map((a) => ({ mo: organisationName(ctx, a.moId), direction: directionTitle.get(a.directionId) ?? a.directionId, person: personLine(ctx.people.get(a.personId), a.personId) }))
    .sort((a, b) => a.mo.localeCompare(b.mo, 'ru') || a.direction.localeCompare(b.direction, 'ru'))
    .map((r, i) => [String(i + 1), r.mo, r.direction, r.person]);
  const head = [...ctx.people.values()].find((p) => p.organisationId === org.id && p.position === 'director');
  const act = legalActText(ctx);
  const document = new Document({
    creator: 'Дорожные карты ТФОМС и СМО',
    title: `О назначении ответственных лиц — ${org.name}`,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [
      {
        children: [
          para(org.name, { bold: true, align: 'center' }),
          para(isFund ? 'РАСПОРЯЖЕНИЕ' : 'ПРИКАЗ', { bold: true, align: 'center', before: 240 }),
          para('«___» __________ 20__ г.                                                          № ______', { before: 240 }),
          para('О назначении ответственных лиц за реализацию плана мероприятий («Дорожной карты»)', { bold: true, align: 'center', before: 240, after: 240 }),
          para(`В целях реализации плана мероприятий «${doc.title}»${act ? ` (${act})` : ''}, редакция ${ctx.version}:`, { align: 'both', after: 120 }),
          para('1. Назначить ответственными за направления деятельности:', { after: 120 }),
          directionRows.length
            ? table(['№', 'Направление', 'Исполнитель', 'Контролирующее лицо'], directionRows, [5, 45, 25, 25])
            : para('— направлений, исполняемых сотрудниками организации, нет.'),
          para('2. Назначить ответственных лиц по медицинским организациям:', { before: 240, after: 120 }),
          moRows.length
            ? table(['№', 'Медицинская организация', 'Направление', 'Ответственное лицо'], moRows, [5, 35, 35, 25])
            : para('— назначений по медицинским организациям в дорожной карте нет.'),
          para(`3. Контроль за исполнением настоящего ${isFund ? 'распоряжения' : 'приказа'} оставляю за собой.`, { before: 240 }),
          para(`${head?.positionTitle ?? 'Руководитель'}                    _______________ ${head ? shortName(head.fullName) : ''}`, { before: 480 }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
