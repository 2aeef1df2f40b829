// A customer's rights as the console serves them: a copy of everything kept about the person, and
// erasure on request. Implemented in src/store/privacy-store.ts.

/** Everything kept about one person, as JSON (JSON columns parsed, times as ISO strings). */
export type CustomerExport = Record<string, unknown> & { customer: Record<string, unknown> };

/** How many rows the erasure anonymised, per kind; the rows themselves stay. */
export interface ErasureCounts {
  conversations: number;
  conversationsClosed: number;
  messages: number;
  identities: number;
  followUps: number;
  followUpsCancelled: number;
  notes: number;
  contacts: number;
  cases: number;
  surveys: number;
  /** Chat ratings whose comment was cleared (the scores stay, with who served). */
  chatRatings: number;
  auditEntriesScrubbed: number;
}

export type ErasureResult =
  | { erased: ErasureCounts; erasedAt: Date; closedConversations: { id: string; previousStatus: 'bot' | 'queued' }[] }
  | { refused: 'not_found' }
  /** A person is talking with the customer right now: they finish (close or hand back) first. */
  | { refused: 'in_human_hands'; conversationIds: string[] };

export interface PrivacyStore {
  /** Everything about the customer, or null when there is none; the export is audited (who, when, counts). */
  exportCustomer(customerId: string, actorId: string, now: Date): Promise<CustomerExport | null>;
  /** Anonymises the card, messages, identities, follow-ups and notes in one transaction, and audits it. */
  eraseCustomer(customerId: string, actorId: string, now: Date): Promise<ErasureResult>;
}
