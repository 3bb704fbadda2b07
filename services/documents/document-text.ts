import type { Deadline } from '../../domain/deadline.js';
import type { ItemScope } from '../../domain/roadmap.js';
import { formatRuDate, formatRuDeadline, formatRuIsoDate, formatRuLongDate } from '../../domain/zoned-time.js';
import type { NamedPerson, VersionContext } from './version-context.js';

/** The words a printed road-map document uses for dates, people and scopes: one place, so the DOCX and XLSX agree. */

export const ruDate = formatRuIsoDate;
export const deadlineText = (deadline: Deadline, timeZone: string) => formatRuDeadline(deadline, timeZone);

/** The approval date in the region's zone: «05» декабря 2026 г. for the approval mark, 05.12.2026 in running text; null before approval. */
export function approvalDate(ctx: Pick<VersionContext, 'approvedAt' | 'region'>, form: 'long' | 'short'): string | null {
  if (!ctx.approvedAt) return null;
  return form === 'long' ? formatRuLongDate(ctx.approvedAt, ctx.region.timeZone) : formatRuDate(ctx.approvedAt, ctx.region.timeZone);
}

export function personLine(p: NamedPerson | undefined, id: string): string {
  return p ? `${p.fullName}, ${lowerFirst(p.positionTitle)}` : id;
}

/** «Белозёров И.Н.», the way a signature line names a person. */
export function shortName(fullName: string): string {
  const [family, ...given] = fullName.split(/\s+/).filter(Boolean);
  return [family, given.map((g) => `${g[0]}.`).join('')].filter(Boolean).join(' ');
}

export function scopeText(scope: ItemScope, ctx: VersionContext): string {
  if (scope.kind === 'fund') return 'в целом по организации';
  if (scope.kind === 'all_mo') return `все участвующие МО (${ctx.doc.participatingMoIds.length})`;
  return scope.moIds.map((id) => ctx.organisations.get(id)?.name ?? id).join('; ');
}

export function organisationName(ctx: VersionContext, id: string): string {
  return ctx.organisations.get(id)?.name ?? id;
}

export function legalActText(ctx: VersionContext): string | null {
  const act = ctx.doc.legalAct;
  return act ? `${act.kind} от ${ruDate(act.date)} № ${act.number} «${act.title}»` : null;
}

const lowerFirst = (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : s);

/** A file name for a download: Cyrillic kept (the Content-Disposition header carries it), nothing a file system refuses. */
export function documentFileName(ctx: VersionContext, kind: string, ext: string): string {
  return `${kind}-${ctx.roadMapId}-v${ctx.version}.${ext}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}
