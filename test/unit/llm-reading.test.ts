// What of the model's reading LLM mode acts on (src/llm/reading-gate.ts): the customer's own words,
// as the embedded NLU reads them, decide every change of course and every fact; the model's intent
// counts only where the embedded one is unsure, and nothing is ever made milder.

import { describe, expect, it } from 'vitest';
import type { Entities, Intent, NluResult } from '../../src/domain/types.ts';
import { weighReading } from '../../src/llm/reading-gate.ts';
import type { Understanding } from '../../src/llm/understanding.ts';

const embedded = (intent: Intent, confidence: number, more: Partial<Omit<NluResult, 'entities'>> & { entities?: Entities } = {}): NluResult => ({
  language: 'en',
  intent,
  confidence,
  emotion: 'calm',
  entities: {},
  ...more,
});
const model = (intent: Intent, more: Partial<Understanding> = {}): Understanding => ({
  intent,
  emotion: 'calm',
  category: null,
  want: null,
  safety: false,
  orderNumber: null,
  proposedReply: '',
  ...more,
});
const weigh = (e: NluResult, m: Understanding, complaintOpen = false) => weighReading(e, m, { complaintOpen });

describe('the model’s reading against the customer’s words', () => {
  it('never reads a person, a callback, an opt-out, a complaint, a yes or a no into words that do not say so, however unsure the embedded reading', () => {
    for (const intent of ['request_human', 'request_callback', 'opt_out', 'complaint', 'affirm', 'deny'] as const) {
      const weighed = weigh(embedded('greet', 0.3), model(intent));
      expect(weighed.nlu.intent, intent).toBe('greet');
      expect(weighed.adopted).toBe(false);
      expect(weighed.overruled[0]).toMatchObject({ field: 'intent', model: intent, embedded: 'greet' });
    }
  });

  it('never reads a complaint as agreement or small talk, nor reads away a request the customer made', () => {
    const complaint = embedded('complaint', 0.93, { emotion: 'annoyed', entities: { orderNumbers: ['12345678'], category: 'product_quality' } });
    for (const intent of ['affirm', 'other', 'greet', 'thanks'] as const) {
      const weighed = weigh(complaint, model(intent, { category: 'billing' }));
      expect(weighed.nlu).toEqual(complaint);
      expect(weighed.overruled[0]?.reason).toBe('a complaint is never read as something milder');
    }
    expect(weigh(embedded('request_human', 0.5), model('inquiry')).nlu.intent).toBe('request_human');
    expect(weigh(embedded('affirm', 0.55), model('deny')).nlu.intent).toBe('affirm');
  });

  it('never lowers the feeling or clears a safety report; harm or a wronged customer only the model reads is a concern, not a handoff', () => {
    const hurt = weigh(embedded('complaint', 0.9, { emotion: 'victimized', entities: { safety: true } }), model('complaint', { emotion: 'calm', safety: false }));
    expect(hurt.nlu.emotion).toBe('victimized');
    expect(hurt.nlu.entities.safety).toBe(true);
    expect(hurt.overruled.map((o) => o.field)).toEqual(['emotion', 'safety']);

    const calm = embedded('complaint', 0.9);
    expect(weigh(calm, model('complaint', { emotion: 'victimized' }))).toMatchObject({ nlu: { emotion: 'calm' }, concern: 'victimized' });
    const safety = weigh(calm, model('complaint', { safety: true, emotion: 'victimized' }));
    expect(safety.nlu.entities.safety).toBeUndefined();
    expect(safety.concern).toBe('safety');
    expect(weigh(calm, model('complaint', { emotion: 'angry' })).nlu.emotion).toBe('calm');
  });

  it('takes the model’s small-talk or question reading where the embedded one is unsure, outside a complaint', () => {
    const unsure = embedded('thanks', 0.575);
    const weighed = weigh(unsure, model('goodbye'));
    expect(weighed).toMatchObject({ adopted: true, overruled: [], nlu: { intent: 'goodbye', confidence: 0.7 } });
    // Inside a complaint the flow reads the answer to its question; the model's intent is not taken.
    expect(weigh(embedded('other', 0), model('inquiry'), true).nlu.intent).toBe('other');
  });

  it('keeps a sure embedded reading, and the embedded facts whatever the model reads', () => {
    const sure = embedded('inquiry', 0.97, { entities: { category: 'delivery' } });
    expect(weigh(sure, model('greet'))).toMatchObject({ adopted: false, nlu: sure });
    // Agreeing on the intent lets no other wish, category or order number in.
    const facts = weigh(sure, model('inquiry', { category: 'billing', want: 'refund', orderNumber: '13812345678' }));
    expect(facts.nlu).toEqual(sure);
    expect(weigh(embedded('other', 0.2), model('thanks', { want: 'compensation' })).nlu.entities).toEqual({});
  });
});
