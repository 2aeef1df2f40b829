// A turn works on a copy of the stored flow state: the copy is the one structuredClone makes, and
// changing it leaves the turn's input untouched.

import { describe, expect, it } from 'vitest';
import { copyFlowState, parseFlowState, type FlowState } from '../../src/domain/flow/state.ts';

const stored = JSON.stringify({
  language: 'zh',
  turns: 3,
  lastChoices: ['退款', '换货'],
  answered: ['refund-time'],
  complaint: {
    caseId: 'c1',
    step: 3,
    category: 'billing',
    emotion: 'angry',
    facts: { orderNumber: 'SO20250000002', product: '搅拌机', amount: '59.9 CNY' },
    offered: ['refund-difference', 'investigate'],
    offeredDue: { 'refund-difference': '2026-12-09T13:45:00.000Z' },
  },
  escalation: { reason: 'angry', priority: 70 },
  holding: { notes: 1, overdueTold: false },
});

describe('a copy of the flow state', () => {
  it('equals the state, key for key and in the same order', () => {
    const state = parseFlowState(stored);
    const copy = copyFlowState(state);
    expect(copy).toStrictEqual(structuredClone(state));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(state));
  });

  it('shares nothing with the state it was made from', () => {
    const state = parseFlowState(stored);
    const copy = copyFlowState(state);
    copy.lastChoices.push('维修');
    copy.complaint!.facts.product = '电饭锅';
    copy.complaint!.offeredDue.investigate = 'later';
    copy.holding.notes = 2;
    expect(state).toStrictEqual(parseFlowState(stored));
  });

  it('keeps what plain JSON cannot hold as structuredClone does: undefined values, dates and shared parts', () => {
    const shared = ['a'];
    const odd = { ...parseFlowState(stored), lastActivityAt: undefined, kbChoices: shared, answered: shared, when: new Date(0) } as unknown as FlowState;
    const copy = copyFlowState(odd) as FlowState & { when: Date };
    expect(copy).toStrictEqual(structuredClone(odd));
    expect('lastActivityAt' in copy).toBe(true);
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.kbChoices).toBe(copy.answered);
  });
});
