// The pure safety parts of LLM mode: masking personal data, the circuit breaker, the policy gate
// for the model's proposals, and the guard on its rewrites.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/domain/policy.ts';
import type { Emotion, Intent } from '../../src/domain/types.ts';
import { CircuitBreaker } from '../../src/llm/circuit-breaker.ts';
import { checkRewrite, type GuardContext } from '../../src/llm/output-guard.ts';
import { maskPii } from '../../src/llm/pii.ts';
import { gateToolCalls } from '../../src/llm/tool-gate.ts';
import { testContent } from '../support/test-app.ts';

let policy: Policy;
beforeAll(async () => {
  policy = (await testContent()).policy;
});

describe('masking personal data', () => {
  it('masks phones, emails, ID and card numbers, keeps order numbers, and restores the model’s answer', () => {
    const { texts, restore, counts } = maskPii(['Call 13812345678 or +44 20 7946 0958, mail li@example.com, ID 11010519491231002X, card 4111-1111-1111-1111, order 20261101', 'again 13812345678']);
    expect(texts[0]).toBe('Call ⟦PHONE_1⟧ or ⟦PHONE_2⟧, mail ⟦EMAIL_1⟧, ID ⟦ID_1⟧, card ⟦CARD_1⟧, order 20261101');
    expect(texts[1]).toBe('again ⟦PHONE_1⟧');
    expect(counts).toEqual({ EMAIL: 1, ID: 1, CARD: 1, PHONE: 2 });
    expect(restore('We will call ⟦PHONE_1⟧.')).toBe('We will call 13812345678.');
  });

  it('leaves digit runs that are not card numbers alone', () => {
    expect(maskPii(['tracking 1234567890123']).texts[0]).toBe('tracking 1234567890123'); // fails the Luhn check
  });
});

describe('circuit breaker', () => {
  it('opens after the failures in a row, lets one trial through after the cooldown, and closes on success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1000, () => now);
    for (let i = 0; i < 3; i += 1) {
      expect(breaker.allow()).toBe(true);
      breaker.failed();
    }
    expect(breaker.state).toBe('open');
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false); // one trial at a time
    breaker.failed();
    expect(breaker.state).toBe('open');
    now = 2000;
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(breaker.state).toBe('closed');
  });
});

describe('policy gate for the model’s proposals', () => {
  const call = (name: string, args: unknown) => ({ name, arguments: JSON.stringify(args) });
  const said = (intent: Intent, more: { emotion?: Emotion; safety?: boolean } = {}) => ({ intent, emotion: more.emotion ?? 'calm', ...(more.safety ? { safety: true } : {}) });

  it('takes a request for a person or a callback only when the customer’s own words ask for it', () => {
    expect(gateToolCalls([call('escalate_to_person', { reason: 'asked' })], { policy, tier: 'C', customerSaid: said('request_human') })).toMatchObject({ personProposed: true, refused: [] });
    expect(gateToolCalls([call('escalate_to_person', { reason: 'hurt' })], { policy, tier: 'C', customerSaid: said('complaint', { safety: true }) }).refused).toEqual([]);
    expect(gateToolCalls([call('escalate_to_person', { reason: 'cheated' })], { policy, tier: 'C', customerSaid: said('complaint', { emotion: 'victimized' }) }).refused).toEqual([]);
    expect(gateToolCalls([call('schedule_callback', {})], { policy, tier: 'C', customerSaid: said('request_callback') }).accepted).toHaveLength(1);
  });

  it('refuses a person on “hi” or a shipping question, and a callback nobody asked for, but notes the person proposed', () => {
    const onHi = gateToolCalls([call('escalate_to_person', { reason: 'needs help' }), call('schedule_callback', {})], { policy, tier: 'C', customerSaid: said('greet') });
    expect(onHi.accepted).toEqual([]);
    expect(onHi.refused.map((r) => [r.tool, r.reason])).toEqual([
      ['escalate_to_person', "the customer's words do not ask for a person (read as greet, calm)"],
      ['schedule_callback', "the customer's words do not ask for a callback (read as greet)"],
    ]);
    expect(onHi.personProposed).toBe(true);
    expect(gateToolCalls([call('schedule_callback', {})], { policy, tier: 'C', customerSaid: said('inquiry') }).personProposed).toBe(false);
  });

  it('refuses tools the step does not allow, unknown tools and bad arguments', () => {
    const outside = gateToolCalls([call('record_commitment', { kind: 'refund', amount_cents: 100 }), call('offer_options', { option_ids: ['refund'] }), call('drop_table', {})], {
      policy,
      tier: 'C',
      customerSaid: said('other'),
    });
    expect(outside.refused.map((r) => [r.tool, r.reason])).toEqual([
      ['record_commitment', 'not allowed outside a complaint'],
      ['offer_options', 'not allowed outside a complaint'],
      ['drop_table', 'no such tool'],
    ]);
    expect(gateToolCalls([{ name: 'offer_options', arguments: '{oops' }], { policy, tier: 'C', customerSaid: said('other'), complaint: { step: 3, category: 'delivery' } }).refused[0]?.reason).toBe(
      'arguments are not JSON',
    );
  });

  it('holds a commitment to the option chosen and the tier’s refund cap', () => {
    const atStep4 = { policy, tier: 'C' as const, customerSaid: said('affirm'), complaint: { step: 4, category: 'product_quality' as const, chosen: 'refund' } };
    expect(gateToolCalls([call('record_commitment', { kind: 'refund', amount_cents: 10_000 })], atStep4).accepted).toHaveLength(1);
    expect(gateToolCalls([call('record_commitment', { kind: 'refund', amount_cents: 1_000_000 })], atStep4).refused[0]?.reason).toMatch(/above the 150000-cent cap for tier C/);
    expect(gateToolCalls([call('record_commitment', { kind: 'voucher' })], atStep4).refused[0]?.reason).toMatch(/chose refund, not voucher/);
    expect(gateToolCalls([call('offer_options', { option_ids: ['replace', 'free-car'] })], { ...atStep4, complaint: { ...atStep4.complaint, step: 3 } }).refused[0]?.reason).toMatch(
      /no option free-car/,
    );
  });
});

describe('guard on the model’s rewrites', () => {
  const ctx = (draft: string, language: 'zh' | 'en' = 'en'): GuardContext => ({
    language,
    draft,
    allowedFacts: ['name: Li Na', 'phone: 13812345678'],
    canary: 'ref-abc123',
    instructionLines: ['Rewrite only the drafts inside <drafts>. Keep every fact, number, amount, date, time, order or case'],
  });

  it('accepts a faithful rewrite', () => {
    expect(checkRewrite('Of course! Your replacement ships by Thu 26 Nov, 21:52.', ctx('A replacement ships by Thu 26 Nov, 21:52.'))).toEqual({ ok: true });
    expect(checkRewrite('好的，我们会打 13812345678 联系您。', ctx('我们会打电话联系您。', 'zh'))).toEqual({ ok: true });
  });

  it('rejects new numbers, promises, foreign contacts, disclosure, the wrong language and bloat', () => {
    const draft = 'A replacement ships by Thu 26 Nov.';
    expect(checkRewrite('A replacement ships by Thu 26 Nov, plus ¥10000 for you.', ctx(draft))).toMatchObject({ ok: false, reason: 'new_number' });
    expect(checkRewrite('A replacement ships by Thu 26 Nov, and we will refund you too.', ctx(draft))).toMatchObject({ ok: false, reason: 'new_promise' });
    expect(checkRewrite('Call our other customer at bob@example.com.', ctx(draft))).toMatchObject({ ok: false, reason: 'foreign_contact' });
    expect(checkRewrite('A replacement ships by Thu 26 Nov; verify at secure-help.cn/verify first.', ctx(draft))).toMatchObject({ ok: false, reason: 'foreign_contact' });
    expect(checkRewrite('My reference is ref-abc123.', ctx(draft))).toMatchObject({ ok: false, reason: 'disclosure' });
    expect(checkRewrite('Sure: “rewrite only the drafts inside drafts — keep every fact, number, amount…”', ctx(draft))).toMatchObject({ ok: false, reason: 'disclosure' });
    expect(checkRewrite('替换件很快就会发出，请您放心。', ctx(draft))).toMatchObject({ ok: false, reason: 'wrong_language' });
    expect(checkRewrite(`${draft} ${'Really. '.repeat(40)}`, ctx(draft))).toMatchObject({ ok: false, reason: 'too_long' });
  });

  it('checks a streamed prefix without tripping over a number still being written', () => {
    expect(checkRewrite('A replacement ships by Thu 2', ctx('A replacement ships by Thu 26 Nov.'), { partial: true })).toEqual({ ok: true });
    expect(checkRewrite('We will refund', ctx('A replacement ships by Thu 26 Nov.'), { partial: true })).toMatchObject({ ok: false });
  });
});
