// The rating asked after a chat (CSAT) through the real app, on SQLite and PostgreSQL: staff close a
// web chat they served, the follow-up job asks the customer with 1–5 buttons, the answers land in
// ChatRating with who served; a second close asks nothing; an opted-out customer is skipped; a
// chat the bot resolved alone is rated too (CSAT_AFTER_BOT); erasure clears the comment; the
// rating.answered webhook reaches a real receiver, verified; the metric counts it.

import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusText } from '../support/prometheus-text.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'csat-admin@care.test', password: 'csat admin password long' };
const ASKED = /How would you rate the help you got/;

describe.each<StoreKind>(['sqlite', 'postgres'])('chat ratings (CSAT) on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  let receiver: WebhookReceiver;
  let secret: string;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({
      store,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        JOBS_IN_PROCESS: 'true',
        FOLLOWUP_RELAY_INTERVAL_MS: '100',
        QUIET_HOURS: '0-0',
        GREETING_HOURS: '0-24',
        CSAT_AFTER_BOT: 'true',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        WEBHOOKS_RETRY_BASE_MS: '50',
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Rita');
    const endpoint = await admin.post<{ secret: string }>('/api/staff/webhooks', { url: receiver.url('/ratings'), events: ['rating.answered'] });
    expect(endpoint.status).toBe(201);
    secret = endpoint.body.secret;
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** A web chat customer who asked for a person, served by the agent, who then closes the chat. */
  async function servedAndClosed(name: string, locale: 'en' | 'zh' = 'en'): Promise<{ customer: WebchatCustomer; conversationId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale });
    expect((await customer.send(locale === 'zh' ? '我要转人工' : 'I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/messages`, { text: 'Happy to help, all sorted now.' })).status).toBe(201);
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);
    return { customer, conversationId: conversation.id };
  }

  /** The customer's latest message with buttons, once the follow-up job has sent the question. */
  async function ratingQuestion(customer: WebchatCustomer, pattern: RegExp): Promise<{ text: string; choices: string[] }> {
    return waitFor('the rating question', async () => {
      const message = (await customer.history()).messages.find((m) => pattern.test(m.text) && m.choices?.length);
      return message ? { text: message.text, choices: message.choices! } : undefined;
    });
  }

  it('asks a web chat customer to rate the chat staff closed, with buttons, and keeps the score, the masked comment and who served', async () => {
    const { customer, conversationId } = await servedAndClosed('Rating Rosa');
    const question = await ratingQuestion(customer, ASKED);
    expect(question.text).toContain('Rating Rosa');
    expect(question.choices).toEqual(['1 Very poor', '2 Poor', '3 OK', '4 Good', '5 Excellent']);

    const scored = await customer.send('4 Good');
    expect(scored.replies.at(-1)).toMatchObject({ text: expect.stringMatching(/anything you'd like to add/i), choices: ['No, thanks'] });
    const commented = await customer.send('Rita was great; my card 4111 1111 1111 1111 was charged correctly');
    expect(commented.replies.map((r) => r.text).join(' ')).toMatch(/thank you for your feedback/i);

    const { db } = t.app.database;
    const rating = await db.chatRating.findUniqueOrThrow({ where: { conversationId } });
    expect(rating).toMatchObject({ customerId: customer.customerId, channel: 'webchat', servedBy: 'staff', staffId: agent.staff!.id, status: 'answered', score: 4, language: 'en' });
    expect(rating.comment).toContain('Rita was great');
    expect(rating.comment).not.toContain('4111 1111 1111 1111');
    expect(rating.comment).toContain('1111');

    // The console's conversation detail shows it.
    const detail = await agent.get<{ rating?: Record<string, unknown> }>(`/api/staff/conversations/${conversationId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.rating).toEqual({ score: 4, comment: rating.comment, servedBy: 'staff', staffId: agent.staff!.id, answeredAt: rating.answeredAt!.toISOString() });

    // The webhook: ids and small facts, signed, no comment text.
    const [delivery] = await receiver.waitFor('/ratings');
    const payload = new Webhook(secret).verify(delivery!.body, delivery!.headers) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      type: 'rating.answered',
      data: { ratingId: rating.id, conversationId, customerId: customer.customerId, channel: 'webchat', score: 4, servedBy: 'staff', staffId: agent.staff!.id },
    });
    expect(delivery!.body).not.toContain('Rita was great');

    const metrics = new PrometheusText(await (await fetch(`${t.baseUrl}/metrics`)).text());
    expect(metrics.value('care_csat_ratings_total', { served_by: 'staff', score: '4' })).toBe(1);
    expect(metrics.value('care_csat_ratings_total', { served_by: 'bot', score: '4' })).toBe(0);

    // Erasure clears the comment; the score stays for the figures.
    const erased = await admin.post<{ counts: Record<string, number> }>(`/api/staff/customers/${customer.customerId}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body.counts.chatRatings).toBe(1);
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId } })).toMatchObject({ comment: null, score: 4, status: 'answered' });
  });

  it('never asks twice for one conversation: a second close is refused and plans nothing', async () => {
    const { customer, conversationId } = await servedAndClosed('Once Olga', 'zh');
    const question = await ratingQuestion(customer, /为这次服务打个分/);
    expect(question.choices).toEqual(['1 很不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意']);
    expect((await agent.post(`/api/staff/conversations/${conversationId}/close`)).status).toBe(409);
    expect((await admin.post(`/api/staff/conversations/${conversationId}/close`)).status).toBe(409);
    const { db } = t.app.database;
    expect(await db.chatRating.count({ where: { conversationId } })).toBe(1);
    expect(await db.followUp.count({ where: { customerId: customer.customerId, kind: 'rating' } })).toBe(1);
    // A Chinese numeral is a score; "不用了，谢谢" declines the comment.
    await customer.send('三');
    await customer.send('不用了，谢谢');
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId } })).toMatchObject({ score: 3, comment: null, status: 'answered', language: 'zh' });
    const asks = (await customer.history()).messages.filter((m) => /为这次服务打个分/.test(m.text));
    expect(asks).toHaveLength(1);
  });

  it('skips a customer who opted out of messages', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Quiet Quinn', locale: 'en' });
    await customer.send('Please stop sending me messages, unsubscribe me');
    const { db } = t.app.database;
    expect(await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).toMatchObject({ optOutGreetings: true });
    expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
    expect((await agent.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({ status: 'skipped', servedBy: 'staff', score: null });
    expect(await db.followUp.count({ where: { customerId: customer.customerId, kind: 'rating' } })).toBe(0);
  });

  it('asks after a chat the bot resolved alone (CSAT_AFTER_BOT), served by the bot', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Botty Ben', locale: 'en' });
    const answer = await customer.send('How long does delivery take?');
    expect(answer.replies.length).toBeGreaterThan(0);
    await customer.send('Thanks, bye!');
    const question = await ratingQuestion(customer, /how would you rate this chat/i);
    expect(question.choices).toHaveLength(5);
    await customer.send('5');
    await customer.send('No, thanks');
    const { db } = t.app.database;
    const conversation = await db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(await db.chatRating.findUniqueOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({ servedBy: 'bot', staffId: null, status: 'answered', score: 5, comment: null });
    const deliveries = await receiver.waitFor('/ratings', 3);
    const data = deliveries.map((d) => (JSON.parse(d.body) as { data: { conversationId: string; servedBy: string; staffId?: string } }).data);
    const botRating = data.find((d) => d.conversationId === conversation.id);
    expect(botRating).toMatchObject({ servedBy: 'bot', score: 5 });
    expect(botRating).not.toHaveProperty('staffId');
    // Thanking again asks nothing more.
    await customer.send('thank you');
    expect(await db.chatRating.count({ where: { customerId: customer.customerId } })).toBe(1);
  });
});
