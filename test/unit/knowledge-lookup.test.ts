// The knowledge base's scores, with the real entries: how sure it may be of an entry decides
// whether the bot answers (inquiry.ts), offers choices or says it cannot help.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { ANSWER_THRESHOLD } from '../../src/domain/flow/inquiry.ts';
import { testContent } from '../support/test-app.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const best = async (text: string, language: 'en' | 'zh') => (await content.knowledge.lookup(text, language))[0];

describe('knowledge lookup', () => {
  it('is never sure of an entry for an English message most of whose words no entry uses', async () => {
    for (const text of ['do you sell garden furniture and sofas?', 'do you sell camping tents and sleeping bags', 'can I apply for a graduate job in your design studio?']) {
      expect((await best(text, 'en'))?.score ?? 0, text).toBeLessThan(ANSWER_THRESHOLD);
    }
  });

  it('is sure of the entry a question in the shop’s own words asks about, in both languages', async () => {
    for (const [text, language, id] of [
      ['how much is shipping for a small order?', 'en', 'shipping-fee'],
      ['can I pay in monthly instalments with my credit card?', 'en', 'installment-payment'],
      ['退款一般多久能到账', 'zh', 'refund-time'],
      ['发票怎么开', 'zh', 'invoice'],
    ] as const) {
      const match = await best(text, language);
      expect(match?.entry.id, text).toBe(id);
      expect(match?.score, text).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    }
  });
});
