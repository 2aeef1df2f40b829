// How fast a channel may write to its platform, shared by every app instance and worker: a channel
// waits for a slot under the platform's limits before each message, and holds a key back when the
// platform asks it to slow down (Telegram's 429 with retry_after). The Redis implementation is
// src/redis/redis-send-pace.ts, over the same rate limiter that paces follow-ups.

import type { RateLimit } from '../jobs/rate-limiter.ts';

export interface SendPace {
  /** Resolves when a message may go out under every one of `limits`; its slot is booked then (send it or leave it unused). */
  wait(limits: readonly RateLimit[]): Promise<void>;
  /** Books nothing under `key` (a RateLimit's key) for the next `ms`, on every instance. */
  hold(key: string, ms: number): Promise<void>;
}
