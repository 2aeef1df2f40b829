// The contact log of a chat the bot resolved alone and then asked to rate (CSAT_AFTER_BOT), through
// the real app on SQLite and PostgreSQL: the rating is asked in the same conversation, and its
// answer writes a contact row of its own instead of overwriting the conversation's "inquiry …
// answered" entry.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

describe.each<StoreKind>(['sqlite', 'postgres'])('the contact log around a chat rating on %s', (store) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      store,
      env: { JOBS_IN_PROCESS: 'true', FOLLOWUP_RELAY_INTERVAL_MS: '100', QUIET_HOURS: '0-0', GREETING_HOURS: '0-24', CSAT_AFTER_BOT: 'true' },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['en', 'Contact Cora', 'How long does delivery take?', 'Thanks, bye!', /how would you rate this chat/i, '4 Good', 'No, thanks'],
    ['zh', '联系人小周', '发货要多久', '谢谢，再见', /为这次对话打个分/, '五', '不用了'],
  ] as const)('keeps the inquiry the bot answered after the customer rates the chat (%s)', async (locale, name, question, thanks, asked, score, noComment) => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale });
    await customer.send(question);
    await customer.send(thanks);
    await waitFor('the rating question', async () => (await customer.history()).messages.find((m) => asked.test(m.text) && m.choices?.length));
    await customer.send(score);
    await customer.send(noComment);

    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({ status: 'answered', servedBy: 'bot' });
    const contacts = await db.contact.findMany({ where: { conversationId: conversation.id }, orderBy: { createdAt: 'asc' } });
    expect(contacts.find((c) => c.kind === 'inquiry')).toMatchObject({ outcome: 'answered' });
    expect(contacts.find((c) => c.kind === 'rating' && c.outcome === 'answered')?.summary).toMatch(/^chat rating: [45]\/5, no comment$/);
  });
});
