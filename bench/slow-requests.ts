// Where a run's slowest answers came from: when the requests at or above the p99 were sent (they
// tend to bunch in one or two short windows: a long garbage collection, a burst of heavy turns), and
// the p99 by the message's place in its conversation (a conversation's first messages do more work:
// opening it, opening a case).

import { percentile } from './latency-stats.ts';

/** One answered request: when it was sent (ms from the run's start), how long it took, and which message of its conversation it was (0 = the first). */
export interface TimedRequest {
  sentAtMs: number;
  ms: number;
  place: number;
}

export interface SlowWindow {
  fromMs: number;
  toMs: number;
  count: number;
}

/** The requests at or above `threshold` ms, grouped into windows of send times no more than `gapMs` apart. */
export function slowWindows(requests: readonly TimedRequest[], threshold: number, gapMs = 250): SlowWindow[] {
  const starts = requests
    .filter((r) => r.ms >= threshold)
    .map((r) => r.sentAtMs)
    .sort((a, b) => a - b);
  const windows: SlowWindow[] = [];
  for (const at of starts) {
    const last = windows.at(-1);
    if (last && at - last.toMs <= gapMs) {
      last.toMs = at;
      last.count += 1;
    } else windows.push({ fromMs: at, toMs: at, count: 1 });
  }
  return windows;
}

/** The p99 latency of each place in a conversation (index = place), over the requests at that place. */
export function p99ByPlace(requests: readonly TimedRequest[]): number[] {
  const byPlace: number[][] = [];
  for (const r of requests) (byPlace[r.place] ??= []).push(r.ms);
  return Array.from(byPlace, (latencies = []) =>
    percentile(
      [...latencies].sort((a, b) => a - b),
      99,
    ),
  );
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Two report lines: where the slowest 1 % were sent, and the p99 by place in the conversation. */
export function describeSlowRequests(requests: readonly TimedRequest[], p99: number, mostWindows = 4): string[] {
  const windows = slowWindows(requests, p99);
  const count = windows.reduce((sum, w) => sum + w.count, 0);
  const largest = [...windows].sort((a, b) => b.count - a.count).slice(0, mostWindows);
  const shown = largest
    .sort((a, b) => a.fromMs - b.fromMs)
    .map((w) => `${seconds(w.fromMs)}–${seconds(w.toMs)} s (${w.count})`)
    .join(', ');
  const rest = windows.length > largest.length ? ` and ${windows.length - largest.length} more window(s)` : '';
  const places = p99ByPlace(requests)
    .map((ms, place) => `${place + 1}: ${ms.toFixed(1)}`)
    .join(' · ');
  return [`  slowest 1 % (≥ p99 ${p99.toFixed(1)} ms): ${count} requests, sent ${shown}${rest} into the measured phase`, `  p99 by the message's place in its conversation (ms): ${places}`];
}
