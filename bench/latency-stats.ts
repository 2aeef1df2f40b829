// Rate and latency percentiles of one load phase, and their row in the results table.

export interface RunStats {
  count: number;
  ok: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

/** `latencies` of the answered requests out of `count` sent over `seconds`. */
export function runStats(latencies: number[], count: number, seconds: number): RunStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count,
    ok: latencies.length,
    seconds,
    perSecond: seconds > 0 ? latencies.length / seconds : 0,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function tableRow(s: RunStats) {
  return {
    requests: s.count,
    ok: s.ok,
    seconds: round2(s.seconds),
    'per s': round2(s.perSecond),
    'p50 ms': round2(s.p50),
    'p90 ms': round2(s.p90),
    'p99 ms': round2(s.p99),
    'max ms': round2(s.max),
  };
}
