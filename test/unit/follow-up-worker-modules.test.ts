// What a follow-up worker process loads: the planner's festival calendars (date-holidays holds
// every country's rules, ~20 MB resident with its date libraries) only once it plans, so a process
// that only sends and relays (`JOB_PARTS=worker,relay`, the greetings benchmark's workers) never does.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `body` as an ES module in a node of its own (under tsx) and returns what it prints last, parsed. */
function inFreshProcess(body: string): unknown {
  const script = `
    import { createRequire } from 'node:module';
    // The calendars' CommonJS files (and moment-timezone, which date-holidays brings) in the require cache.
    const calendarsLoaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(date-holidays|date-holidays-parser|moment-timezone|lunar-javascript)\\//.test(p)).length;
    ${body}`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('the modules of a follow-up worker', () => {
  it('do not include the festival calendars until the planner first plans', () => {
    const loaded = inFreshProcess(`
      await import('./src/jobs/worker-process.ts');
      const before = calendarsLoaded();
      await import('./src/jobs/follow-up-planner.ts');
      console.log(JSON.stringify({ before, after: calendarsLoaded() }));`);
    expect(loaded).toEqual({ before: 0, after: expect.any(Number) });
    expect((loaded as { after: number }).after).toBeGreaterThan(0);
  });
});
