// The console's pending approval requests, pure: a live `approval` event applied to the list (a
// new request joins it longest-waiting first, a decided one leaves it, once only), and whether the
// due time asked for has passed.

import { describe, expect, it } from 'vitest';
import { applyApprovalEvent, duePassed, type Approval } from '../../src/console/public/state/approval-list.js';

const approval = (id: string, createdAt: string, status = 'pending'): Approval => ({
  id,
  caseId: `case-${id}`,
  conversationId: `conv-${id}`,
  customerName: 'Lena',
  kind: 'refund',
  description: 'Refund',
  dueAt: '2030-01-01T10:00:00.000Z',
  amountCents: 50_000,
  currency: 'CNY',
  capCents: 20_000,
  status,
  requestedBy: { id: 'agent', name: 'Mei' },
  decidedBy: null,
  decisionNote: null,
  createdAt,
});

describe('pending approvals following the live events', () => {
  const older = approval('a', '2030-01-01T08:00:00.000Z');
  const newer = approval('b', '2030-01-01T09:00:00.000Z');

  it('adds a new request in waiting order, and only once', () => {
    const list = applyApprovalEvent([newer], { type: 'requested', approval: older });
    expect(list.map((a) => a.id)).toEqual(['a', 'b']);
    expect(applyApprovalEvent(list, { type: 'requested', approval: older }).map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('drops a decided request (approved or refused, by anyone)', () => {
    expect(applyApprovalEvent([older, newer], { type: 'approved', approval: { ...older, status: 'approved' } }).map((a) => a.id)).toEqual(['b']);
    expect(applyApprovalEvent([older, newer], { type: 'refused', approval: { ...newer, status: 'refused' } }).map((a) => a.id)).toEqual(['a']);
    expect(applyApprovalEvent([], { type: 'refused', approval: newer })).toEqual([]);
  });
});

describe('the due time asked for', () => {
  it('has passed once now is after it', () => {
    expect(duePassed({ dueAt: '2030-01-01T10:00:00.000Z' }, new Date('2030-01-01T10:00:01Z'))).toBe(true);
    expect(duePassed({ dueAt: '2030-01-01T10:00:00.000Z' }, new Date('2030-01-01T09:59:59Z'))).toBe(false);
  });
});
