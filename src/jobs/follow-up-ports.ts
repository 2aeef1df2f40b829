// What the follow-up jobs need from the store. The FollowUp row is the source of truth: the relay
// derives queue jobs from it, a worker claims it before sending and marks it sent in the same
// transaction that stores the message, so a job delivered twice sends once.

import type { StoredMessage } from '../conversation/ports.ts';
import type { FollowUpKind } from '../domain/follow-ups/decide-follow-up.ts';
import type { GreetingCustomer } from '../domain/greetings/plan-greetings.ts';
import type { ConversationStatus, FollowUpStatus, Tier } from '../domain/types.ts';
import type { RateLimit } from './rate-limiter.ts';

export type { FollowUpStatus } from '../domain/types.ts';

export interface FollowUpRecord {
  id: string;
  customerId: string;
  caseId: string | null;
  commitmentId: string | null;
  kind: FollowUpKind;
  dueAt: Date;
  status: FollowUpStatus;
  dedupeKey: string;
  attempts: number;
  lastError: string | null;
  payload: Record<string, unknown>;
  conversationId: string | null;
  staffId: string | null;
  sentAt: Date | null;
  missedAt: Date | null;
  createdAt: Date;
}

export interface DueFollowUp {
  id: string;
  dueAt: Date;
}

/** A claimed follow-up; `resumed` when a worker that held it stopped mid-send (the send may have happened). */
export interface ClaimedFollowUp {
  id: string;
  attempts: number;
  resumed: boolean;
}

export interface SendTarget {
  identityId: string;
  channel: string;
  externalId: string;
}

export interface SendContext {
  followUp: FollowUpRecord;
  customer: {
    id: string;
    name: string | null;
    locale: string;
    timezone: string;
    tier: Tier;
    optOutGreetings: boolean;
    optOutMarketing: boolean;
    keyAccountManagerId: string | null;
  };
  caseInfo: { id: string; status: string; agreedSolution: string | null; orderNumber: string | null } | null;
  commitment: { id: string; status: string; description: string; dueAt: Date } | null;
  /** Where a message to the customer goes; null when no channel of theirs can be reached. */
  target: SendTarget | null;
  /** The customer came back about the matter since the follow-up was planned. */
  takenUpSince: boolean;
  /** Their open conversation is waiting for, or held by, a person. */
  withPeople: boolean;
}

export interface SentRecord {
  followUpId: string;
  target: SendTarget;
  text: string;
  choices?: string[];
  /** Merged into the conversation's flow state (e.g. the open revisit survey). */
  flowPatch?: Record<string, unknown>;
  /** Put the conversation in the staff queue (a due callback). */
  queue?: { reason: string; priority: number; staffId: string | null };
  contact: { kind: FollowUpKind; summary: string };
  now: Date;
}

export interface SentResult {
  conversationId: string;
  message: StoredMessage;
  status: ConversationStatus;
  previousStatus: ConversationStatus;
  /** False when this follow-up had been recorded as sent already (nothing was written). */
  fresh: boolean;
}

export interface FollowUpStore {
  /**
   * Rows the relay should turn into jobs: scheduled and due within the lookahead; queued but due
   * before `stuck.dueBefore` and untouched since `stuck.touchedBefore` (their job is lost); held by
   * a worker whose lease ran out.
   */
  dueForRelay(now: Date, lookaheadMs: number, stuck: { dueBefore: Date; touchedBefore: Date }, limit: number): Promise<(DueFollowUp & { repair: boolean })[]>;
  markQueued(ids: readonly string[], now: Date): Promise<void>;
  /** Repaired rows (their job was lost, or their worker stopped mid-send) wait for the new job. */
  markRequeued(ids: readonly string[], now: Date): Promise<void>;
  /** Takes the rows that are still to be sent; a row another worker holds (lease not expired) is skipped. */
  claim(ids: readonly string[], now: Date, leaseMs: number): Promise<ClaimedFollowUp[]>;
  /**
   * Extends the lease of rows still held under the given claims (status sending, attempts as
   * claimed: a later claim by anyone counts up). Returns the ids still held.
   */
  renewLeases(held: readonly Pick<ClaimedFollowUp, 'id' | 'attempts'>[], until: Date): Promise<string[]>;
  /**
   * The ids of these claims that still hold their row with a lease lasting at least until `until`
   * (an erased customer's row is cancelled, so no longer held); a read, it takes no write lock.
   */
  leasesHeld(held: readonly Pick<ClaimedFollowUp, 'id' | 'attempts'>[], until: Date): Promise<string[]>;
  /** What deciding and sending these follow-ups needs, by id; a row or customer that no longer exists has none. */
  loadSendContexts(ids: readonly string[]): Promise<Map<string, SendContext>>;
  /** Stores the message, marks the follow-up sent and logs the contact, in one transaction. */
  recordSent(sent: SentRecord): Promise<SentResult>;
  /** A staff-only follow-up (task, or a callback for someone who opted out): marked sent, nothing delivered. */
  /** Returns the conversation put in the staff queue for it, if one could be (a bot conversation of the customer's). */
  recordTask(id: string, task: { summary: string; target: SendTarget | null; queue: { reason: string; priority: number; staffId: string | null } }, now: Date): Promise<string | null>;
  /**
   * Only while the row is still held under this claim (a worker whose lease lapsed changes nothing).
   * A cancelled chat rating's ChatRating row gets `rating.status` in the same transaction.
   */
  finish(held: Pick<ClaimedFollowUp, 'id' | 'attempts'>, status: 'cancelled' | 'failed', reason: string, now: Date, rating?: { id: string; status: 'skipped' | 'expired' }): Promise<void>;
  /** Back to scheduled at `dueAt` (a retry after a failed send, or a delivery moved out of quiet hours). */
  reschedule(held: Pick<ClaimedFollowUp, 'id' | 'attempts'>, dueAt: Date, reason: string | null, now: Date): Promise<void>;
  /** Callbacks sent more than `graceMs` ago whose conversation no one from staff has taken up. */
  findMissedCallbacks(now: Date, graceMs: number, limit: number): Promise<{ id: string; conversationId: string; customerId: string; staffId: string | null }[]>;
  /** Marks a missed callback and raises its conversation's priority; false when it was already marked. */
  markMissed(id: string, conversationId: string, priorityBoost: number, now: Date): Promise<boolean>;
  /** Inserts planned follow-ups; an existing dedupe key keeps the old row. Returns how many were new. */
  insertPlanned(rows: readonly PlannedFollowUp[], now: Date): Promise<number>;
}

/** The customers the planner reads, page by page in id order. */
export interface PlanningStore {
  /** Customers who take greetings, with what their calendar depends on. */
  greetingCustomers(afterId: string, limit: number): Promise<GreetingCustomer[]>;
  /**
   * Customers who take messages and have not been in touch since `silentBefore`, and A-tier ones
   * not since `monthlyBefore`. `lastContactAt` falls back to when the card was created.
   */
  quietCustomers(silentBefore: Date, monthlyBefore: Date, afterId: string, limit: number): Promise<{ id: string; tier: Tier; keyAccountManagerId: string | null; lastContactAt: Date }[]>;
}

export interface PlannedFollowUp {
  id: string;
  customerId: string;
  kind: FollowUpKind;
  dueAt: Date;
  dedupeKey: string;
  payload: Record<string, unknown>;
  staffId?: string | null;
}

/** A message could not be delivered; `permanent` when retrying cannot help (blocked, gone). */
export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface FollowUpMessage {
  text: string;
  choices?: string[];
}

/** Delivers follow-ups on the customer's channel. Channels know nothing of follow-ups beyond this. */
export interface FollowUpSender {
  /** True when storing the message is the delivery (web chat: the customer's page reads it from the store). */
  deliversOnRecord(channel: string): boolean;
  /** @throws DeliveryFailure */
  send(target: SendTarget, message: FollowUpMessage, key: string): Promise<void>;
  /**
   * Whether a message with this key reached the customer, for a send cut off mid-way (a worker
   * killed); undefined when the channel cannot tell (the message is then sent again).
   */
  wasDelivered(target: SendTarget, key: string): Promise<boolean | undefined>;
  /** The pace limits a send to this target must respect. */
  limits(target: SendTarget): RateLimit[];
}
