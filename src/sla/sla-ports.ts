// What the SLA pass needs from the store: the conversations with people and their timers' marks,
// and the marks it sets (each once per handoff). Implemented by store/sla-store.ts.

import type { SlaKind } from '../domain/sla/sla-timer.ts';
import type { ConversationStatus, Language, Tier } from '../domain/types.ts';

export interface SlaConversation {
  id: string;
  customerId: string;
  channel: string;
  status: Extract<ConversationStatus, 'queued' | 'human'>;
  priority: number;
  tier: Tier;
  language: Language;
  timezone: string;
  queuedAt: Date;
  lastStaffReplyAt: Date | null;
  firstReplyBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
  delayNoticeAt: Date | null;
  assignedStaffId: string | null;
  /** The bot already owned up to the overrun while the customer wrote (flow state holding.overdueTold). */
  overdueToldByBot: boolean;
}

export interface SlaStore {
  /** Every queued or held conversation that was handed to people (queuedAt set). */
  conversationsWithPeople(): Promise<SlaConversation[]>;
  /** Marks a breach of this handoff; false when it was marked already (by another pass) or the handoff changed. */
  markBreach(conversationId: string, kind: SlaKind, queuedAt: Date, now: Date): Promise<boolean>;
  /** Marks the customer told of the delay in this handoff; false when it was marked already or the wait is over. */
  markDelayNotice(conversationId: string, queuedAt: Date, now: Date): Promise<boolean>;
}
