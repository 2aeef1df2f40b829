// `npm run bench:compare` reads the figures of each bench run from its output: the last line and
// the app CPU line of every instance; and it refuses settings the other commit's bench ignores.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { median, readBenchOutput, settingsUnknownTo } from '../../bench/compare.ts';

const ONE_INSTANCE = `bench: 1000 sessions, 5000 measured messages, 200 warm-up messages, 32 in flight, 1 app instance(s)
  app 1 (pid 14049): peak RSS 392.6 MB (sampled peak 392.4 MB; now 391.6 MB, V8 heap 191.7 of 225.2 MB, 83.0 MB live after a full GC, external 5.9 MB) · CPU in the measured phase 6.5 s = 1.30 ms per answered message, 1.28 cores busy
  load generator (this process): CPU in the measured phase 1.0 s = 0.20 cores busy
bench: msgs_per_s=985.11 p50_ms=30.49 p99_ms=61.45 rss_mb=392.6 ratio=0.11
`;

const TWO_INSTANCES = `  app 1 (pid 1): peak RSS 292.8 MB · CPU in the measured phase 6.3 s = 2.53 ms per answered message, 0.57 cores busy
  app 2 (pid 2): peak RSS 309.9 MB · CPU in the measured phase 6.6 s = 2.65 ms per answered message, 0.60 cores busy
  load generator (this process): CPU in the measured phase 1.8 s = 0.16 cores busy
order: conversations=1032 in_order=1032 lost=0 duplicated=0 out_of_order=0
bench: msgs_per_s=448.47 p50_ms=67.09 p99_ms=182.01 rss_mb=309.9 ratio=0.05
`;

describe('bench comparison', () => {
  it('reads the rate, p99, RSS, ratio and app CPU of a run, not the load generator’s CPU', () => {
    expect(readBenchOutput(ONE_INSTANCE)).toEqual({ msgsPerS: 985.11, p99Ms: 61.45, rssMb: 392.6, ratio: 0.11, cpuMsPerMessage: 1.3 });
  });

  it('averages the app CPU over the instances', () => {
    expect(readBenchOutput(TWO_INSTANCES)?.cpuMsPerMessage).toBeCloseTo(2.59, 5);
  });

  it('gives nothing for a run that did not finish, and no CPU when an older bench did not print it', () => {
    expect(readBenchOutput('bench: 1000 sessions …\nError: the app did not start')).toBeUndefined();
    expect(readBenchOutput('bench: msgs_per_s=500 p50_ms=40 p99_ms=90 rss_mb=300 ratio=0.1')?.cpuMsPerMessage).toBeUndefined();
  });

  it('takes the median of the pairs', () => {
    expect(median([1.2, 0.9, 1.0])).toBe(1.0);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe('settings the other side does not read', () => {
  it('names the BENCH_* settings set here that an older bench never reads, and no others', () => {
    const root = mkdtempSync(join(tmpdir(), 'bench-compare-'));
    try {
      mkdirSync(join(root, 'bench'));
      writeFileSync(join(root, 'bench/pipeline.ts'), "const sessions = intEnv('BENCH_SESSIONS', 1_000, 1, 100_000);\nconst dir = process.env.BENCH_CPU_PROFILE_DIR;\n");
      const env = { BENCH_SESSIONS: '200', BENCH_CPU_PROFILE_DIR: '/tmp/p', BENCH_CPU_PROFILE: '/tmp/q', BENCH_LOAD: 'questions', BENCH_TRACE: '', PATH: '/usr/bin' };
      expect(settingsUnknownTo(root, env)).toEqual(['BENCH_CPU_PROFILE', 'BENCH_LOAD']);
      const thisTree = fileURLToPath(new URL('../..', import.meta.url));
      expect(settingsUnknownTo(thisTree, { BENCH_SESSIONS: '200', BENCH_CPU_PROFILE: '/tmp/q', BENCH_LOAD: 'questions', BENCH_DATABASE: 'postgres' })).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
