import ExcelJS from 'exceljs';
import { federalDistrictName } from '../../domain/federal/federal-subjects.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { regionWeekStatusLabel } from '../../domain/federal/federal-week-state.js';
import { informingEffectiveness } from '../../domain/weekly-report.js';
import type { RegionWeekRow, WeekView } from './week-view.js';
import { parseIsoWeek, weekDatesLabel } from '../../domain/federal/iso-week.js';

export const summaryHeader = [
  '№',
  'Регион',
  'Дорожная карта',
  'Сводный отчёт',
  'Срок (местное время)',
  'Срок (МСК)',
  'Представлен (местное время)',
  'Представлен (МСК)',
  'Отчёты в срок',
  'Отчёты с опозданием',
  'Отчёты не представлены',
  'Мероприятий выполнено',
  'Мероприятий просрочено',
  'Страховые представители',
  'Оповещено о диспансеризации',
  'Прошли диспансеризацию',
  'Эффективность информирования, %',
  'Эскалации (ступень, кому, когда по МСК)',
];

const roadMapLabel: Record<string, string> = { draft: 'проект', submitted: 'на утверждении', approved: 'утверждена' };

type Sums = { onTime: number; late: number; missing: number; done: number; overdue: number; representatives: number; notified: number; completed: number };
const zero = (): Sums => ({ onTime: 0, late: 0, missing: 0, done: 0, overdue: 0, representatives: 0, notified: 0, completed: 0 });
function add(s: Sums, r: RegionWeekRow): void {
  s.onTime += r.reporters.onTime;
  s.late += r.reporters.late;
  s.missing += r.reporters.missing;
  s.done += r.executions.done;
  s.overdue += r.executions.overdue;
  // Figures the reader may not see yet (not submitted to ФОМС) are neither shown nor summed.
  s.representatives += r.smoForm?.representatives ?? 0;
  s.notified += r.smoForm?.notified ?? 0;
  s.completed += r.smoForm?.completedCheckup ?? 0;
}
const figures = (s: Sums) => [s.onTime, s.late, s.missing, s.done, s.overdue, s.representatives, s.notified, s.completed, informingEffectiveness(s.notified, s.completed) ?? ''];

/**
 * The national summary of a federal week: a row per region, subtotals per
 * federal district within each group and per group, and the pilot's total,
 * with the СМО reporting-form figures.
 */
export function summaryRows(view: WeekView): { cells: (string | number | null)[]; kind: 'region' | 'district' | 'group' | 'total' }[] {
  const out: { cells: (string | number | null)[]; kind: 'region' | 'district' | 'group' | 'total' }[] = [];
  const total = zero();
  let n = 0;
  for (const g of pilotProgramme.groups) {
    const inGroup = view.regions.filter((r) => r.groupId === g.id);
    if (!inGroup.length) continue;
    const groupSums = zero();
    for (const district of [...new Set(inGroup.map((r) => r.federalDistrict))]) {
      const sums = zero();
      for (const r of inGroup.filter((x) => x.federalDistrict === district)) {
        add(sums, r);
        out.push({
          kind: 'region',
          cells: [
            ++n,
            r.regionName,
            r.roadMap ? roadMapLabel[r.roadMap.status] ?? r.roadMap.status : 'не представлена',
            r.report.statusLabel,
            r.report.dueAt.local,
            r.report.dueAt.moscow,
            r.report.submittedAt?.local ?? '',
            r.report.submittedAt?.moscow ?? '',
            r.reporters.onTime,
            r.reporters.late,
            r.reporters.missing,
            r.executions.done,
            r.executions.overdue,
            ...(r.smoForm ? [r.smoForm.representatives, r.smoForm.notified, r.smoForm.completedCheckup, r.smoForm.effectiveness ?? ''] : ['', '', '', '']),
            escalationText(r) || null,
          ],
        });
      }
      out.push({ kind: 'district', cells: ['', `Итого ${district} (${federalDistrictName[district as keyof typeof federalDistrictName] ?? district})`, '', '', '', '', '', '', ...figures(sums)] });
      for (const k of Object.keys(sums) as (keyof Sums)[]) groupSums[k] += sums[k];
    }
    out.push({ kind: 'group', cells: ['', `Итого по группе ${g.number} «${g.title}» (куратор ${g.curatorName})`, '', '', '', '', '', '', ...figures(groupSums)] });
    for (const k of Object.keys(groupSums) as (keyof Sums)[]) total[k] += groupSums[k];
  }
  out.push({ kind: 'total', cells: ['', 'Всего по пилотным регионам', '', '', '', '', '', '', ...figures(total)] });
  return out;
}

const escalationText = (r: RegionWeekRow) =>
  r.escalations.map((e) => `${e.rungLabel}: ${e.recipients.map((p) => p.name).join(', ')} — ${e.at.moscow}`).join('; ');

/** Every region in exactly one state: the counts add up to the regions of the week. */
export function stateRows(view: WeekView): [string, number][] {
  const t = view.totals;
  return [
    [regionWeekStatusLabel.on_time, t.onTime],
    [regionWeekStatusLabel.late, t.late],
    [regionWeekStatusLabel.missing, t.missing],
    [regionWeekStatusLabel.pending, t.pending],
    [regionWeekStatusLabel.not_due, t.notDue],
    [regionWeekStatusLabel.not_monitored, t.notApproved],
    [regionWeekStatusLabel.no_roadmap, t.withoutRoadMap],
    ['Всего регионов', t.regions],
  ];
}

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export async function weekSummaryXlsx(view: WeekView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  wb.created = new Date(view.generatedAt);
  const sheet = wb.addWorksheet(`Неделя ${view.week}`, { views: [{ state: 'frozen', ySplit: 4 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const titleRow = sheet.addRow([`Сводная информация по пилотным регионам: неделя ${view.week}`]);
  sheet.mergeCells(titleRow.number, 1, titleRow.number, summaryHeader.length);
  titleRow.getCell(1).font = { bold: true, size: 14 };
  const sub = sheet.addRow([`Неделя ${view.dates}. ${pilotProgramme.title}. Сроки — в местном времени региона и по Москве.`]);
  sheet.mergeCells(sub.number, 1, sub.number, summaryHeader.length);
  sheet.addRow([]);
  const head = sheet.addRow(summaryHeader);
  head.eachCell((c) => {
    c.font = { bold: true };
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    c.border = border;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  for (const r of summaryRows(view)) {
    const row = sheet.addRow(r.cells);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = border;
      c.alignment = { wrapText: true, vertical: 'top' };
    });
    if (r.kind !== 'region') row.font = { bold: true };
  }
  sheet.addRow([]);
  const stateHead = sheet.addRow(['Сводный отчёт в ФОМС', 'Регионов']);
  stateHead.font = { bold: true };
  for (const [label, n] of stateRows(view)) {
    const row = sheet.addRow([label, n]);
    if (label === 'Всего регионов') row.font = { bold: true };
  }
  [5, 34, 16, 24, 18, 18, 18, 18, 10, 10, 10, 12, 12, 14, 14, 14, 14, 40].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** «Пилот — неделя 30.11–06.12.2026.xlsx»: the week by its dates, as the page names it (the ISO code stays in the address). */
export function weekSummaryFileName(week: string): string {
  const w = parseIsoWeek(week);
  return `Пилот — неделя ${w ? weekDatesLabel(w) : week}.xlsx`;
}
