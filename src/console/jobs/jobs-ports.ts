// What the console's follow-up view needs from the store: the follow-ups by state, and the two
// things a supervisor does with them — retry one that failed, cancel one not yet sent.

export const FOLLOW_UP_VIEWS = ['scheduled', 'due', 'sent', 'failed', 'cancelled', 'missed'] as const;
export type FollowUpView = (typeof FOLLOW_UP_VIEWS)[number];
export const FOLLOW_UP_KINDS = ['callback', 'revisit', 'greeting', 'outreach', 'rating'] as const;

export interface FollowUpListItem {
  id: string;
  kind: string;
  status: string;
  dueAt: Date;
  sentAt: Date | null;
  missedAt: Date | null;
  attempts: number;
  lastError: string | null;
  dedupeKey: string;
  customer: { id: string; name: string | null; tier: string };
  caseId: string | null;
  conversationId: string | null;
  staffId: string | null;
  /** What staff wrote when they scheduled a callback. */
  note: string | null;
}

export interface FollowUpAdminStore {
  /** Counts per view at `now`. */
  counts(now: Date): Promise<Record<FollowUpView, number>>;
  /** One page of a view, most urgent first (due views by due time, past ones newest first). */
  list(view: FollowUpView, now: Date, options: { kind?: string; limit: number; offset: number }): Promise<FollowUpListItem[]>;
  /** A failed or cancelled follow-up back on the schedule, due now; null when there is none to retry. */
  retry(id: string, actorId: string, now: Date): Promise<{ id: string; status: string } | null | 'not_retryable'>;
  /** A follow-up not yet sent, cancelled; null when there is none, 'already_sent' or 'in_flight' (a worker is sending it) when too late. */
  cancel(id: string, actorId: string, now: Date): Promise<{ id: string; status: string } | null | 'already_sent' | 'in_flight'>;
}
