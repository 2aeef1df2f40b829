// With the follow-up jobs outside the app (`npm run worker`), complaint bursts are detected in the
// worker, which has no Telegram channel of its own: it still tells the staff's Telegram chat.
// Through the telegram-test-api emulator.

import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerProcess, type WorkerProcess } from '../../src/jobs/worker-process.ts';
import { startTelegramEmulator } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';

const STAFF_CHAT = -1_008_000_000 - Math.floor(Math.random() * 1_000_000);
const token = `${Math.floor(Math.random() * 1e9)}:crisis-worker-test`;

describe('a complaint burst detected in the worker process', () => {
  let emulator: TelegramServer;
  let t: TestApp;
  let worker: WorkerProcess;

  beforeAll(async () => {
    emulator = await startTelegramEmulator();
    // The app detects nothing itself here; the worker does.
    t = await startTestApp({ env: { CRISIS_DETECT_INTERVAL_MS: '0' } });
    worker = await startWorkerProcess(
      { ...t.app.config, REDIS_URL: t.app.redisUrl, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: emulator.config.apiURL, STAFF_TELEGRAM_CHAT_ID: String(STAFF_CHAT) },
      { logger: pino({ level: 'silent' }), parts: { worker: false, relay: false, planner: true } },
    );
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await emulator?.stop();
  });

  /** Six billing complaints in the last minutes, with no billing complaints before them. */
  async function burstOfBillingComplaints(): Promise<void> {
    const { db } = t.app.database;
    for (let i = 0; i < 6; i += 1) {
      const [customerId, identityId, conversationId] = [randomUUID(), randomUUID(), randomUUID()];
      const at = new Date(Date.now() - (i + 1) * 60_000);
      await db.customer.create({ data: { id: customerId, name: `Billed ${i}` } });
      await db.channelIdentity.create({ data: { id: identityId, channel: 'webchat', externalId: randomUUID(), customerId } });
      await db.conversation.create({ data: { id: conversationId, customerId, identityId, channel: 'webchat', createdAt: at } });
      await db.case.create({ data: { id: randomUUID(), customerId, conversationId, category: 'billing', emotion: 'annoyed', createdAt: at } });
    }
  }

  it('tells the staff chat from the worker', async () => {
    await burstOfBillingComplaints();
    const signals = await worker.crisis.detector.detect();
    expect(signals?.map((s) => [s.dimension, s.key])).toContainEqual(['category', 'billing']);
    const alert = await waitFor('the crisis alert in the staff chat', async () =>
      emulator.storage.botMessages.find((m) => m.botToken === token && String(m.message.chat_id) === String(STAFF_CHAT) && String(m.message.text).includes('billing')),
    );
    expect(String(alert.message.text)).toMatch(/A burst of complaints about "category: billing": 6 in the last hour/);
  });
});
