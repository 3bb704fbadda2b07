import { Document, Packer, PageOrientation } from 'docx';
import { moTargets } from '../../domain/roadmap-structure.js';
import { approvalDate, deadlineText, legalActText, personLine, scopeText, shortName } from './document-text.js';
import { FONT, para, table } from './docx-parts.js';
import type { VersionContext } from './version-context.js';

const partyLabel = { TFOMS: 'ТФОМС', SMO: 'СМО' } as const;

/**
 * The road map as approved, ready to print and sign: the approval block («УТВЕРЖДАЮ»), then a table per direction.
 * Built from the stored version only, so the printed act is the one the executions run.
 */
export async function roadMapDocx(ctx: VersionContext): Promise<Buffer> {
  const { doc } = ctx;
  const approver = ctx.approver;
  const act = legalActText(ctx);
  const approval = [
    para('УТВЕРЖДАЮ', { bold: true, align: 'right' }),
    para(approver?.positionTitle ?? 'Директор ТФОМС', { align: 'right' }),
    para(`_______________ ${approver ? shortName(approver.fullName) : ''}`, { align: 'right', before: 200 }),
    para(approvalDate(ctx, 'long') ?? '«___» __________ 20__ г.', { align: 'right' }),
    para(`Редакция ${ctx.version}`, { align: 'right' }),
    ...(act ? [para(`Утверждена: ${act}`, { align: 'right', size: 20 })] : []),
  ];
  const body = doc.directions.flatMap((direction, d) => {
    const rows = direction.items.map((item, i) => {
      const result = [item.expectedResult, item.resultDocument ? `Документ: ${item.resultDocument}` : ''].filter(Boolean).join('\n');
      const scope = scopeText(item.scope, ctx) + (item.scope.kind === 'fund' ? '' : ` — исполнений: ${moTargets(doc, item).length}`);
      return [
        `${d + 1}.${i + 1}`,
        item.title,
        deadlineText(item.deadline, ctx.region.timeZone),
        personLine(ctx.people.get(item.executorId), item.executorId),
        personLine(ctx.people.get(item.controllerId), item.controllerId),
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
  const document = new Document({
    creator: 'Дорожные карты ТФОМС и СМО',
    title: doc.title,
    styles: { default: { document: { run: { font: FONT } } } },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          ...approval,
          para(doc.title, { bold: true, align: 'center', before: 360, after: 120 }),
          para(ctx.region.name, { align: 'center', after: 240 }),
          ...body,
          para(`Координатор мониторинга: ${personLine(coordinator, doc.coordinatorId)}`, { before: 360 }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
