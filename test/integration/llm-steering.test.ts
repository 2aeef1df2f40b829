// LLM mode against a model that tries to steer the conversation (issue 11 §8, from an outside
// review with a compromised model): a hand-over proposed on "hi" or a shipping question, a
// callback proposed on every turn, a "yes" read into a complaint, a safety report read away. The
// customer's own words decide; what only the model proposed is refused on record, and a person is
// offered with a button instead of imposed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Phrasebook } from '../../src/domain/phrasebook.ts';
import { draftsOf, FakeLlm, type ChatRequest, type Scripted } from '../support/fake-llm.ts';
import { startTestApp, testContent, type TestApp } from '../support/test-app.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';

const reading = (overrides: Record<string, unknown>) =>
  JSON.stringify({ intent: 'other', emotion: 'calm', category: null, want: null, safety: false, orderNumber: null, proposedReply: 'ok', ...overrides });

/** A model that reads as told, proposes the given tools every turn and keeps the drafts. */
function steering(understood: Record<string, unknown>, tools: string[] = []) {
  return (request: ChatRequest, purpose: 'understand' | 'reply'): Scripted =>
    purpose === 'understand'
      ? { content: reading(understood), toolCalls: tools.map((name) => ({ name, arguments: name === 'escalate_to_person' ? '{"reason":"the customer needs a person"}' : '{}' })) }
      : { content: draftsOf(request).join('\n---\n') };
}

describe('LLM mode against a model that steers', () => {
  const llm = new FakeLlm();
  let t: TestApp;
  let personLabel: Record<'zh' | 'en', string>;
  let phrases: Phrasebook;

  beforeAll(async () => {
    await llm.start();
    phrases = (await testContent()).phrases;
    personLabel = { zh: phrases.say('choice.person', 'zh'), en: phrases.say('choice.person', 'en') };
    t = await startTestApp({ env: { LLM_MODEL: 'steering-model', LLM_BASE_URL: llm.url, LLM_TURN_BUDGET_MS: '5000', LLM_BREAKER_FAILURES: '1000' } });
  });
  afterAll(async () => {
    await t?.close();
    await llm.close();
  });

  const conversationOf = (customer: WebchatCustomer) => t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
  const audits = async (customer: WebchatCustomer, action: string) =>
    (await t.app.database.db.auditLog.findMany({ where: { entityId: (await conversationOf(customer)).id, action } })).map((a) => JSON.parse(a.details) as Record<string, unknown>);

  it('keeps “hi” and “发货要几天？” with the bot when the model hands over, offers a person once, and hands over when the customer takes it', async () => {
    llm.script = steering({ intent: 'request_human' }, ['escalate_to_person']);
    const en = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const hi = await en.send('hi');
    expect(hi.conversation.status).toBe('bot');
    expect(hi.replies.at(-1)?.choices).toContain(personLabel.en);
    expect(said(hi)).toMatch(/one of our team/);
    expect((await audits(en, 'llm.tool_refused')).map((r) => r.tool)).toEqual(['escalate_to_person']);
    expect((await audits(en, 'llm.reading_overruled'))[0]).toMatchObject({ field: 'intent', model: 'request_human', embedded: 'greet' });
    // Offered once: the next turn the model tries again, and the bot simply answers.
    const again = await en.send('How long does delivery take?');
    expect(again.conversation.status).toBe('bot');
    expect(again.replies.flatMap((r) => r.choices ?? [])).not.toContain(personLabel.en);
    expect(said(again)).not.toMatch(/one of our team/);
    // The customer's own choice hands over.
    const pressed = await en.send(personLabel.en);
    expect(pressed.conversation.status).toBe('queued');
    expect((await conversationOf(en)).queueReason).toBe('asked_for_person');

    const zh = await new WebchatCustomer(t.baseUrl).start({ locale: 'zh' });
    const shipping = await zh.send('发货要几天？');
    expect(shipping.conversation.status).toBe('bot');
    expect(said(shipping)).toMatch(/同事/);
    expect(shipping.replies.at(-1)?.choices).toContain(personLabel.zh);
  });

  it('never asks for a phone number because the model proposes a callback every turn', async () => {
    llm.script = steering({ intent: 'request_callback' }, ['schedule_callback']);
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    for (const text of ['How long does delivery take?', 'Do you ship to Hong Kong?', 'thanks']) {
      const answer = await customer.send(text);
      expect(said(answer)).not.toMatch(/phone number/i);
    }
    expect(await audits(customer, 'llm.tool_refused')).toHaveLength(3);
    expect(await t.app.database.db.followUp.count({ where: { customerId: customer.customerId } })).toBe(0);
  });

  it('opens the complaint of a customer who quotes an order, whatever agreement the model reads into it', async () => {
    llm.script = steering({ intent: 'affirm', emotion: 'calm' });
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const answer = await customer.send('my order 12345678 arrived broken and nobody answers');
    expect(answer.conversation.step).toBe(1);
    expect(said(answer)).not.toMatch(/anything else I can help/i);
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(kase.emotion).toBe('annoyed');
    expect(JSON.parse(kase.facts)).toMatchObject({ orderNumber: '12345678' });
  });

  it('hands a harmed customer to a person at once, though the model reads no harm and no feeling', async () => {
    llm.script = steering({ intent: 'inquiry', emotion: 'calm', safety: false });
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'zh' });
    const answer = await customer.send('充电器着火了，把我的手烫伤了');
    expect(answer.conversation.status).toBe('queued');
    expect((await conversationOf(customer)).queueReason).toBe('safety');
    expect((await audits(customer, 'llm.reading_overruled')).map((o) => o.field)).toContain('safety');
  });

  it('takes the model’s reading of small talk where the embedded one is unsure, but opens no complaint on it', async () => {
    llm.script = steering({ intent: 'goodbye' });
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const bye = await customer.send("ok thanks, i'll wait"); // the embedded NLU: thanks, unsure
    expect(said(bye)).toBe(phrases.say('smalltalk.goodbye', 'en'));

    llm.script = steering({ intent: 'complaint', emotion: 'annoyed', category: 'product_quality', want: 'refund' });
    const advice = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    const answer = await advice.send('i need a laptop for uni, around 6000 yuan, which one should i get?');
    expect(answer.conversation.step).toBeUndefined();
    expect(await t.app.database.db.case.count({ where: { customerId: advice.customerId } })).toBe(0);
  });
});
