// An SLA breach in the Telegram staff chat (STAFF_TELEGRAM_CHAT_ID), through the telegram-test-api
// emulator: the pass that marks a breach posts one message there, in English as the other staff
// alerts are, and a later pass posts nothing more. Both where the pass can run: the app (through
// its Telegram channel) and `npm run worker` (no channel of its own).

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../src/jobs/worker-process.ts';
import type { SlaPass } from '../../src/sla/sla-monitor.ts';
import { startTelegramEmulator, telegramEnv } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const MINUTE = 60_000;
const SLA_BREACHED = /^SLA breached:/;
/** The passes are run by the test; no crisis passes either. */
const NO_PASSES = { SLA_CHECK_INTERVAL_MS: '0', CRISIS_DETECT_INTERVAL_MS: '0' };

interface Setup {
  emulator: TelegramServer;
  token: string;
  staffChat: number;
  t: TestApp;
  /** One SLA pass where the test put it (the app or the worker). */
  check: () => Promise<SlaPass | null>;
  setNow: (at: Date) => void;
}

function staffChatTexts(setup: Setup): string[] {
  return setup.emulator.storage.botMessages.filter((m) => m.botToken === setup.token && String(m.message.chat_id) === String(setup.staffChat)).map((m) => String(m.message.text));
}

/** A web chat customer (tier C) who asked for a person; its conversation id and when it was queued. */
async function queuedCustomer(setup: Setup, name: string): Promise<{ conversationId: string; queuedAt: Date }> {
  const customer = await new WebchatCustomer(setup.t.baseUrl).start({ name, locale: 'zh' });
  expect((await customer.send('我要转人工')).conversation.status).toBe('queued');
  const conversation = await setup.t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
  return { conversationId: conversation.id, queuedAt: conversation.queuedAt! };
}

async function postsOneBreachToTheStaffChat(setup: Setup): Promise<void> {
  const { conversationId, queuedAt } = await queuedCustomer(setup, `Slow Su ${randomUUID().slice(0, 6)}`);
  // config/sla.yaml: tier C, 30 staff minutes to the first reply (the test app's staff hours are all day).
  setup.setNow(new Date(queuedAt.getTime() + 29 * MINUTE));
  expect((await setup.check())?.breaches).toEqual([]);
  expect(staffChatTexts(setup).filter((text) => SLA_BREACHED.test(text))).toEqual([]);

  setup.setNow(new Date(queuedAt.getTime() + 31 * MINUTE));
  expect((await setup.check())?.breaches).toEqual([{ conversationId, kind: 'first_reply' }]);
  // The pass waits for the post (it settles once Telegram has it); the customer wrote in Chinese, the staff alert is in English.
  expect(staffChatTexts(setup).filter((text) => SLA_BREACHED.test(text))).toEqual([
    `SLA breached: the first reply target (30 staff minutes) has passed for a tier-C customer, conversation ${conversationId} (queued). A supervisor can act in the console.`,
  ]);

  setup.setNow(new Date(queuedAt.getTime() + 45 * MINUTE));
  expect((await setup.check())?.breaches).toEqual([]);
  expect(staffChatTexts(setup).filter((text) => SLA_BREACHED.test(text))).toHaveLength(1);
}

describe('an SLA breach in the Telegram staff chat, from the app', () => {
  const setup = { token: `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`, staffChat: -1_007_000_000 - Math.floor(Math.random() * 1_000_000) } as Setup;
  let now = new Date();

  beforeAll(async () => {
    setup.emulator = await startTelegramEmulator();
    setup.t = await startTestApp({
      clock: () => now,
      env: { ...telegramEnv(setup.emulator, setup.token), STAFF_TELEGRAM_CHAT_ID: String(setup.staffChat), ...NO_PASSES },
    });
    setup.check = () => setup.t.app.sla.monitor.check();
    setup.setNow = (at) => (now = at);
  });
  afterAll(async () => {
    await setup.t?.close();
    await setup.emulator?.stop();
  });

  it('posts the breach once, in English, and nothing on the next pass', async () => {
    await postsOneBreachToTheStaffChat(setup);
  });
});

describe('an SLA breach in the Telegram staff chat, from the worker process', () => {
  const setup = { token: `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`, staffChat: -1_006_000_000 - Math.floor(Math.random() * 1_000_000) } as Setup;
  let now = new Date();
  let worker: WorkerProcess;

  beforeAll(async () => {
    setup.emulator = await startTelegramEmulator();
    // The app has no Telegram channel and runs no pass; the worker does.
    setup.t = await startTestApp({ clock: () => now, env: NO_PASSES });
    const { config, redisUrl } = setup.t.app;
    worker = await startWorkerProcess(
      { ...config, REDIS_URL: redisUrl, TELEGRAM_BOT_TOKEN: setup.token, TELEGRAM_API_ROOT: setup.emulator.config.apiURL, STAFF_TELEGRAM_CHAT_ID: String(setup.staffChat) },
      { logger: pino({ level: 'silent' }), parts: { worker: false, relay: false, planner: true }, clock: () => now },
    );
    setup.check = () => worker.sla.monitor.check();
    setup.setNow = (at) => (now = at);
  });
  afterAll(async () => {
    await worker?.close();
    await setup.t?.close();
    await setup.emulator?.stop();
  });

  it('posts the breach once, in English, and nothing on the next pass', async () => {
    await postsOneBreachToTheStaffChat(setup);
  });
});
