// Which open crisis incident a complaint falls under (seed 002, crisis: 控制 — while an incident is
// open the bot tells matching customers the holding statement). The open incidents come in as
// data, indexed once per change; matching a complaint is a few map lookups. Pure.

import type { Language } from '../types.ts';
import { crisisKey } from './complaint-keywords.ts';
import type { SpikeDimension } from './spike-detection.ts';

export interface OpenIncident {
  id: string;
  dimension: SpikeDimension;
  /** The category, or the product or keyword as crisisKey has it. */
  key: string;
  statement: Record<Language, string>;
}

/** The open incidents by dimension and key. */
export interface IncidentIndex {
  readonly size: number;
  readonly byKey: ReadonlyMap<string, OpenIncident>;
}

export const NO_INCIDENTS: IncidentIndex = { size: 0, byKey: new Map() };

export function indexIncidents(incidents: readonly OpenIncident[]): IncidentIndex {
  const byKey = new Map<string, OpenIncident>();
  // The oldest incident of a key wins (there is one active signal per key, so rarely more).
  for (const incident of incidents) {
    const at = slot(incident.dimension, incident.key);
    if (!byKey.has(at)) byKey.set(at, incident);
  }
  return { size: byKey.size, byKey };
}

/** What a complaint is about, as far as the conversation knows it. */
export interface ComplaintScope {
  category: string;
  product?: string | undefined;
  /** The keywords of the complaint's first message; only the turn that opens the case has them. */
  keywords?: readonly string[] | undefined;
}

/** The first open incident the complaint falls under that this conversation was not told of yet. */
export function matchIncident(index: IncidentIndex, scope: ComplaintScope, told: readonly string[]): OpenIncident | undefined {
  if (index.size === 0) return undefined;
  const untold = (incident: OpenIncident | undefined) => (incident && !told.includes(incident.id) ? incident : undefined);
  const byCategory = untold(index.byKey.get(slot('category', scope.category)));
  if (byCategory) return byCategory;
  if (scope.product) {
    const byProduct = untold(index.byKey.get(slot('product', crisisKey(scope.product))));
    if (byProduct) return byProduct;
  }
  for (const keyword of scope.keywords ?? []) {
    const byKeyword = untold(index.byKey.get(slot('keyword', keyword)));
    if (byKeyword) return byKeyword;
  }
  return undefined;
}

function slot(dimension: SpikeDimension, key: string): string {
  return `${dimension}\u0000${key}`;
}
