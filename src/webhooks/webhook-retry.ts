// When a failed delivery is tried again: exponential backoff, five times longer each time, capped,
// so the default 8 attempts from a 10 s base spread over about a day (10 s, 50 s, 4 min, 21 min,
// 1.7 h, 8.7 h, 12 h).

export interface RetryPolicy {
  /** Attempts in all, the first included (WEBHOOKS_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** The wait after the first failed attempt (WEBHOOKS_RETRY_BASE_MS). */
  baseDelayMs: number;
}

const GROWTH = 5;
const MAX_DELAY_MS = 12 * 60 * 60_000;

/** The wait before the next attempt after `failedAttempts` attempts failed (1 or more). */
export function retryDelayMs(failedAttempts: number, baseDelayMs: number): number {
  return Math.min(baseDelayMs * GROWTH ** Math.max(0, failedAttempts - 1), MAX_DELAY_MS);
}
