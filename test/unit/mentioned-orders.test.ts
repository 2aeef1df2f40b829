import { describe, expect, it } from 'vitest';
import { mentionedOrderNumbers, notOnFile } from '../../src/domain/mentioned-orders.ts';

describe('order numbers mentioned in cases', () => {
  it('lists each number once, with the newest case that mentions it', () => {
    const mentioned = mentionedOrderNumbers([
      { caseId: 'new', facts: { orderNumber: 'JD2026001', product: 'kettle' } },
      { caseId: 'old', facts: { orderNumber: 'jd2026001' } },
      { caseId: 'older', facts: { orderNumber: 'TB778899', order: { number: 'tb778899', amountCents: 100 } } },
      { caseId: 'matched', facts: { order: { number: 'PDD1' } } },
    ]);
    expect(mentioned).toEqual([
      { number: 'JD2026001', caseId: 'new' },
      { number: 'TB778899', caseId: 'older' },
      { number: 'PDD1', caseId: 'matched' },
    ]);
  });

  it('ignores facts that are no order number', () => {
    expect(
      mentionedOrderNumbers([
        { caseId: 'c', facts: { orderNumber: 42, order: 'JD1' } },
        { caseId: 'd', facts: { orderNumber: '   ' } },
        { caseId: 'e', facts: { orderNumber: 'X'.repeat(65) } },
      ]),
    ).toEqual([]);
  });

  it('keeps only the numbers not on file, in any letter case', () => {
    const mentioned = [
      { number: 'JD2026001', caseId: 'a' },
      { number: 'TB778899', caseId: 'b' },
    ];
    expect(notOnFile(mentioned, ['jd2026001'])).toEqual([{ number: 'TB778899', caseId: 'b' }]);
    expect(notOnFile(mentioned, [])).toEqual(mentioned);
  });
});
