// The events outgoing webhooks announce, the facts each carries, and the port through which the
// places where they happen announce them. Payloads hold ids and small facts only: no message
// texts, names or contact details (a receiver that needs more asks the API with the ids).

import type { EscalationReason } from '../domain/flow/effects.ts';
import type { Category, Emotion, Tier } from '../domain/types.ts';

/** What an admin can subscribe an endpoint to. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.escalated',
  'conversation.closed',
  'case.created',
  'commitment.recorded',
  'survey.answered',
  'rating.answered',
  'crisis.detected',
  'customer.tier_changed',
  'conversation.sla_breached',
  'approval.decided',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by POST /api/staff/webhooks/:id/test, to that endpoint, whatever it subscribed to. */
export const TEST_EVENT_TYPE = 'webhook.test';

export interface WebhookEventData {
  'conversation.escalated': { conversationId: string; customerId: string; channel: string; reason: EscalationReason; priority: number; step?: number };
  'conversation.closed': { conversationId: string; customerId: string; channel: string; closedBy: 'staff'; staffId: string };
  'case.created': { caseId: string; conversationId: string; customerId: string; channel: string; category: Category; emotion: Emotion };
  'commitment.recorded': {
    commitmentId: string;
    caseId: string;
    conversationId?: string;
    customerId?: string;
    kind: string;
    amountCents: number | null;
    currency: string | null;
    dueAt: string;
    recordedBy: 'bot' | 'staff';
    staffId?: string;
  };
  'survey.answered': { surveyId: string; caseId: string; conversationId: string; customerId: string; score: number; expected: number; ratio: number; satisfied: boolean };
  /** A chat rating (CSAT) scored: the conversation rated and who served it (no comment text). */
  'rating.answered': { ratingId: string; conversationId: string; customerId: string; channel: string; score: number; servedBy: 'bot' | 'staff'; staffId?: string };
  /**
   * A burst of complaints about one key: `dimension` and `key` say which, `count` complaints in the
   * detector's window against `expected` from the key's own past (`baseline`, the same figure);
   * `category` is the category most of the burst's complaints have.
   */
  'crisis.detected': {
    signalId: string;
    dimension: 'category' | 'product' | 'keyword';
    key: string;
    category: string;
    product?: string;
    keyword?: string;
    count: number;
    expected: number;
    baseline: number;
  };
  'customer.tier_changed': { customerId: string; from: Tier; to: Tier; rule: string; changedBy: 'system' | 'staff'; staffId?: string };
  /**
   * An SLA target (config/sla.yaml) passed, announced once per target and handoff: `kind` says which
   * (first_reply: no staff reply yet; resolution: still with people), `targetMinutes` of staff time
   * counted from the handoff ran out at `dueAt`; `staffId` is who holds or was assigned it, if anyone.
   */
  'conversation.sla_breached': {
    conversationId: string;
    customerId: string;
    channel: string;
    kind: 'first_reply' | 'resolution';
    tier: Tier;
    status: 'queued' | 'human';
    targetMinutes: number;
    dueAt: string;
    staffId?: string;
  };
  /**
   * A supervisor decided an agent's request to record a refund or voucher above the cap of the
   * customer's tier: `commitmentId` is the commitment an approval recorded (no description or note).
   */
  'approval.decided': {
    approvalId: string;
    caseId: string;
    customerId: string;
    conversationId?: string;
    kind: 'refund' | 'voucher';
    amountCents: number;
    currency: string;
    capCents: number | null;
    decision: 'approved' | 'refused';
    requestedById: string;
    decidedById: string;
    commitmentId?: string;
  };
}

/** The body of every delivery: `timestamp` is when the event happened (ISO 8601), the same on every retry. */
export interface WebhookPayload<T extends string = string, D = unknown> {
  type: T;
  timestamp: string;
  data: D;
}

/** Announces events to the endpoints that subscribed to them. */
export interface WebhookEvents {
  /**
   * Returns at once: the deliveries are written and queued afterwards, off the caller's path, and a
   * failure there is logged, never thrown. Call it after the change the event reports is committed.
   */
  emit<T extends WebhookEventType>(type: T, data: WebhookEventData[T]): void;
}

/** For code that runs without webhooks (tools, tests of other parts). */
export const NO_WEBHOOKS: WebhookEvents = { emit: () => {} };
