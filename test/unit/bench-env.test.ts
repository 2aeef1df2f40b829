// The benchmark's BENCH_* knobs: a bad value stops the run with a message naming the variable.

import { afterEach, describe, expect, it } from 'vitest';
import { BenchEnvError, nodeFlagsEnv } from '../../bench/bench-env.ts';

describe('BENCH_NODE_FLAGS', () => {
  const NAME = 'BENCH_NODE_FLAGS_UNDER_TEST';
  afterEach(() => {
    delete process.env[NAME];
  });

  it('gives the fallback when unset, no flags when empty, and the flags given otherwise', () => {
    expect(nodeFlagsEnv(NAME, ['--a=1'])).toEqual(['--a=1']);
    process.env[NAME] = '';
    expect(nodeFlagsEnv(NAME, ['--a=1'])).toEqual([]);
    process.env[NAME] = ' --max-semi-space-size=4  --optimize-for-size ';
    expect(nodeFlagsEnv(NAME, ['--a=1'])).toEqual(['--max-semi-space-size=4', '--optimize-for-size']);
  });

  it('refuses anything that is not a node flag, naming the variable', () => {
    process.env[NAME] = '--ok=1 rm';
    expect(() => nodeFlagsEnv(NAME, [])).toThrow(BenchEnvError);
    expect(() => nodeFlagsEnv(NAME, [])).toThrow(/BENCH_NODE_FLAGS_UNDER_TEST must be node flags .* \(got "rm"\)/);
  });
});
