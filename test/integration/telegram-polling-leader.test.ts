// Long polling on one instance at a time: `npm start` (src/main.ts) in a child process and an app
// instance in this one share a Redis, a database and the Telegram emulator, each reaching the
// emulator through a proxy of its own, so the test sees which instance polls (getUpdates) and
// which answers. The first to start polls and answers; the other stands by. Killed with SIGKILL —
// no shutdown, its lease left to run out — the leader is replaced within seconds, and the next
// message is answered by the instance that took over.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { freePort } from '../../src/redis/embedded-redis.ts';
import { openSqlDatabase } from '../../src/store/database.ts';
import { BotApiProxy } from '../support/bot-api-proxy.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { freshDatabaseUrl, startTestApp, type TestApp } from '../support/test-app.ts';

/** Short, so the takeover after the kill is quick: the lease runs out, the other instance's next try (every third of it) wins. */
const LEASE_MS = 1_500;

describe('Telegram long polling with two instances', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  const prefix = `test:${randomUUID()}:`;
  let emulator: TelegramServer;
  let leaderProxy: BotApiProxy;
  let standbyProxy: BotApiProxy;
  let child: ChildProcess | undefined;
  let childOutput = '';
  let childExited: Promise<unknown> = Promise.resolve();
  let standby: TestApp | undefined;
  /** The in-process instance's log lines. */
  const standbyLog: string[] = [];

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    leaderProxy = await BotApiProxy.start(emulator.config.apiURL);
    standbyProxy = await BotApiProxy.start(emulator.config.apiURL);
    // The schema is in place before both instances open the database.
    const databaseUrl = await freshDatabaseUrl('sqlite');
    await (await openSqlDatabase(databaseUrl)).sql.close();
    const shared = { DATABASE_URL: databaseUrl, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: prefix, TELEGRAM_POLLING_LEASE_MS: String(LEASE_MS) };

    // The first instance: the real `npm start`, so it can be killed outright.
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        ...telegramEnv(emulator, token),
        ...shared,
        TELEGRAM_API_ROOT: leaderProxy.url,
        PORT: String(await freePort()),
        HOST: '127.0.0.1',
        DATA_DIR: TEST_CACHE_DIR,
        LOG_LEVEL: 'info',
        JOBS_IN_PROCESS: 'false',
        STAFF_HOURS: '00:00-24:00',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    childExited = new Promise((resolve) => child!.once('exit', resolve));
    child.stdout!.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    await vi.waitUntil(
      () => {
        if (child!.exitCode !== null) throw new Error(`the child instance exited: ${childOutput.slice(-2000)}`);
        return /now receives updates by long polling/.test(childOutput);
      },
      { timeout: 60_000, interval: 100 },
    );

    // The second instance, here: same Redis, database and bot.
    standby = await startTestApp({
      databaseUrl,
      redisPrefix: prefix,
      env: { ...telegramEnv(emulator, token), TELEGRAM_API_ROOT: standbyProxy.url, TELEGRAM_POLLING_LEASE_MS: String(LEASE_MS) },
      logger: pino({ level: 'info' }, { write: (line: string) => void standbyLog.push(line) }),
    });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await childExited;
    await standby?.close();
    await leaderProxy?.close();
    await standbyProxy?.close();
    await emulator?.stop();
  });

  const logged = (pattern: RegExp) => standbyLog.some((line) => pattern.test(line));

  it('polls from one instance only, and from the other once the first is killed', async () => {
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 620_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Lan', language_code: 'en' });

    // The second instance found the lead taken and stands by; the first polls and answers.
    await expect.poll(() => logged(/another instance leads/)).toBe(true);
    await user.deliver(user.text('hello'));
    await expect.poll(() => leaderProxy.sentTo(user.chatId).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(leaderProxy.count('getUpdates')).toBeGreaterThan(0);
    expect(standbyProxy.count('getUpdates')).toBe(0);
    expect(standbyProxy.sentTo(user.chatId)).toEqual([]);

    // SIGKILL: no shutdown, the lease is not handed back.
    child!.kill('SIGKILL');
    await childExited;
    const answeredBefore = leaderProxy.sentTo(user.chatId).length;
    await user.deliver(user.text('where is my order'));

    await expect.poll(() => standbyProxy.count('getUpdates'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(logged(/this instance now receives updates by long polling/)).toBe(true);
    await expect.poll(() => standbyProxy.sentTo(user.chatId).length, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(leaderProxy.sentTo(user.chatId)).toHaveLength(answeredBefore);
  });
});
