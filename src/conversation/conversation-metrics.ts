// What the engine and the staff-message delivery tell whoever counts the conversations' traffic
// (Prometheus, see src/metrics/): a port, so neither knows a metrics library. Called on the
// per-message path: implementations must be synchronous, allocation-light and do no I/O.

import type { TurnResult } from './inbound.ts';

export interface ConversationMetrics {
  /**
   * A turn returned: its channel, how long it took, and what it did (the customer's message in, the
   * bot's replies out, a handoff). A duplicate or empty message counts its duration only.
   */
  turnDone(channel: string, result: TurnResult, seconds: number): void;
  /** A person's message (or a notice) was stored for the customer outside a turn. */
  messageOut(channel: string): void;
}
