/**
 * Производственный календарь РФ (пятидневная рабочая неделя), 2015–2027.
 *
 * Pure data, no imports: the workflow sandbox loads it too.
 *
 * Per year: the non-working holidays of art. 112 part 1 ТК РФ, and every
 * transfer of a day off (перенос выходного дня). A transfer moves the rest of
 * a Saturday/Sunday (`from`) onto a weekday (`to`), which becomes a day off.
 * If `from` is itself a holiday, it stays off; otherwise the Saturday/Sunday
 * becomes a working day (e.g. 2018-04-28).
 *
 * Two kinds of transfer, both listed explicitly so a year reads as in the
 * official calendar:
 *  - 'decree': set by the yearly Government decree (art. 112 part 5);
 *  - 'labour-code': automatic under art. 112 part 2: a holiday other than
 *    1–8 January falling on a weekend moves the day off to the next working day.
 *
 * Not counted, on purpose: the paid «нерабочие дни» declared by presidential
 * decrees (2020-03-30…05-11 COVID, 2020-06-24 parade, 2020-07-01 vote,
 * 2021-05-04…07, 2021-10-30…11-07). They did not change the production
 * calendar (2020 stays 248 working days, 2021 stays 247), and statutory
 * deadlines kept running through them.
 *
 * Shortened pre-holiday days (art. 95) are not listed: nothing here uses them,
 * and the official lists include Минтруд's exceptions (e.g. working Saturday
 * 2018-04-28 shortened) that are easy to get wrong.
 *
 * Changing a past year changes what replayed workflows compute: bump
 * `revision` and version the workflow code that depends on it.
 */

export interface DayOffTransfer {
  /** The Saturday or Sunday whose rest is moved. */
  readonly from: string;
  /** The weekday that becomes a day off. */
  readonly to: string;
  readonly basis: 'decree' | 'labour-code';
}

export interface ProductionCalendarYear {
  readonly year: number;
  /** Bumped whenever this year's data is corrected. */
  readonly revision: number;
  /** Legal basis of the year's transfers. */
  readonly source: string;
  /** Non-working holidays (art. 112 part 1 ТК РФ), ISO dates. */
  readonly holidays: readonly string[];
  readonly transfers: readonly DayOffTransfer[];
  readonly shortenedDays?: readonly string[];
  readonly note?: string;
}

const LABOUR_CODE_112 = 'ст. 112 Трудового кодекса РФ (ред. Федерального закона от 23.04.2012 № 35-ФЗ)';

/** 1–8 Jan (7 Jan — Рождество), 23 Feb, 8 Mar, 1 May, 9 May, 12 Jun, 4 Nov: unchanged since 2013. */
function statutoryHolidays(year: number): string[] {
  return ['01-01', '01-02', '01-03', '01-04', '01-05', '01-06', '01-07', '01-08', '02-23', '03-08', '05-01', '05-09', '06-12', '11-04'].map(
    (md) => `${year}-${md}`,
  );
}

function decree(from: string, to: string): DayOffTransfer {
  return { from, to, basis: 'decree' };
}

function labourCode(from: string, to: string): DayOffTransfer {
  return { from, to, basis: 'labour-code' };
}

export const productionCalendarData: readonly ProductionCalendarYear[] = [
  {
    year: 2015,
    revision: 1,
    source: `Постановление Правительства РФ от 27.08.2014 № 860 «О переносе выходных дней в 2015 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2015),
    transfers: [
      decree('2015-01-03', '2015-01-09'),
      decree('2015-01-04', '2015-05-04'),
      labourCode('2015-03-08', '2015-03-09'),
      labourCode('2015-05-09', '2015-05-11'),
    ],
  },
  {
    year: 2016,
    revision: 1,
    source: `Постановление Правительства РФ от 24.09.2015 № 1017 «О переносе выходных дней в 2016 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2016),
    transfers: [
      decree('2016-01-02', '2016-05-03'),
      decree('2016-01-03', '2016-03-07'),
      decree('2016-02-20', '2016-02-22'),
      labourCode('2016-05-01', '2016-05-02'),
      labourCode('2016-06-12', '2016-06-13'),
    ],
  },
  {
    year: 2017,
    revision: 1,
    source: `Постановление Правительства РФ от 04.08.2016 № 756 «О переносе выходных дней в 2017 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2017),
    transfers: [
      decree('2017-01-01', '2017-02-24'),
      decree('2017-01-07', '2017-05-08'),
      labourCode('2017-11-04', '2017-11-06'),
    ],
  },
  {
    year: 2018,
    revision: 1,
    source: `Постановление Правительства РФ от 14.10.2017 № 1250 «О переносе выходных дней в 2018 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2018),
    transfers: [
      decree('2018-01-06', '2018-03-09'),
      decree('2018-01-07', '2018-05-02'),
      decree('2018-04-28', '2018-04-30'),
      decree('2018-06-09', '2018-06-11'),
      decree('2018-12-29', '2018-12-31'),
      labourCode('2018-11-04', '2018-11-05'),
    ],
  },
  {
    year: 2019,
    revision: 1,
    source: `Постановление Правительства РФ от 01.10.2018 № 1163 «О переносе выходных дней в 2019 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2019),
    transfers: [
      decree('2019-01-05', '2019-05-02'),
      decree('2019-01-06', '2019-05-03'),
      // 23 Feb fell on a Saturday; the decree sent it to May instead of Monday 25 Feb.
      decree('2019-02-23', '2019-05-10'),
    ],
  },
  {
    year: 2020,
    revision: 1,
    source: `Постановление Правительства РФ от 10.07.2019 № 875 «О переносе выходных дней в 2020 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2020),
    transfers: [
      decree('2020-01-04', '2020-05-04'),
      decree('2020-01-05', '2020-05-05'),
      labourCode('2020-02-23', '2020-02-24'),
      labourCode('2020-03-08', '2020-03-09'),
      labourCode('2020-05-09', '2020-05-11'),
    ],
    note: 'Нерабочие дни по указам Президента (30.03–11.05, 24.06, 01.07.2020) не включены: это не праздники производственного календаря.',
  },
  {
    year: 2021,
    revision: 1,
    source: `Постановление Правительства РФ от 10.10.2020 № 1648 «О переносе выходных дней в 2021 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2021),
    transfers: [
      decree('2021-01-02', '2021-11-05'),
      decree('2021-01-03', '2021-12-31'),
      decree('2021-02-20', '2021-02-22'),
      labourCode('2021-05-01', '2021-05-03'),
      labourCode('2021-05-09', '2021-05-10'),
      labourCode('2021-06-12', '2021-06-14'),
    ],
    note: 'Нерабочие дни по указам Президента (04–07.05 и 30.10–07.11.2021) не включены.',
  },
  {
    year: 2022,
    revision: 1,
    source: `Постановление Правительства РФ от 16.09.2021 № 1564 «О переносе выходных дней в 2022 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2022),
    transfers: [
      decree('2022-01-01', '2022-05-03'),
      decree('2022-01-02', '2022-05-10'),
      decree('2022-03-05', '2022-03-07'),
      labourCode('2022-05-01', '2022-05-02'),
      labourCode('2022-06-12', '2022-06-13'),
    ],
  },
  {
    year: 2023,
    revision: 1,
    source: `Постановление Правительства РФ от 29.08.2022 № 1505 «О переносе выходных дней в 2023 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2023),
    transfers: [
      decree('2023-01-01', '2023-02-24'),
      decree('2023-01-08', '2023-05-08'),
      labourCode('2023-11-04', '2023-11-06'),
    ],
  },
  {
    year: 2024,
    revision: 1,
    source: `Постановление Правительства РФ от 10.08.2023 № 1314 «О переносе выходных дней в 2024 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2024),
    transfers: [
      decree('2024-01-06', '2024-05-10'),
      decree('2024-01-07', '2024-12-31'),
      decree('2024-04-27', '2024-04-29'),
      decree('2024-11-02', '2024-04-30'),
      decree('2024-12-28', '2024-12-30'),
    ],
  },
  {
    year: 2025,
    revision: 1,
    source: `Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2025),
    transfers: [
      decree('2025-01-04', '2025-05-02'),
      decree('2025-01-05', '2025-12-31'),
      // 23 Feb (Sun) and 8 Mar (Sat) were sent by the decree to May and June, not to the next Monday.
      decree('2025-02-23', '2025-05-08'),
      decree('2025-03-08', '2025-06-13'),
      decree('2025-11-01', '2025-11-03'),
    ],
  },
  {
    year: 2026,
    revision: 1,
    source: `Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2026),
    transfers: [
      decree('2026-01-03', '2026-01-09'),
      decree('2026-01-04', '2026-12-31'),
      labourCode('2026-03-08', '2026-03-09'),
      labourCode('2026-05-09', '2026-05-11'),
    ],
  },
  {
    year: 2027,
    revision: 1,
    source: `Постановление Правительства РФ от 17.09.2026 № 1187 «О переносе выходных дней в 2027 году»; ${LABOUR_CODE_112}`,
    holidays: statutoryHolidays(2027),
    // Not read from the decree text itself: the requisites and these transfers agree across
    // several independent public calendars (xmlcalendar.ru and others). Re-check against pravo.gov.ru.
    transfers: [
      decree('2027-01-02', '2027-11-05'),
      decree('2027-01-03', '2027-12-31'),
      decree('2027-02-20', '2027-02-22'),
      labourCode('2027-05-01', '2027-05-03'),
      labourCode('2027-05-09', '2027-05-10'),
      labourCode('2027-06-12', '2027-06-14'),
    ],
  },
];
