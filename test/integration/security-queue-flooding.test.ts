// Flooding the staff queue (issue 12, finding 9): starting web chat sessions without end, asking
// for a person, leaving the queue and asking again, and sending messages that show nothing. Each
// must stop short of new queue entries and staff alerts, with an answer the customer can read.

import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramEmulator, telegramEnv, TelegramUser } from '../support/telegram-emulator.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';

const DAY_MS = 24 * 60 * 60_000;
const SECRET = 'flood_webhook-secret';

let t: TestApp;
let emulator: TelegramServer;
const botToken = `${Math.floor(Math.random() * 1e9)}:${randomUUID()}`;
/** The service's clock runs with real time, shifted by whole days when a test says so. */
let daysAhead = 0;

beforeAll(async () => {
  emulator = await startTelegramEmulator();
  t = await startTestApp({
    clock: () => new Date(Date.now() + daysAhead * DAY_MS),
    env: { WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '3', ESCALATIONS_PER_SESSION_PER_DAY: '2', ...telegramEnv(emulator, botToken, SECRET) },
  });
});
afterAll(async () => {
  await t?.close();
  await emulator?.stop();
});

/** POST /api/webchat/sessions from `from` (a loopback address standing for one client network). */
function startSession(from: string): Promise<{ status: number; body: { sessionId?: string; token?: string; customerId?: string; error?: { code: string; message: string } } }> {
  const url = new URL('/api/webchat/sessions', t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as never }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ locale: 'en' }));
  });
}

/** A web chat customer on a session made from `from`, so the session limit of 127.0.0.1 is not spent. */
async function customerFrom(from: string): Promise<WebchatCustomer> {
  const started = await startSession(from);
  if (started.status !== 201) throw new Error(`session: ${started.status} ${JSON.stringify(started.body)}`);
  return Object.assign(new WebchatCustomer(t.baseUrl), started.body);
}

let nextNetwork = 10;
const freshNetwork = () => `127.0.0.${nextNetwork++}`;

async function escalationsOf(customer: WebchatCustomer): Promise<number> {
  const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
  return t.app.database.db.auditLog.count({ where: { action: 'conversation.escalated', entityId: conversation.id } });
}

describe('new web chat sessions per client network (WEBCHAT_SESSIONS_PER_IP_PER_HOUR)', () => {
  it('refuses the session past the hourly limit with 429 and a readable message; other networks go on', async () => {
    const network = freshNetwork();
    for (let i = 0; i < 3; i += 1) expect((await startSession(network)).status).toBe(201);
    const refused = await startSession(network);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/too many new chat sessions from your network \(at most 3 an hour\); please try again in \d+ min/) });
    expect((await startSession(freshNetwork())).status).toBe(201);
  });
});

describe('joining the staff queue (ESCALATIONS_PER_SESSION_PER_DAY)', () => {
  it('past the daily limit, asking for a person again makes no queue entry; the customer is told staff have it', async () => {
    const customer = await customerFrom(freshNetwork());
    for (let i = 0; i < 2; i += 1) {
      expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
      expect((await customer.send("never mind, I don't need a person")).conversation.status).toBe('bot');
    }
    const third = await customer.send('I want to talk to a person');
    expect(third.status).toBe(200);
    expect(third.conversation.status).toBe('bot');
    expect(said(third)).toMatch(/already been passed to our colleagues today/);
    expect(await escalationsOf(customer)).toBe(2);
    // Any way of asking: the button too.
    const pressed = await customer.send('Talk to a person');
    expect(pressed.conversation.status).toBe('bot');
    expect(await escalationsOf(customer)).toBe(2);

    // The next day the conversation may join the queue again.
    daysAhead += 1;
    try {
      expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
      expect(await escalationsOf(customer)).toBe(3);
    } finally {
      daysAhead -= 1;
    }
  });

  it('says it in Chinese to a Chinese customer', async () => {
    const customer = await customerFrom(freshNetwork());
    for (let i = 0; i < 2; i += 1) {
      expect((await customer.send('我要转人工')).conversation.status).toBe('queued');
      expect((await customer.send('算了，不用人工了')).conversation.status).toBe('bot');
    }
    const third = await customer.send('我要转人工');
    expect(third.conversation.status).toBe('bot');
    expect(said(third)).toMatch(/今天已经转交给我们的同事/);
  });
});

describe('messages that show nothing', () => {
  const INVISIBLE = ['\u200B', '\u200B\u200C\u200D\u2060\uFEFF', ' \u3164 ', '\uFE0F\uFE0F', '\u202E\u2066\u2069', '\u00A0\u3000\u2800', '\u{E0020}\u{E007F}'];

  it('the web chat answers 400 empty_text and stores nothing', async () => {
    const customer = await customerFrom(freshNetwork());
    const before = await t.app.database.db.message.count();
    for (const text of INVISIBLE) {
      const sent = await customer.send(text);
      expect(sent.status, JSON.stringify(text)).toBe(400);
      expect(sent.body).toEqual({ error: { code: 'empty_text', message: 'text must contain at least one visible character' } });
    }
    expect(await t.app.database.db.message.count()).toBe(before);
    // What they join stays as written: emoji sequences and a word with a stray zero-width space.
    const emoji = await customer.send('👨‍👩‍👧 ❤️');
    expect(emoji.status).toBe(200);
    const sentText = (await customer.history()).messages.find((m) => m.author === 'customer')?.text;
    expect(sentText).toBe('👨‍👩‍👧 ❤️');
  });

  it('on Telegram they are no turn: nothing stored, no reply, and never a handoff for "misunderstanding"', async () => {
    const user = new TelegramUser(
      emulator,
      botToken,
      { mode: 'webhook', url: `${t.baseUrl}/api/telegram/webhook`, secret: SECRET },
      { id: 880_000 + Math.floor(Math.random() * 100_000), first_name: 'Eve', language_code: 'en' },
    );
    for (const text of [...INVISIBLE, ...INVISIBLE]) await user.deliver(user.text(text));
    const hello = user.text('hello');
    await user.deliver(hello);
    // Updates of one chat are handled in order: once "hello" is answered, the invisible ones were handled.
    await expect.poll(() => user.botMessages().length, { timeout: 15_000 }).toBeGreaterThan(0);
    const identity = await t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'telegram', externalId: String(user.user.id) } });
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { identityId: identity.id } });
    expect(conversation.status).toBe('bot');
    const customerMessages = await t.app.database.db.message.findMany({ where: { conversationId: conversation.id, author: 'customer' } });
    expect(customerMessages.map((m) => m.text)).toEqual(['hello']);
  });
});
