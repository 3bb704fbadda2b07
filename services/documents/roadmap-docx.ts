import { Document, Packer, PageOrientation } from 'docx';
import { appendixMark, approvalDate, approvingActMark, deadlineText, personLine, scopeText, shortName } from './document-text.js';
import { FONT, numberedPages, para, table, verificationBlock } from './docx-parts.js';
import { verificationMark } from './verification-mark.js';
import type { VersionContext } from './version-context.js';

const partyLabel = { TFOMS: 'ТФОМС', SMO: 'СМО' } as const;

/**
 * The road map as approved, ready to print and sign: the approval block («УТВЕРЖДАЮ»), then a table per direction.
 * Built from the stored version only, so the printed act is the one the executions run.
 */
export async function roadMapDocx(ctx: VersionContext, generatedAt = new Date()): Promise<Buffer> {
  const { doc } = ctx;
  const approver = ctx.approver;
  // ГОСТ Р 7.0.97-2016: the appendix mark, the approval by the director's signature («УТВЕРЖДАЮ»)
  // and the approving act's mark («УТВЕРЖДЕНА …») are separate requisites, each in its place.
  const appendix = appendixMark(ctx);
  const actMark = approvingActMark(ctx);
  const approval = [
    ...(appendix ? [para(appendix, { align: 'right', after: 240 })] : []),
    para('УТВЕРЖДАЮ', { bold: true, align: 'right' }),
    para(approver?.positionTitle ?? 'Директор ТФОМС', { align: 'right' }),
    para(`_______________ ${approver ? shortName(approver.fullName) : ''}`, { align: 'right', before: 200 }),
    para(approvalDate(ctx, 'long') ?? '«___» __________ 20__ г.', { align: 'right' }),
    ...(actMark ? [para(actMark, { align: 'right', before: 240 })] : []),
    para(`Редакция ${ctx.version}`, { align: 'right', before: 120 }),
  ];
  const body = doc.directions.flatMap((direction, d) => {
    const rows = direction.items.map((item, i) => {
      const result = [item.expectedResult, item.resultDocument ? `Документ: ${item.resultDocument}` : ''].filter(Boolean).join('\n');
      const scope = scopeText(item.scope, ctx);
      return [
        `${d + 1}.${i + 1}`,
        item.title,
        deadlineText(item.deadline, ctx.region.timeZone),
        personLine(ctx.people.get(item.executorId), item.executorId, ctx),
        personLine(ctx.people.get(item.controllerId), item.controllerId, ctx),
        scope,
        result,
      ];
    });
    return [
      para(`${d + 1}. ${direction.title} (${partyLabel[direction.party]})`, { bold: true, before: 240, after: 120 }),
      table(['№', 'Мероприятие', 'Срок', 'Исполнитель', 'Контролирующее лицо', 'Охват МО', 'Ожидаемый результат / документ'], rows, [5, 26, 9, 15, 15, 12, 18]),
    ];
  });
  const coordinator = ctx.people.get(doc.coordinatorId);
  const mark = await verificationMark(ctx, generatedAt);
  const document = new Document({
    creator: 'Дорожные карты ТФОМС и СМО',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [
      {
        ...numberedPages(),
        properties: { ...numberedPages().properties, page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          ...approval,
          para(doc.title, { bold: true, align: 'center', before: 360, after: 120 }),
          para(ctx.region.name, { align: 'center', after: 240 }),
          ...body,
          para(`Координатор мониторинга: ${personLine(coordinator, doc.coordinatorId, ctx)}`, { before: 360 }),
          ...verificationBlock(mark),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
