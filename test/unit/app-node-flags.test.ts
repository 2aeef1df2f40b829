// `npm start` starts the app with the node flags the benchmark measures, and this node accepts them
// (node refuses to start on a V8 flag it does not know).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_NODE_FLAGS } from '../../src/app-node-flags.ts';

describe('app node flags', () => {
  it('are the ones the npm start script passes to node', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const node = /node ((?:--[\w-]+=\S+ )*)dist\/src\/main\.js/.exec(scripts.start ?? '');
    expect(node?.[1]?.trim().split(' ')).toEqual([...APP_NODE_FLAGS]);
  });

  it('are accepted by this node', () => {
    const run = spawnSync(process.execPath, [...APP_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'ok', stderr: '' });
  });
});
