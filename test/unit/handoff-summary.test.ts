// The handoff summary the bot writes for staff: short prose in both languages with who, what
// happened, how they feel, the facts collected, what was offered and what was turned down.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { writeHandoffSummary } from '../../src/domain/flow/handoff-summary.ts';
import type { ComplaintState } from '../../src/domain/flow/state.ts';
import type { EscalationReason } from '../../src/domain/flow/effects.ts';
import { testContent } from '../support/test-app.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const complaint: ComplaintState = {
  caseId: 'case-1',
  step: 4,
  category: 'product_quality',
  emotion: 'annoyed',
  facts: { orderNumber: '12345678', product: 'Mingyue Smart Kettle K2', problem: 'leaks water', want: 'replacement' },
  askedTimes: 0,
  confirming: false,
  correcting: false,
  offered: ['replace', 'repair'],
  offeredLabels: ['A new replacement shipped by Thu 26 Nov, 10:00', 'Free repair, done by Sat 28 Nov, 10:00'],
  chosen: 'replace',
  evidence: [],
  declined: [],
  declinedLabels: [],
  offeredDue: {},
  productIsBrand: false,
};

describe('handoff summary', () => {
  it('says who asked for a person, how they sound and their last words, in English and Chinese', () => {
    const story = { reason: 'asked_for_person' as const, customer: { name: 'Alice', tier: 'C' as const }, emotion: 'calm' as const, lastMessage: 'I want to talk to a person' };
    expect(writeHandoffSummary(content.phrases, 'en', story)).toBe('Alice (tier C) asked to talk to a person. They sound calm. Last message: “I want to talk to a person”');
    expect(writeHandoffSummary(content.phrases, 'zh', story)).toBe('Alice（C级客户）要求转人工。情绪平静。最后一条消息：“I want to talk to a person”');
  });

  it('tells the complaint: topic, step, facts collected, what was offered and what was turned down', () => {
    const en = writeHandoffSummary(content.phrases, 'en', { reason: 'no_agreement', customer: { name: null, tier: 'B' }, emotion: 'annoyed', complaint, lastMessage: 'No' });
    expect(en).toBe(
      'A tier-B customer who gave no name did not accept what the bot offered. They sound annoyed. Complaint about product quality, at step 4 of 5. ' +
        'Facts collected: order: 12345678; product: Mingyue Smart Kettle K2; problem: leaks water; wants: a replacement. ' +
        'The bot offered “A new replacement shipped by Thu 26 Nov, 10:00”; “Free repair, done by Sat 28 Nov, 10:00”. ' +
        'They turned down “A new replacement shipped by Thu 26 Nov, 10:00”. Last message: “No”',
    );
    const zh = writeHandoffSummary(content.phrases, 'zh', { reason: 'no_agreement', customer: { name: null, tier: 'B' }, emotion: 'annoyed', complaint, lastMessage: '不行' });
    expect(zh).toContain('一位未留姓名的B级客户没有接受机器人提供的方案。');
    expect(zh).toContain('投诉类别：产品质量，进行到第4步（共5步）。');
    expect(zh).toContain('诉求：换货');
    expect(zh).toContain('客户拒绝了“A new replacement shipped by Thu 26 Nov, 10:00”。');
  });

  it('counts every option as turned down when none fitted, and says when nothing is known yet', () => {
    const atOptions: ComplaintState = { ...complaint, step: 3, chosen: undefined, facts: { orderNumber: 'unknown' } };
    const en = writeHandoffSummary(content.phrases, 'en', { reason: 'no_agreement', customer: { name: 'Bo', tier: 'A' }, emotion: 'angry', complaint: atOptions, lastMessage: 'none of these' });
    expect(en).toContain('They sound angry.');
    expect(en).toContain('Facts collected: order: not known.');
    expect(en).toContain('They turned down “A new replacement shipped by Thu 26 Nov, 10:00”; “Free repair, done by Sat 28 Nov, 10:00”.');
    const fresh: ComplaintState = { ...complaint, step: 1, facts: {}, offered: [], offeredLabels: [], chosen: undefined };
    const safety = writeHandoffSummary(content.phrases, 'en', { reason: 'safety', customer: { name: 'Bo', tier: 'A' }, emotion: 'victimized', complaint: fresh, lastMessage: 'it caught fire' });
    expect(safety).toBe('Bo (tier A) reported a safety issue. They feel wronged. Complaint about product quality, at step 1 of 5. No facts collected yet. Last message: “it caught fire”');
  });

  it('has a sentence for every reason, and a general one for a reason it does not know', () => {
    const reasons: EscalationReason[] = ['safety', 'victimized', 'angry', 'asked_for_person', 'no_agreement', 'repeated_misunderstanding', 'internal_error', 'a_tier_green_channel'];
    for (const reason of reasons) {
      for (const language of ['zh', 'en'] as const) expect(content.phrases.has(`handoff.summary.reason.${reason}`, language), `${reason} ${language}`).toBe(true);
    }
    const unknown = writeHandoffSummary(content.phrases, 'en', { reason: 'something_new' as EscalationReason, customer: { name: 'Cy', tier: 'C' }, lastMessage: 'hi' });
    expect(unknown).toBe('Cy (tier C) needs a person. Last message: “hi”');
  });

  it('does not quote the last message again when the facts already tell it', () => {
    const story = {
      reason: 'safety' as const,
      customer: { name: 'Bo', tier: 'C' as const },
      emotion: 'victimized' as const,
      complaint: { ...complaint, facts: { problem: 'the kettle handle burned my hand' } },
      lastMessage: 'the kettle handle burned my hand',
    };
    const en = writeHandoffSummary(content.phrases, 'en', story);
    expect(en.match(/burned my hand/g)).toHaveLength(1);
    expect(en).not.toContain('Last message');
  });

  it('keeps a long last message short', () => {
    const long = 'a'.repeat(500);
    const text = writeHandoffSummary(content.phrases, 'en', { reason: 'asked_for_person', customer: { name: 'Di', tier: 'C' }, lastMessage: long });
    expect(text.length).toBeLessThan(300);
    expect(text).toContain('…”');
  });
});
