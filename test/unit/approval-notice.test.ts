// What the customer is told about a refund or voucher waiting for a supervisor: that it waits (no
// promise of the outcome), what was agreed and when, or that it could not be approved — in their
// language, with amounts and due times written as the bot writes them.

import { beforeAll, describe, expect, it } from 'vitest';
import { loadPhrasebook } from '../../src/content/load-phrases.ts';
import { approvalNotice, type ApprovalTerms } from '../../src/domain/approval-notice.ts';
import { formatDateTime, formatMoney, type Phrasebook } from '../../src/domain/phrasebook.ts';

const refund: ApprovalTerms = { kind: 'refund', amountCents: 58_000, currency: 'CNY', dueAt: new Date('2030-01-10T10:00:00Z'), description: 'Refund of the kettle' };
const voucher: ApprovalTerms = { ...refund, kind: 'voucher', amountCents: 5_000 };

describe('approval notices', () => {
  let phrases: Phrasebook;
  beforeAll(async () => {
    phrases = await loadPhrasebook('prompts');
  });

  it('says the refund waits for a supervisor without promising it, in English and Chinese', () => {
    const en = approvalNotice(phrases, 'requested', refund, 'en', 'Asia/Shanghai');
    expect(en).toBe(`Your refund of ${formatMoney(58_000, 'CNY', 'en')} needs a supervisor's approval. We will tell you as soon as it is decided.`);
    expect(en).not.toMatch(/will be approved|will get/);
    expect(approvalNotice(phrases, 'requested', refund, 'zh', 'Asia/Shanghai')).toBe(`您的${formatMoney(58_000, 'CNY', 'zh')}退款需要主管审批。审批结果一出来，我们会第一时间告诉您。`);
    expect(approvalNotice(phrases, 'requested', voucher, 'en', 'Asia/Shanghai')).toMatch(/^The .*50\.00 voucher for you needs a supervisor's approval/);
  });

  it('tells what was agreed and when, in the customer’s time zone', () => {
    const due = formatDateTime(refund.dueAt, 'en', 'Europe/London');
    expect(approvalNotice(phrases, 'approved', refund, 'en', 'Europe/London')).toBe(
      `Good news: a supervisor has approved it. We have put this on record for you: a refund of ${formatMoney(58_000, 'CNY', 'en')}, due by ${due}.`,
    );
    expect(approvalNotice(phrases, 'approved', voucher, 'zh', 'Asia/Shanghai')).toBe(
      `好消息：主管已经批准。我们已为您登记：${formatMoney(5_000, 'CNY', 'zh')}补偿券，${formatDateTime(voucher.dueAt, 'zh', 'Asia/Shanghai')}前发放。`,
    );
  });

  it('says a refused one could not be approved and a person will talk about other options', () => {
    expect(approvalNotice(phrases, 'refused', refund, 'en', 'Asia/Shanghai')).toBe(
      `I'm sorry: your refund of ${formatMoney(58_000, 'CNY', 'en')} could not be approved. A colleague will talk with you about other options.`,
    );
    expect(approvalNotice(phrases, 'refused', voucher, 'zh', 'Asia/Shanghai')).toMatch(/补偿券未能获得批准。我们的同事会与您联系，一起商量其他解决办法。$/);
  });
});
