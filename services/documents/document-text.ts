import type { Deadline } from '../../domain/deadline.js';
import type { ItemScope } from '../../domain/roadmap.js';
import { formatRuDate, formatRuDeadline, formatRuIsoDate, formatRuLongDate } from '../../domain/zoned-time.js';
import { deadlineWithShiftText } from '../../domain/deadline-shift.js';
import type { NamedPerson, VersionContext } from './version-context.js';

/** The words a printed road-map document uses for dates, people and scopes: one place, so the DOCX and XLSX agree. */

export const ruDate = formatRuIsoDate;
/** As the road map writes it; a date on a day off also says where it moved and why («10.01.2027 → 11.01.2027 (выходной)»). */
export const deadlineText = (deadline: Deadline, timeZone: string) => deadlineWithShiftText(deadline, formatRuDeadline(deadline, timeZone));

/** The approval date in the region's zone: «05» декабря 2026 г. for the approval mark, 05.12.2026 in running text; null before approval. */
export function approvalDate(ctx: Pick<VersionContext, 'approvedAt' | 'region'>, form: 'long' | 'short'): string | null {
  if (!ctx.approvedAt) return null;
  return form === 'long' ? formatRuLongDate(ctx.approvedAt, ctx.region.timeZone) : formatRuDate(ctx.approvedAt, ctx.region.timeZone);
}

/**
 * «Фамилия Имя Отчество, должность (организация)»: the organisation says which СМО does the work
 * («ТФОМС» for the fund's own staff); an act omits it for the people of the organisation issuing it.
 */
export function personLine(p: NamedPerson | undefined, id: string, ctx?: Pick<VersionContext, 'organisations'>, issuerId?: string): string {
  if (!p) return id;
  const org = p.organisationId === issuerId ? undefined : ctx?.organisations.get(p.organisationId);
  const label = org ? (org.kind === 'TFOMS' ? 'ТФОМС' : org.name) : null;
  return `${p.fullName}, ${lowerFirst(p.positionTitle)}${label ? ` (${label})` : ''}`;
}

/** «Белозёров И.Н.», the way a signature line names a person. */
export function shortName(fullName: string): string {
  const [family, ...given] = fullName.split(/\s+/).filter(Boolean);
  return [family, given.map((g) => `${g[0]}.`).join('')].filter(Boolean).join(' ');
}

/** The МО an item covers, by name (the registry number first where the directory has one); the fund's own items say so. */
export function scopeText(scope: ItemScope, ctx: VersionContext): string {
  if (scope.kind === 'fund') return 'в целом по организации';
  const ids = scope.kind === 'all_mo' ? ctx.doc.participatingMoIds : scope.moIds;
  const names = ids.map((id) => moLabel(ctx, id));
  return scope.kind === 'all_mo' ? `все участвующие МО (${ids.length}): ${names.join('; ')}` : names.join('; ');
}

function moLabel(ctx: VersionContext, id: string): string {
  const mo = ctx.organisations.get(id);
  if (!mo) return id;
  return mo.registryNumber ? `${mo.registryNumber}. ${mo.name}` : mo.name;
}

export function organisationName(ctx: VersionContext, id: string): string {
  return ctx.organisations.get(id)?.name ?? id;
}

export function legalActText(ctx: VersionContext): string | null {
  const act = ctx.doc.legalAct;
  return act ? `${act.kind} от ${ruDate(act.date)} № ${act.number} «${act.title}»` : null;
}

type Case = 'instrumental' | 'dative';
/** The words an act's kind starts with, in the two cases documents need («утверждена приказом», «приложение к приказу»). */
const caseForms: [RegExp, Record<Case, string>][] = [
  [/^совместн(ый|ое|ая)\s+/i, { instrumental: 'совместным ', dative: 'совместному ' }],
  [/^приказ(?=\s|$)/i, { instrumental: 'приказом', dative: 'приказу' }],
  [/^распоряжение(?=\s|$)/i, { instrumental: 'распоряжением', dative: 'распоряжению' }],
  [/^постановление(?=\s|$)/i, { instrumental: 'постановлением', dative: 'постановлению' }],
  [/^решение(?=\s|$)/i, { instrumental: 'решением', dative: 'решению' }],
];

/**
 * An act's kind in the case the sentence needs: «Совместный приказ Департамента …» →
 * «совместным приказом Департамента …». The leading words are declined (the rest — whose
 * act it is — is already genitive); a kind we cannot decline is kept as written, after a colon.
 */
export function actKindIn(kind: string, grammaticalCase: Case): string | null {
  let rest = kind.trim();
  let declined = '';
  for (let changed = true; changed; ) {
    changed = false;
    for (const [pattern, forms] of caseForms) {
      const m = pattern.exec(rest);
      if (m) {
        declined += forms[grammaticalCase];
        rest = rest.slice(m[0].length);
        changed = true;
      }
    }
  }
  return declined && !declined.endsWith(' ') ? `${declined}${rest}` : null;
}

/** «УТВЕРЖДЕНА совместным приказом … от 28.02.2017 № 214/57-ОД», the approving act's mark; null without an act. */
export function approvingActMark(ctx: VersionContext): string | null {
  const act = ctx.doc.legalAct;
  if (!act) return null;
  const kind = actKindIn(act.kind, 'instrumental');
  return kind ? `УТВЕРЖДЕНА ${kind} от ${ruDate(act.date)} № ${act.number}` : `УТВЕРЖДЕНА: ${act.kind} от ${ruDate(act.date)} № ${act.number}`;
}

/** «Приложение к совместному приказу … от … № …», when an act approves the road map as its appendix; null without an act. */
export function appendixMark(ctx: VersionContext): string | null {
  const act = ctx.doc.legalAct;
  if (!act) return null;
  const kind = actKindIn(act.kind, 'dative');
  return kind ? `Приложение к ${kind} от ${ruDate(act.date)} № ${act.number}` : `Приложение к акту: ${act.kind} от ${ruDate(act.date)} № ${act.number}`;
}

/** «…, утверждённого совместным приказом … от … № …, в редакции 2», for a preamble. */
export function approvedByClause(ctx: VersionContext): string {
  const act = ctx.doc.legalAct;
  const kind = act ? actKindIn(act.kind, 'instrumental') : null;
  const approved = act ? `, утверждённого ${kind ?? `актом «${act.kind}»`} от ${ruDate(act.date)} № ${act.number}` : '';
  return `${approved}, в редакции ${ctx.version}`;
}

const lowerFirst = (s: string) => (s ? s[0].toLowerCase() + s.slice(1) : s);

/** A file name for a download: Cyrillic kept (the Content-Disposition header carries it), nothing a file system refuses. */
export function documentFileName(ctx: VersionContext, kind: string, ext: string): string {
  return `${kind}-${ctx.roadMapId}-v${ctx.version}.${ext}`.replace(/[\\/:*?"<>|\s]+/g, '_');
}
