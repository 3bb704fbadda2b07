/**
 * Regional non-working holidays, layered on the federal production calendar
 * (ст. 6 ТК РФ lets a subject of the Federation set its own non-working
 * holidays). Pure data, no imports: the workflow sandbox loads it.
 *
 * Two kinds:
 *  - fixed: the same calendar day every year (a regional law);
 *  - dated: a moveable feast (Ураза-байрам, Курбан-байрам, Сагаалган), fixed
 *    each year by an act of the head of the republic: listed per year as the
 *    act appears; a year not listed has none (add it when it is published).
 * A regional holiday falling on a weekend moves nothing unless the region's
 * act says so (then list the moved day as dated).
 *
 * The laws are named by title; their numbers and revision dates must be
 * checked against the official publication before production use.
 */

export interface RegionalHoliday {
  /** MM-DD for fixed holidays. */
  readonly monthDay?: string;
  /** ISO dates for moveable ones. */
  readonly dates?: readonly string[];
  readonly name: string;
  readonly source: string;
}

export interface RegionalCalendar {
  readonly regionCode: string;
  readonly holidays: readonly RegionalHoliday[];
}

const TATARSTAN_LAW = 'Закон Республики Татарстан «О праздничных и памятных днях в Республике Татарстан»';
const TATARSTAN_DECREE = 'указ Раиса (Президента) Республики Татарстан об объявлении нерабочего праздничного дня (на каждый год)';
const BASHKORTOSTAN_LAW = 'Закон Республики Башкортостан «О праздничных и памятных днях в Республике Башкортостан»';
const BASHKORTOSTAN_DECREE = 'указ Главы Республики Башкортостан об объявлении нерабочего праздничного дня (на каждый год)';
const ADYGEA_LAW = 'Закон Республики Адыгея «О праздничных днях и памятных датах Республики Адыгея»';
const ADYGEA_DECREE = 'указ Главы Республики Адыгея об объявлении нерабочего праздничного дня (на каждый год)';
const BURYATIA_LAW = 'Закон Республики Бурятия «О праздничных днях и памятных датах в Республике Бурятия»';

export const regionalCalendarData: readonly RegionalCalendar[] = [
  {
    regionCode: '16',
    holidays: [
      { monthDay: '08-30', name: 'День Республики Татарстан', source: TATARSTAN_LAW },
      { monthDay: '11-06', name: 'День Конституции Республики Татарстан', source: TATARSTAN_LAW },
      { dates: ['2025-03-30', '2026-03-20'], name: 'Ураза-байрам', source: `${TATARSTAN_LAW}; ${TATARSTAN_DECREE}` },
      { dates: ['2025-06-06', '2026-05-27'], name: 'Курбан-байрам', source: `${TATARSTAN_LAW}; ${TATARSTAN_DECREE}` },
    ],
  },
  {
    regionCode: '02',
    holidays: [
      { monthDay: '10-11', name: 'День Республики Башкортостан', source: BASHKORTOSTAN_LAW },
      { dates: ['2025-03-30', '2026-03-20'], name: 'Ураза-байрам', source: `${BASHKORTOSTAN_LAW}; ${BASHKORTOSTAN_DECREE}` },
      { dates: ['2025-06-06', '2026-05-27'], name: 'Курбан-байрам', source: `${BASHKORTOSTAN_LAW}; ${BASHKORTOSTAN_DECREE}` },
    ],
  },
  {
    regionCode: '01',
    holidays: [
      { monthDay: '10-05', name: 'День образования Республики Адыгея', source: ADYGEA_LAW },
      { dates: ['2025-03-30', '2026-03-20'], name: 'Ураза-байрам', source: `${ADYGEA_LAW}; ${ADYGEA_DECREE}` },
      { dates: ['2025-06-06', '2026-05-27'], name: 'Курбан-байрам', source: `${ADYGEA_LAW}; ${ADYGEA_DECREE}` },
    ],
  },
  {
    regionCode: '03',
    holidays: [{ dates: ['2025-02-28', '2026-02-18'], name: 'Сагаалган (первый день Белого месяца)', source: BURYATIA_LAW }],
  },
];
