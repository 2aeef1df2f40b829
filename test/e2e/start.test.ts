// `npm start`'s service as a user runs it (the compiled build): two instances side by side, each with its own port,
// SQLite file and embedded redis-server, both healthy, both chatting, both stopping cleanly.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/redis/embedded-redis.ts';
import { startRedis } from '../support/redis-server.ts';
import { WebchatCustomer, said } from '../support/webchat-client.ts';

interface Running {
  child: ChildProcess;
  baseUrl: string;
  exited: Promise<number | null>;
  output: () => string;
}

const started: Running[] = [];

async function startService(dir = mkdtempSync(join(tmpdir(), 'care-start-')), port?: number): Promise<Running & { dir: string; port: number }> {
  port ??= await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `file:${join(dir, 'care.db')}`, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' };
  delete env.REDIS_URL;
  // What `npm start` runs (the build in dist/, made by the pretest setup), without npm around it so a
  // kill reaches the service itself.
  const start = nodeCommand('start');
  const child = spawn(process.execPath, start.args, { env: { ...env, ...start.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const running = { child, baseUrl: `http://127.0.0.1:${port}`, exited, output: () => output, dir, port };
  started.push(running);
  return running;
}

const npmScripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

/** The node arguments and environment of an npm script's last command (`… && [NAME=value …] node [flags] dist/….js`). */
function nodeCommand(name: string): { args: string[]; env: Record<string, string> } {
  const command = npmScripts[name] ?? '';
  const parts = /(?:^|&& )((?:[A-Z_]+=\S+ )*)node ((?:--[\w-]+=\S+ )*dist\/\S+\.js)$/.exec(command);
  const args = parts?.[2]?.split(' ');
  const script = args?.at(-1);
  if (!parts || !args || !script || !existsSync(script)) throw new Error(`npm run ${name} runs "${command}", which this test cannot run (build with npm run build)`);
  const env = Object.fromEntries(
    (parts[1] ?? '')
      .trim()
      .split(' ')
      .filter(Boolean)
      .map((assignment) => assignment.split('=') as [string, string]),
  );
  return { args, env };
}

async function healthy(service: Running): Promise<boolean> {
  return fetch(`${service.baseUrl}/healthz`).then(
    (r) => r.status === 200,
    () => false,
  );
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

describe('a crash mid-conversation', () => {
  it('loses no message: after kill -9 and a restart the conversation goes on at the same step', async () => {
    const first = await startService();
    await expect.poll(() => healthy(first), { timeout: 45_000, interval: 250 }).toBe(true);
    const customer = await new WebchatCustomer(first.baseUrl).start({ locale: 'en' });
    await customer.send('My kettle from order 12345678 leaks, very disappointing');
    await customer.send('Mingyue Smart Kettle K2');
    const restated = await customer.send('A replacement');
    expect(restated.conversation.step).toBe(2);
    const before = await customer.history();
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startService(first.dir, first.port);
    await expect.poll(() => healthy(second), { timeout: 45_000, interval: 250 }).toBe(true);
    const after = await customer.history();
    expect(after.messages).toEqual(before.messages);
    const options = await customer.send("Yes, that's right");
    expect(options.status).toBe(200);
    expect(options.conversation.step).toBe(3);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});

/** The embedded redis-server of a service started in `dir` on `port`, if it still runs (its pid file stays while it does). */
function embeddedRedisAlive(dir: string, port: number): boolean {
  const pidFile = join(dir, 'data', `redis-${port}`, 'redis.pid');
  if (!existsSync(pidFile)) return false;
  try {
    return readFileSync(`/proc/${readFileSync(pidFile, 'utf8').trim()}/cmdline`, 'utf8').startsWith('redis-server');
  } catch {
    return false; // the process is gone
  }
}

describe('a start that fails', () => {
  it('exits with a message and leaves no redis-server behind when the port is taken', async () => {
    const squatter = createServer();
    const port = await new Promise<number>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as { port: number }).port)));
    try {
      const service = await startService(undefined, port);
      expect(await service.exited).toBe(1);
      expect(service.output()).toMatch(/could not start/);
      expect(service.output()).toMatch(/started a local redis-server/);
      expect(embeddedRedisAlive(service.dir, port)).toBe(false);
    } finally {
      squatter.close();
    }
  });
});

describe('npm run worker', () => {
  it('starts the compiled worker on a shared Redis and SQLite file, and stops it cleanly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'care-worker-'));
    const redis = await startRedis();
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: redis.url, DATABASE_URL: `file:${join(dir, 'care.db')}`, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' };
      const worker = nodeCommand('worker');
      const child = spawn(process.execPath, worker.args, { env: { ...env, ...worker.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      started.push({ child, baseUrl: '', exited, output: () => output });
      await expect.poll(() => output, { timeout: 45_000, interval: 250 }).toMatch(/follow-up worker ready/);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await redis.stop();
    }
  });
});
