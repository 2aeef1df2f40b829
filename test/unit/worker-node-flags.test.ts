// `npm run worker` starts workers with the same node flags the tests and the benchmark give theirs.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WORKER_NODE_FLAGS } from '../../src/jobs/worker-node-flags.ts';

describe('worker node flags', () => {
  it('are the ones the npm worker script passes to node', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const node = /node ((?:--[\w-]+=\S+ )*)dist\/src\/jobs\/worker-main\.js/.exec(scripts.worker ?? '');
    expect(node?.[1]?.trim().split(' ')).toEqual([...WORKER_NODE_FLAGS]);
  });
});
