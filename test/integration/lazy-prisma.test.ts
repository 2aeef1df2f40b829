// The per-message path is plain SQL, so an instance that only chats never loads Prisma's query
// compiler (a WebAssembly module, ~30 MB resident); the first query that needs Prisma loads it.
// Prisma compiles it once per process, and this test process has run other files: the service
// runs in a fresh process of its own (test/support/prisma-watch-app.ts) that counts the compiles.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freshDatabaseUrl, type StoreKind } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

interface WatchedApp {
  baseUrl: string;
  /** Sends a line to the process and resolves with the line it answers. */
  ask(line: string): Promise<string>;
  stop(): Promise<void>;
}

async function startWatchedApp(databaseUrl: string): Promise<WatchedApp> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/support/prisma-watch-app.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: inject('redisUrl'), REDIS_PREFIX: `test:${randomUUID()}:` },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error(`the watched app ended: ${errors.trim().slice(-2000)}`);
    return line.value;
  };
  const ready = await next();
  const match = /^ready (\S+)$/.exec(ready);
  if (!match) throw new Error(`the watched app said ${ready}: ${errors.trim().slice(-2000)}`);
  return {
    baseUrl: match[1]!,
    ask(line) {
      child.stdin!.write(`${line}\n`);
      return next();
    },
    async stop() {
      child.stdin!.end();
      await exited;
    },
  };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('Prisma on %s', (store) => {
  let app: WatchedApp;
  beforeAll(async () => {
    app = await startWatchedApp(await freshDatabaseUrl(store));
  });
  afterAll(async () => app?.stop());

  it('is not loaded by starting and chatting, and loads on the first query that needs it', async () => {
    const customer = await new WebchatCustomer(app.baseUrl).start({ locale: 'en' });
    for (const text of ['hello', 'my kettle stopped working, order A12345', 'what are your opening hours?']) expect((await customer.send(text)).status).toBe(200);
    expect(await customer.history()).toHaveProperty('messages');
    expect(await app.ask('compiles')).toBe('0');

    expect(await app.ask(`customers ${customer.customerId}`)).toBe('1');
    expect(await app.ask('compiles')).toBe('1');
  });
});
