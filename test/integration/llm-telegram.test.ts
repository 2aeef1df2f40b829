// LLM mode on Telegram: a long reply is streamed as one message, sent with the first words and
// edited in place into the final reply (through the telegram-test-api emulator).

import { randomUUID } from 'node:crypto';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotApiRecorder } from '../support/bot-api-recorder.ts';
import { draftsOf, FakeLlm } from '../support/fake-llm.ts';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('LLM mode on Telegram', () => {
  const token = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
  const llm = new FakeLlm();
  let emulator: TelegramServer;
  let recorder: BotApiRecorder;
  let t: TestApp;

  beforeAll(async () => {
    await llm.start();
    emulator = await startTelegramEmulator();
    recorder = await BotApiRecorder.start(emulator.config.apiURL);
    t = await startTestApp({ env: { ...telegramEnv(emulator, token), TELEGRAM_API_ROOT: recorder.url, LLM_MODEL: 'test-model', LLM_BASE_URL: llm.url, LLM_TURN_BUDGET_MS: '5000' } });
  });
  afterAll(async () => {
    await t?.close();
    await recorder?.close();
    await emulator?.stop();
    await llm.close();
  });

  it('edits one message in place into the final reply instead of sending the reply twice', async () => {
    llm.script = (request, purpose) =>
      purpose === 'understand'
        ? { content: JSON.stringify({ intent: 'inquiry', emotion: 'calm', category: null, want: null, safety: false, orderNumber: null, proposedReply: '' }) }
        : {
            content: draftsOf(request)
              .map((d) => `Of course! ${d}`)
              .join('\n---\n'),
          };
    const user = new TelegramUser(emulator, token, { mode: 'polling' }, { id: 600_000 + Math.floor(Math.random() * 90_000), first_name: 'Ann', language_code: 'en' });
    await user.deliver(user.text('How long does delivery take?'));
    await expect.poll(() => user.botMessages().some((m) => m.text.startsWith('Of course!') && m.text.length > 120), { timeout: 15_000 }).toBe(true);
    expect(llm.requests.some((r) => r.stream)).toBe(true);
    const stored = await t.app.database.db.message.findFirstOrThrow({ where: { author: 'bot', text: { startsWith: 'Of course!' }, conversation: { identity: { externalId: String(user.chatId) } } } });
    await expect
      .poll(
        () =>
          user
            .botMessages()
            .filter((m) => m.text.startsWith('Of course!'))
            .map((m) => m.text),
        { timeout: 5_000 },
      )
      .toEqual([stored.text]);
    // Sent once with the first words, then edited into the final reply.
    const sent = recorder.calls.filter((c) => c.method === 'sendMessage' && stored.text.startsWith(String(c.body.text)));
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body.text as string).length).toBeLessThan(stored.text.length);
    const edits = recorder.calls.filter((c) => c.method === 'editMessageText');
    expect(edits.at(-1)?.body.text).toBe(stored.text);
  });
});
