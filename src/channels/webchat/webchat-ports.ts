// What the web chat routes need beyond the engine, implemented in src/store and src/redis: session
// tokens with their last use, one-use tickets for the live stream, and a counter of new sessions.

export interface WebchatSessionRecord {
  identityId: string;
  customerId: string;
  sessionId: string;
  createdAt: Date;
  /** Last use of the token; null until it was first used. */
  lastSeenAt: Date | null;
}

export interface WebchatSessionStore {
  /** The web chat session whose token hashes to `secretHash`; null when none (or its customer was erased). */
  findBySecret(secretHash: string): Promise<WebchatSessionRecord | null>;
  /** Records a use of the session's token (the expiry slides from it). */
  touch(identityId: string, at: Date): Promise<void>;
}

/** Short-lived, one-use tickets that let a browser open the live stream without the token in the URL. */
export interface EventTickets {
  /** A new ticket standing for the session token with this hash. */
  issue(secretHash: string): Promise<string>;
  /** The token hash the ticket stood for, once; null when unknown, used or expired. */
  redeem(ticket: string): Promise<string | null>;
  readonly ttlSeconds: number;
}

/** Counts events per key in fixed windows. */
export interface WindowCounter {
  /** Counts one more for `key` in the window that contains `now`; returns the count and when the window ends. */
  hit(key: string, now: Date): Promise<{ count: number; resetsAt: Date }>;
}
