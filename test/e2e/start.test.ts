// `npm start`'s service as a user runs it: two instances side by side, each with its own port,
// SQLite file and embedded redis-server, both healthy, both chatting, both stopping cleanly.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/redis/embedded-redis.ts';
import { WebchatCustomer, said } from '../support/webchat-client.ts';

interface Running {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

const started: Running[] = [];

async function startService(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'care-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'care.db')}`, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' };
  delete env.REDIS_URL;
  const child = spawn('node_modules/.bin/tsx', ['src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const running = { child, baseUrl: `http://127.0.0.1:${port}`, exited, output: () => output };
  started.push(running);
  return running;
}

async function healthy(service: Running): Promise<boolean> {
  return fetch(`${service.baseUrl}/healthz`).then((r) => r.status === 200, () => false);
}

afterAll(() => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
});

describe('starting the service', () => {
  it('runs two instances side by side on their own port, database and Redis, and stops them cleanly', async () => {
    const [one, two] = await Promise.all([startService(), startService()]);
    for (const service of [one!, two!]) {
      await expect.poll(() => healthy(service), { timeout: 45_000, interval: 250 }).toBe(true);
    }
    for (const service of [one!, two!]) {
      const page = await fetch(`${service.baseUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const customer = await new WebchatCustomer(service.baseUrl).start();
      expect(said(await customer.send('你好'))).toMatch(/您好/);
    }
    expect(one!.output()).toMatch(/started a local redis-server/);
    for (const service of [one!, two!]) service.child.kill('SIGTERM');
    expect(await one!.exited).toBe(0);
    expect(await two!.exited).toBe(0);
  });
});
