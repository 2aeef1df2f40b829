// Which webhook events a committed turn announces, read from its effects alone.

import { describe, expect, it } from 'vitest';
import type { CommittedTurn } from '../../src/conversation/committed-turn.ts';
import type { ConversationRecord } from '../../src/conversation/ports.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import type { ConversationStatus } from '../../src/domain/types.ts';
import { emitTurnWebhooks } from '../../src/webhooks/turn-webhooks.ts';
import type { WebhookEvents } from '../../src/webhooks/webhook-events.ts';

const conversation = (status: ConversationStatus): ConversationRecord => ({
  id: 'conv-1',
  customerId: 'cust-1',
  identityId: 'id-1',
  channel: 'telegram',
  status,
  flowState: '{}',
  version: 3,
  locale: 'zh',
});

function announced(turn: CommittedTurn): { type: string; data: unknown }[] {
  const heard: { type: string; data: unknown }[] = [];
  const webhooks: WebhookEvents = { emit: (type, data) => void heard.push({ type, data }) };
  emitTurnWebhooks(turn, webhooks);
  return heard;
}

const escalate: Effect = { type: 'escalate', reason: 'angry', priority: 70, summary: 'Customer is angry about a late parcel, Mr Wang, 138…' };

describe('emitTurnWebhooks', () => {
  it('announces nothing for an ordinary turn', () => {
    expect(announced({ conversation: conversation('bot'), effects: [{ type: 'setStatus', status: 'bot' }], status: 'bot' })).toEqual([]);
  });

  it('announces a handoff with ids and small facts only, not the summary', () => {
    const events = announced({
      conversation: conversation('bot'),
      effects: [
        escalate,
        { type: 'updateCase', update: { caseId: 'case-1', step: 2, category: 'delivery', emotion: 'angry', facts: {}, offered: [], evidence: [] } },
        { type: 'setStatus', status: 'queued' },
      ],
      status: 'queued',
    });
    expect(events).toEqual([{ type: 'conversation.escalated', data: { conversationId: 'conv-1', customerId: 'cust-1', channel: 'telegram', reason: 'angry', priority: 70, step: 2 } }]);
    expect(JSON.stringify(events)).not.toContain('Wang');
  });

  it('does not announce again a waiting customer whose message only raised the urgency, nor a handoff that did not queue', () => {
    expect(announced({ conversation: conversation('queued'), effects: [escalate], status: 'queued' })).toEqual([]);
    expect(announced({ conversation: conversation('bot'), effects: [escalate], status: 'bot' })).toEqual([]);
  });

  it('announces an answered revisit survey, a new case and a recorded commitment', () => {
    const dueAt = new Date('2026-12-08T09:00:00Z');
    const events = announced({
      conversation: conversation('bot'),
      effects: [
        { type: 'openCase', caseId: 'case-2', category: 'product_quality', emotion: 'annoyed' },
        { type: 'recordCommitment', commitment: { id: 'com-1', caseId: 'case-2', kind: 'refund', amountCents: 5900, currency: 'CNY', description: 'Refund ¥59 to Mr Wang', dueAt }, followUps: [] },
        { type: 'recordSurvey', survey: { id: 'sur-1', caseId: 'case-1', followUpId: 'fu-1', score: 4, expected: 5, ratio: 0.8, satisfied: false } },
      ],
      status: 'bot',
    });
    expect(events).toEqual([
      { type: 'case.created', data: { caseId: 'case-2', conversationId: 'conv-1', customerId: 'cust-1', channel: 'telegram', category: 'product_quality', emotion: 'annoyed' } },
      {
        type: 'commitment.recorded',
        data: {
          commitmentId: 'com-1',
          caseId: 'case-2',
          conversationId: 'conv-1',
          customerId: 'cust-1',
          kind: 'refund',
          amountCents: 5900,
          currency: 'CNY',
          dueAt: dueAt.toISOString(),
          recordedBy: 'bot',
        },
      },
      { type: 'survey.answered', data: { surveyId: 'sur-1', caseId: 'case-1', conversationId: 'conv-1', customerId: 'cust-1', score: 4, expected: 5, ratio: 0.8, satisfied: false } },
    ]);
    expect(JSON.stringify(events)).not.toContain('Wang');
  });
});
