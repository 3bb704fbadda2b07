import type { OrganisationKind } from './organisation.js';
import { type RoadMapDocument } from './roadmap.js';
import { itemsOf, moTargets } from './roadmap-structure.js';

/** One road-map item for one МО (null: fund-level) that a weekly report covers. */
export interface DutyLine {
  directionId: string;
  itemId: string;
  moId: string | null;
}

/** What one person must report on each week, and who controls that work. */
export interface ReportingDuty {
  personId: string;
  organisationId: string;
  /** СМО reporters also fill in the reporting form (insurance representatives, informing, surveys). */
  smo: boolean;
  lines: DutyLine[];
  moIds: string[];
  /** The controlling officials of the reported items: the second rung of the late-report ladder. */
  controllerIds: string[];
}

export interface DutyPerson {
  organisationId: string;
  organisationKind: OrganisationKind;
}

export const lineKey = (itemId: string, moId: string | null) => `${itemId}|${moId ?? 'fund'}`;

/**
 * Who reports on what. Each item × МО line has exactly one reporter: the
 * person appointed (by the director's order or the СМО's local act) for the
 * item's direction and МО in the organisation that executes the item, else
 * the item's executor. Fund-level items are reported by their executor.
 */
export function reportingDuties(doc: RoadMapDocument, people: ReadonlyMap<string, DutyPerson>): ReportingDuty[] {
  const appointed = new Map<string, string>();
  for (const a of doc.appointments) appointed.set(`${a.directionId}|${a.moId}|${a.organisationId}`, a.personId);

  const duties = new Map<string, { lines: DutyLine[]; controllers: Set<string> }>();
  for (const { direction, item } of itemsOf(doc)) {
    const executorOrg = people.get(item.executorId)?.organisationId;
    for (const moId of moTargets(doc, item)) {
      const reporter = (moId && executorOrg && appointed.get(`${direction.id}|${moId}|${executorOrg}`)) || item.executorId;
      let d = duties.get(reporter);
      if (!d) duties.set(reporter, (d = { lines: [], controllers: new Set() }));
      d.lines.push({ directionId: direction.id, itemId: item.id, moId });
      d.controllers.add(item.controllerId);
    }
  }

  return [...duties.entries()]
    .filter(([personId]) => people.has(personId))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([personId, d]) => {
      const person = people.get(personId)!;
      d.controllers.delete(personId);
      return {
        personId,
        organisationId: person.organisationId,
        smo: person.organisationKind === 'SMO',
        lines: d.lines,
        moIds: [...new Set(d.lines.map((l) => l.moId).filter((m): m is string => m !== null))].sort(),
        controllerIds: [...d.controllers].sort(),
      };
    });
}
