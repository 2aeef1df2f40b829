// `npm start` starts the app the way the benchmark measures it (its environment and node flags),
// and this node accepts the flags (node refuses to start on a V8 flag it does not know).

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_NODE_FLAGS, APP_PROCESS_ENV } from '../../src/app-node-flags.ts';

describe('how npm start runs the app', () => {
  const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';

  it('sets the environment and passes the node flags the benchmark uses', () => {
    const command = /^((?:[A-Z_]+=\S+ )*)node ((?:--[\w-]+=\S+ )*)dist\/src\/main\.js$/.exec(start);
    expect(command, start).not.toBeNull();
    const [, assignments = '', flags = ''] = command!;
    expect(
      Object.fromEntries(
        assignments
          .trim()
          .split(' ')
          .filter(Boolean)
          .map((a) => a.split('=')),
      ),
    ).toEqual(APP_PROCESS_ENV);
    expect(flags.trim().split(' ')).toEqual([...APP_NODE_FLAGS]);
  });

  it('uses flags this node accepts', () => {
    const run = spawnSync(process.execPath, [...APP_NODE_FLAGS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8', env: { ...process.env, ...APP_PROCESS_ENV } });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: 'ok', stderr: '' });
  });
});
