import type { Direction, RoadMapDocument, RoadMapItem } from './roadmap.js';

// Walking a road map needs no schema: workflows import this, not roadmap.ts (zod).

export function* itemsOf(doc: RoadMapDocument): Generator<{ direction: Direction; item: RoadMapItem; path: (string | number)[] }> {
  for (const [d, direction] of doc.directions.entries()) {
    for (const [i, item] of direction.items.entries()) {
      yield { direction, item, path: ['directions', d, 'items', i] };
    }
  }
}

/** The МО an item is executed for; `null` stands for a fund-level item. */
export function moTargets(doc: RoadMapDocument, item: RoadMapItem): (string | null)[] {
  switch (item.scope.kind) {
    case 'fund':
      return [null];
    case 'all_mo':
      return doc.participatingMoIds;
    case 'mo_list':
      return item.scope.moIds;
  }
}

export function countExecutions(doc: RoadMapDocument): number {
  let n = 0;
  for (const { item } of itemsOf(doc)) n += moTargets(doc, item).length;
  return n;
}
