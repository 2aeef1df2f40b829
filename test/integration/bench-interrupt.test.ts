// `npm run bench` on a throwaway PostgreSQL, interrupted while the cluster is still starting
// (initdb and pg_ctl run synchronously, so the signal is heard only once they are done): the
// cluster must be stopped and its folder removed, as after a finished run.

import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { binDir } from '../support/postgres-server.ts';

const CLUSTER_PREFIX = 'care-pg-';

describe('bench interrupted while its PostgreSQL starts', () => {
  // The bench's own temp folder: its cluster is the only one that can appear in it.
  const temp = mkdtempSync(join(tmpdir(), 'bench-interrupt-'));
  chmodSync(temp, 0o755); // the server runs as the postgres user
  afterAll(() => {
    // Only when the test failed: a server left running would outlive the folder.
    for (const folder of clusterFolders(temp)) stopCluster(join(temp, folder, 'data'));
    rmSync(temp, { recursive: true, force: true });
  });

  it('stops the cluster and removes its folder', async () => {
    const bench = spawn(process.execPath, ['--import', 'tsx', 'bench/pipeline.ts'], {
      env: { ...process.env, BENCH_DATABASE: 'postgres', TMPDIR: temp },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    bench.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    bench.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => bench.once('exit', (code) => resolve(code)));

    await expect.poll(() => clusterFolders(temp).length, { timeout: 20_000, interval: 20 }).toBe(1);
    bench.kill('SIGTERM');
    expect(await exited, output).toBe(130);
    expect(output).toContain('bench: SIGTERM, stopping');

    expect(clusterFolders(temp), output).toEqual([]);
    // No server left behind, however far it had got: `postgres -D <temp>/care-pg-…/data`.
    const servers = await processesMentioning(temp);
    expect(servers, output).toEqual([]);
  });
});

function stopCluster(data: string): void {
  const command = `'${join(binDir(), 'pg_ctl')}' -D '${data}' -m immediate stop`;
  try {
    if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', command], { stdio: 'pipe' });
    else execFileSync('sh', ['-c', command], { stdio: 'pipe' });
  } catch {
    // not running
  }
}

function clusterFolders(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(CLUSTER_PREFIX));
}

/** Command lines of running processes that name `path`, after a moment for a stopping server to go. */
async function processesMentioning(path: string): Promise<string[]> {
  await sleep(500);
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (command.includes(path)) found.push(command);
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}
