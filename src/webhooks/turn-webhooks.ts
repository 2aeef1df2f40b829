// Which webhook events a committed turn of the bot produces: a case opened, a commitment recorded,
// a survey or chat rating answered, the conversation handed to people. Runs on every turn, so it only looks at
// the turn's few effects and announces nothing (allocates nothing) for an ordinary message.

import type { CommittedTurn } from '../conversation/committed-turn.ts';
import type { WebhookEvents } from './webhook-events.ts';

export function emitTurnWebhooks(turn: CommittedTurn, webhooks: WebhookEvents): void {
  const { conversation, effects, status } = turn;
  const { id: conversationId, customerId, channel } = conversation;
  for (const effect of effects) {
    switch (effect.type) {
      case 'openCase':
        webhooks.emit('case.created', { caseId: effect.caseId, conversationId, customerId, channel, category: effect.category, emotion: effect.emotion });
        break;
      case 'recordCommitment': {
        const { commitment } = effect;
        const amountCents = commitment.amountCents ?? null;
        webhooks.emit('commitment.recorded', {
          commitmentId: commitment.id,
          caseId: commitment.caseId,
          conversationId,
          customerId,
          kind: commitment.kind,
          amountCents,
          currency: amountCents === null ? null : commitment.currency,
          dueAt: commitment.dueAt.toISOString(),
          recordedBy: 'bot',
        });
        break;
      }
      case 'recordSurvey': {
        const { survey } = effect;
        webhooks.emit('survey.answered', {
          surveyId: survey.id,
          caseId: survey.caseId,
          conversationId,
          customerId,
          score: survey.score,
          expected: survey.expected,
          ratio: survey.ratio,
          satisfied: survey.satisfied,
        });
        break;
      }
      case 'recordRating': {
        const { rating } = effect;
        // The conversation rated, which may be an earlier one than the answer came in; no comment text.
        webhooks.emit('rating.answered', {
          ratingId: rating.id,
          conversationId: rating.conversationId,
          customerId,
          channel: rating.channel,
          score: rating.score,
          servedBy: rating.servedBy,
          ...(rating.staffId ? { staffId: rating.staffId } : {}),
        });
        break;
      }
      case 'escalate':
        // A handoff, as the engine counts one: the turn queued a conversation that was not waiting yet.
        if (conversation.status !== 'queued' && status === 'queued') {
          const step = effects.find((e) => e.type === 'updateCase')?.update.step;
          webhooks.emit('conversation.escalated', { conversationId, customerId, channel, reason: effect.reason, priority: effect.priority, ...(step !== undefined ? { step } : {}) });
        }
        break;
      case 'updateCase':
      case 'scheduleFollowUp':
      case 'updateCustomer':
      case 'optOut':
      case 'setStatus':
      case 'askRating':
      case 'recordRatingComment':
        break;
    }
  }
}
