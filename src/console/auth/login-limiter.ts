// Failed staff sign-ins counted in Redis, so guessing is slow without letting a stranger lock
// anyone out:
// - per email and client IP: `maxAttempts` failures lock that pair only, for `lockoutMs`;
// - per IP: `maxAttempts` × IP_FACTOR failures (many emails tried from one address) lock the IP;
// - per email across all IPs: past `emailCeiling` failures every further try for that email waits
//   a little longer (progressive delay, capped), which slows a guesser spread over many addresses.
// So a correct password from an address that has not failed is never refused (at most delayed).
// Each counter's window starts at its first failure and is not stretched by later ones.

import type { Redis } from 'ioredis';

export interface LoginLimiterOptions {
  /** Redis key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Failures for one email from one IP before that pair is locked (LOGIN_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How long a lock and the counting window last (LOGIN_LOCKOUT_MS). */
  lockoutMs: number;
  /** Failures for one email from all IPs past which tries are slowed (LOGIN_EMAIL_CEILING). */
  emailCeiling: number;
  /** Added to the wait for each failure past the ceiling; default 500 ms. */
  delayStepMs?: number;
  /** The longest a try is made to wait; default 5 s. */
  maxDelayMs?: number;
}

export interface LoginCheck {
  /** Milliseconds until this email may be tried from this IP again; 0 when it may now. */
  lockedMs: number;
  /** How long to hold this try before checking the password (progressive delay); 0 for none. */
  delayMs: number;
}

/** An office behind one address may hold several people who mistype: the IP gets more tries than a pair. */
const IP_FACTOR = 4;

export class LoginLimiter {
  private readonly delayStepMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: LoginLimiterOptions,
  ) {
    this.delayStepMs = options.delayStepMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
  }

  async check(email: string, ip: string): Promise<LoginCheck> {
    const keys = this.keys(email, ip);
    const [pairCount = 0, ipCount = 0, emailCount = 0] = (await this.redis.mget(keys.pair, keys.ip, keys.email)).map((v) => Number(v ?? 0));
    const locks: Promise<number>[] = [];
    if (pairCount >= this.options.maxAttempts) locks.push(this.redis.pttl(keys.pair));
    if (ipCount >= this.options.maxAttempts * IP_FACTOR) locks.push(this.redis.pttl(keys.ip));
    const remaining = await Promise.all(locks);
    const lockedMs = Math.max(0, ...remaining.map((ms) => (ms < 0 ? this.options.lockoutMs : ms)));
    const excess = emailCount - this.options.emailCeiling;
    const delayMs = excess >= 0 ? Math.min(this.maxDelayMs, (excess + 1) * this.delayStepMs) : 0;
    return { lockedMs, delayMs };
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const { lockoutMs } = this.options;
    const multi = this.redis.multi();
    // The first failure creates each counter with its expiry; INCR keeps that expiry.
    for (const key of Object.values(this.keys(email, ip))) multi.set(key, '0', 'PX', lockoutMs, 'NX').incr(key);
    await multi.exec();
  }

  /**
   * A successful sign-in forgets this pair's failures. Not the IP's (one good account must not
   * reset a guesser's count) nor the email's (a guesser elsewhere is still at work).
   */
  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip).pair);
  }

  private keys(email: string, ip: string): { pair: string; ip: string; email: string } {
    const base = `${this.options.prefix}staff:login-failures:`;
    const address = email.toLowerCase();
    // IPs never contain "email", so the pair key cannot be forged from another pair's parts.
    return { pair: `${base}ip:${ip}:email:${address}`, ip: `${base}ip:${ip}`, email: `${base}email:${address}` };
  }
}
