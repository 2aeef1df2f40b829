// One burst of complaints, one signal. A burst about a leaking kettle spikes several of the words
// its customers use (in Chinese, several character pairs of one phrase), the product as step 2
// recorded it and maybe its category: each would be a signal of its own, and supervisors would get
// five alerts for one thing. Keywords are kept first, then products, then categories: a product is
// recorded as each customer spells it ("Zephyr kettle", "Zephyr 2000"), so an incident scoped to one
// spelling would miss the others, while the word they share reaches them all. Within a dimension
// the key most of the burst's complaints share comes first, then the most established one (a word
// customers used before names the thing better than a one-off spelling with no baseline), then the
// most surprising. A spike is folded into a kept one when most of its complaints are that one's
// too. Pure.

import type { Spike, SpikeDimension } from './spike-detection.ts';

/** Share of a spike's complaints that, when they are all in one kept spike, make it the same burst. */
export const FOLD_OVERLAP = 0.6;

const NAMING_ORDER: Record<SpikeDimension, number> = { keyword: 0, product: 1, category: 2 };

/**
 * The spikes to signal; `casesOf` gives the ids of the complaints a spike counted in the window.
 * Keys with a signal already (`signalled`, as `dimension:key`; new, confirmed or dismissed) come
 * first: a burst first seen under "lid" stays "lid" when "kettle" crosses the line a pass later,
 * rather than raise a second alert for the same complaints.
 */
export function foldSpikes(spikes: readonly Spike[], casesOf: (spike: Spike) => ReadonlySet<string>, signalled: ReadonlySet<string> = new Set(), overlap = FOLD_OVERLAP): Spike[] {
  const known = (spike: Spike) => (signalled.has(`${spike.dimension}:${spike.key}`) ? 0 : 1);
  const ordered = [...spikes].sort(
    (a, b) =>
      known(a) - known(b) ||
      NAMING_ORDER[a.dimension] - NAMING_ORDER[b.dimension] ||
      b.count - a.count ||
      b.expected - a.expected ||
      a.pValue - b.pValue ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const kept: { spike: Spike; cases: ReadonlySet<string> }[] = [];
  for (const spike of ordered) {
    const cases = casesOf(spike);
    const sameBurst = kept.some((k) => cases.size > 0 && shared(cases, k.cases) >= overlap * cases.size);
    if (!sameBurst) kept.push({ spike, cases });
  }
  return kept.map((k) => k.spike);
}

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const id of a) if (b.has(id)) n += 1;
  return n;
}
