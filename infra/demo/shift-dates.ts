import type { RoadMapDocumentInput } from '../../domain/roadmap.js';

/**
 * The seed road map is dated 2017: left as it is, every item would be years
 * overdue the moment it is approved. The demo moves every date by the same
 * number of days so the plan starts today and keeps its rhythm (the survey
 * waves stay 47 and 45 days apart); DEMO_DATES=original keeps the seed's dates.
 */
export function shiftDemoDates(doc: RoadMapDocumentInput, today: string): RoadMapDocumentInput {
  const delta = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${doc.startDate}T00:00:00Z`);
  const shiftDate = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + delta).toISOString().slice(0, 10);
  const copy = structuredClone(doc);
  const seedYears = planYears(doc);
  copy.startDate = shiftDate(copy.startDate);
  if (copy.legalAct) copy.legalAct.date = shiftDate(copy.legalAct.date);
  for (const direction of copy.directions) {
    for (const item of direction.items) {
      item.deadline = 'date' in item.deadline ? { date: shiftDate(item.deadline.date) } : { dateTime: new Date(Date.parse(item.deadline.dateTime) + delta).toISOString() };
    }
  }
  const years = planYears(copy);
  copy.title = titleForYears(copy.title, years);
  for (const direction of copy.directions) {
    for (const item of direction.items) {
      item.title = yearsInText(item.title, seedYears, years);
      item.expectedResult = yearsInText(item.expectedResult, seedYears, years);
      if (item.resultDocument) item.resultDocument = yearsInText(item.resultDocument, seedYears, years);
    }
  }
  return copy;
}

/**
 * «… в 2017 году» in an item's text (the seed's plan year) said for the years the shifted plan runs in:
 * «в 2026 году», or «в 2026–2027 годах». Only a plan of one year is rewritten, and only that year.
 */
export function yearsInText(text: string, [seedFrom, seedTo]: [number, number], [from, to]: [number, number]): string {
  if (seedFrom !== seedTo) return text;
  return text.replace(new RegExp(`в ${seedFrom} году`, 'g'), from === to ? `в ${from} году` : `в ${from}–${to} годах`);
}

/** The first and last calendar years the plan runs in: its start and its deadlines. */
export function planYears(doc: RoadMapDocumentInput): [number, number] {
  const years = [doc.startDate, ...doc.directions.flatMap((d) => d.items.map((i) => ('date' in i.deadline ? i.deadline.date : i.deadline.dateTime)))].map((d) => Number(d.slice(0, 4)));
  return [Math.min(...years), Math.max(...years)];
}

/**
 * «… на 2017 год» said for the years the shifted plan really runs in: «на 2026 год», or «на 2026–2027 годы»
 * when it crosses a new year. A title without such an ending is kept as it is.
 */
export function titleForYears(title: string, [from, to]: [number, number]): string {
  return title.replace(/на \d{4}(?:–\d{4})? год(?:ы)?$/, from === to ? `на ${from} год` : `на ${from}–${to} годы`);
}
