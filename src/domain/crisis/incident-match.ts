// Which open crisis incident a complaint falls under (seed 002, crisis: 控制 — while an incident is
// open the bot tells matching customers the holding statement). The open incidents come in as
// data, indexed once per change; matching a complaint is a few map lookups, and a look at the
// burst words of the few open product and keyword incidents. Pure.
//
// A burst is signalled once, under one key (fold-spikes.ts): "battery" for complaints that all say
// "my Quokka vacuum battery died". A customer writing "my Quokka vacuum will not charge" is in that
// burst without the word "battery". So a product or keyword incident also carries the burst's
// words (those most of its complaints used), and a complaint that shares two of them, or has the
// word the incident was signalled under, falls under it: "vacuum" alone, from a complaint about
// another brand, does not.

import type { Language } from '../types.ts';
import { crisisKey } from './complaint-keywords.ts';
import type { SpikeDimension } from './spike-detection.ts';

export interface OpenIncident {
  id: string;
  dimension: SpikeDimension;
  /** The category, or the product or keyword as crisisKey has it. */
  key: string;
  statement: Record<Language, string>;
  /** The words most of the burst's complaints used (product and keyword incidents). */
  burstWords?: readonly string[];
}

/** The open incidents by dimension and key. */
export interface IncidentIndex {
  readonly size: number;
  readonly byKey: ReadonlyMap<string, OpenIncident>;
  /** The incidents with burst words, oldest first. */
  readonly byWords: readonly { incident: OpenIncident; words: ReadonlySet<string> }[];
}

export const NO_INCIDENTS: IncidentIndex = { size: 0, byKey: new Map(), byWords: [] };

/** Burst words a complaint must share with an incident to fall under it (fewer when the burst has fewer). */
export const SHARED_BURST_WORDS = 2;

export function indexIncidents(incidents: readonly OpenIncident[]): IncidentIndex {
  const byKey = new Map<string, OpenIncident>();
  const byWords: { incident: OpenIncident; words: ReadonlySet<string> }[] = [];
  // The oldest incident of a key wins (there is one active signal per key, so rarely more).
  for (const incident of incidents) {
    const at = slot(incident.dimension, incident.key);
    if (!byKey.has(at)) byKey.set(at, incident);
    const words = new Set(incident.burstWords ?? []);
    if (incident.dimension === 'keyword') words.add(incident.key);
    if (incident.dimension !== 'category' && words.size > 0) byWords.push({ incident, words });
  }
  return { size: byKey.size, byKey, byWords };
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
  const keywords = scope.keywords ?? [];
  // The word the incident was signalled under is enough on its own, as it always was.
  for (const keyword of keywords) {
    const byKeyword = untold(index.byKey.get(slot('keyword', keyword)));
    if (byKeyword) return byKeyword;
  }
  if (keywords.length === 0) return undefined;
  for (const { incident, words } of index.byWords) {
    if (!untold(incident)) continue;
    let shared = 0;
    for (const keyword of keywords) if (words.has(keyword)) shared += 1;
    if (shared >= Math.min(SHARED_BURST_WORDS, words.size)) return incident;
  }
  return undefined;
}

function slot(dimension: SpikeDimension, key: string): string {
  return `${dimension}\u0000${key}`;
}
