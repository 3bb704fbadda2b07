import { type RoadMapDocument, type RoadMapItem } from './roadmap.js';
import { itemsOf } from './roadmap-structure.js';

export interface ItemChange {
  itemId: string;
  change: 'added' | 'removed' | 'changed';
  title: string;
  /** For "changed": which fields differ, with both values. */
  fields?: { field: string; before: unknown; after: unknown }[];
}

export interface RoadMapDiff {
  fields: { field: string; before: unknown; after: unknown }[];
  directions: { directionId: string; change: 'added' | 'removed' | 'changed'; title: string }[];
  items: ItemChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed between two versions, for the director deciding on an amendment. */
export function diffRoadMaps(before: RoadMapDocument, after: RoadMapDocument): RoadMapDiff {
  const fields: RoadMapDiff['fields'] = [];
  for (const key of ['title', 'legalAct', 'regionalPlan', 'startDate', 'coordinatorId', 'participatingMoIds', 'appointments', 'indicators'] as const) {
    if (!same(before[key], after[key])) fields.push({ field: key, before: before[key], after: after[key] });
  }

  const directions: RoadMapDiff['directions'] = [];
  const beforeDirs = new Map(before.directions.map((d) => [d.id, d]));
  const afterDirs = new Map(after.directions.map((d) => [d.id, d]));
  for (const [id, d] of afterDirs) {
    const old = beforeDirs.get(id);
    if (!old) directions.push({ directionId: id, change: 'added', title: d.title });
    else if (old.title !== d.title || old.party !== d.party) directions.push({ directionId: id, change: 'changed', title: d.title });
  }
  for (const [id, d] of beforeDirs) if (!afterDirs.has(id)) directions.push({ directionId: id, change: 'removed', title: d.title });

  const items: ItemChange[] = [];
  const beforeItems = new Map([...itemsOf(before)].map(({ item }) => [item.id, item]));
  const afterItems = new Map([...itemsOf(after)].map(({ item }) => [item.id, item]));
  for (const [id, item] of afterItems) {
    const old = beforeItems.get(id);
    if (!old) {
      items.push({ itemId: id, change: 'added', title: item.title });
      continue;
    }
    const changed = (Object.keys(item) as (keyof RoadMapItem)[])
      .filter((k) => !same(old[k], item[k]))
      .map((k) => ({ field: k, before: old[k], after: item[k] }));
    if (changed.length) items.push({ itemId: id, change: 'changed', title: item.title, fields: changed });
  }
  for (const [id, item] of beforeItems) if (!afterItems.has(id)) items.push({ itemId: id, change: 'removed', title: item.title });

  return { fields, directions, items };
}
