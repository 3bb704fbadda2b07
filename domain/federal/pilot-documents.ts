/**
 * The documents seed 000 requires of every pilot region, and how the road
 * map's items and the platform's printed documents show each one's
 * readiness. Pure: no I/O, no zod.
 */

export const pilotDocumentKinds = [
  'roadmap',
  'legal_act',
  'appointment_order',
  'smo_local_act',
  'representatives_agreement',
  'information_exchange_rules',
  'financing_plan',
] as const;
export type PilotDocumentKind = (typeof pilotDocumentKinds)[number];

export const pilotDocumentLabel: Record<PilotDocumentKind, string> = {
  roadmap: '«Дорожная карта» ТФОМС и СМО, утверждённая директором ТФОМС',
  legal_act: 'Правовой акт субъекта об утверждении «дорожной карты»',
  appointment_order: 'Распоряжение директора ТФОМС о назначении ответственных лиц',
  smo_local_act: 'Локальные акты СМО о назначении ответственных лиц',
  representatives_agreement: 'Соглашение ТФОМС, СМО и МО о страховых представителях',
  information_exchange_rules: 'Регламент информационного взаимодействия участников ОМС',
  financing_plan: 'План финансового обеспечения по МО и источникам',
};

/** Short column heads of the matrix (the full names go into the header's title and the workbook's legend). */
export const pilotDocumentShortLabel: Record<PilotDocumentKind, string> = {
  roadmap: 'Дорожная карта',
  legal_act: 'Правовой акт субъекта',
  appointment_order: 'Распоряжение об ответственных',
  smo_local_act: 'Акты СМО',
  representatives_agreement: 'Соглашение о страховых представителях',
  information_exchange_rules: 'Регламент обмена',
  financing_plan: 'План финансирования',
};

const normal = (text: string) => text.toLowerCase().replace(/ё/g, 'е').replace(/[«»"“”„]/g, '').replace(/\s+/g, ' ').trim();

/**
 * A document is named by its kind first («Приказ …», «Соглашение …»), then
 * its subject: the rule reads the kind at the start and the subject anywhere,
 * so «Еженедельный отчёт о выполнении плана мероприятий» is no road map and
 * «Приказ ТФОМС об организации мониторинга» no appointments order. Order
 * matters: the СМО's order before the director's, the approving act before
 * the road map it names.
 */
const rules: { kind: PilotDocumentKind; test: (t: string) => boolean }[] = [
  { kind: 'financing_plan', test: (t) => /^(проект )?план\S* финансово\S* обеспечени/.test(t) },
  {
    kind: 'information_exchange_rules',
    test: (t) => /^(проект )?(регламент|правила|порядок)\S*/.test(t) && /(информационно\S* взаимодействи|информационно\S* обмен|обмен\S* (информацией|сведениями))/.test(t),
  },
  { kind: 'representatives_agreement', test: (t) => /^(трехсторонн\S* |типов\S* )?соглашени/.test(t) && /страхов\S* представител/.test(t) },
  {
    kind: 'smo_local_act',
    test: (t) => /^(приказ|распоряжени|локальн\S* (нормативн\S* )?акт)/.test(t) && /(^|[\s(])смо($|[\s,.)])|страхов\S* медицинск\S* организаци/.test(t) && /назначени/.test(t) && /ответствен/.test(t),
  },
  { kind: 'appointment_order', test: (t) => /^(приказ|распоряжени)/.test(t) && /назначени/.test(t) && /ответствен/.test(t) },
  {
    kind: 'legal_act',
    test: (t) =>
      /^(совместн\S* приказ|постановлени|распоряжени\S* (правительства|губернатора|администрации|главы)|правов\S* акт|нормативн\S* правов\S* акт|приказ (департамента|министерства|органа))/.test(t) &&
      /(утвержд\S*|об утверждении).*(дорожн\S* карт|план\S* мероприятий)/.test(t),
  },
  { kind: 'roadmap', test: (t) => /^(проект )?(план\S* мероприятий|дорожн\S* карт)/.test(t) },
];

function classify(text: string): PilotDocumentKind | null {
  const t = normal(text);
  return rules.find((r) => r.test(t))?.kind ?? null;
}

/**
 * Which of the pilot's documents an item produces: its result document's
 * name decides; a bare kind («Приказ ТФОМС») is read together with the
 * item's title («Приказ директора ТФОМС о назначении ответственных лиц…»).
 * An item without a result document produces none.
 */
export function pilotDocumentKindOf(item: { resultDocument?: string | null; title: string }): PilotDocumentKind | null {
  if (!item.resultDocument?.trim()) return null;
  return classify(item.resultDocument) ?? classify(item.title);
}

export type DocumentCellState = 'missing' | 'in_work' | 'done';

export const documentCellLabel: Record<DocumentCellState, string> = {
  missing: 'нет',
  in_work: 'в работе',
  done: 'готов',
};

export interface DocumentLink {
  label: string;
  href: string;
}

/** The executions of the items that produce one document, summed. */
export interface ItemEvidence {
  executions: number;
  accepted: number;
  cancelled: number;
  /** The last acceptance, when all are accepted. */
  lastAcceptedAt: string | null;
  /** The earliest deadline still open. */
  nextDeadlineAt: string | null;
  /** An execution to open: the first still open, else the last accepted. */
  executionId: string | null;
  /** The newest file of the result (a completion report's attachment). */
  attachment: { id: string; name: string } | null;
}

/** What the platform itself knows of a document: the printed document of the approved version, the approval, the road map's state. */
export interface PlatformEvidence {
  state: DocumentCellState;
  date: string | null;
  /** What the date is: «утверждена», «срок», «акт от»… */
  dateLabel: string | null;
  links: DocumentLink[];
  note: string;
}

export interface DocumentCell {
  state: DocumentCellState;
  date: string | null;
  dateLabel: string | null;
  links: DocumentLink[];
  note: string;
}

/** The road map and the act that approved it are records of the platform itself: an approved version is the document, whatever its items say. */
const recordedByApproval: readonly PilotDocumentKind[] = ['roadmap', 'legal_act'];

/**
 * The cell of one region and one document. The road map's items that
 * produce it decide when there are any — they are how the region tracks
 * signing it: all executions accepted is done (dated by the last acceptance,
 * linked to the file), any open is in work (dated by the next deadline);
 * every execution cancelled counts as none. Without such items the
 * platform's own evidence decides (an approved version, its printed
 * document), and for the road map and its approving act a done approval
 * wins over the items. The platform's document is linked either way.
 */
export function decideDocumentCell(kind: PilotDocumentKind, items: ItemEvidence | null, platform: PlatformEvidence): DocumentCell {
  const live = items ? items.executions - items.cancelled : 0;
  if (!items || live <= 0) return platform;
  if (platform.state === 'done' && recordedByApproval.includes(kind)) return platform;
  const links: DocumentLink[] = [];
  if (items.attachment) links.push({ label: items.attachment.name, href: `/attachments/${encodeURIComponent(items.attachment.id)}` });
  if (items.executionId) links.push({ label: 'исполнение мероприятия', href: `/executions/${encodeURIComponent(items.executionId)}` });
  const extra = platform.links.filter((l) => !links.some((x) => x.href === l.href));
  if (items.accepted >= live) return { state: 'done', date: items.lastAcceptedAt, dateLabel: 'принято', links: [...links, ...extra], note: `мероприятие принято (${items.accepted} из ${live})` };
  return { state: 'in_work', date: items.nextDeadlineAt, dateLabel: 'срок', links: [...links, ...extra], note: `принято ${items.accepted} из ${live}` };
}
