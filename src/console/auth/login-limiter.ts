// Failed staff sign-ins counted in Redis, per email and per client IP. After `maxAttempts`
// failures for an email (four times as many from one IP, which an office may share) sign-in is
// refused for `lockoutMs`, counted from the first failure of the run.

import type { Redis } from 'ioredis';

export interface LoginLimiterOptions {
  prefix: string;
  maxAttempts: number;
  lockoutMs: number;
}

const IP_FACTOR = 4;

export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly options: LoginLimiterOptions,
  ) {}

  /** Milliseconds until sign-in is allowed again for this email or IP; 0 when it is allowed now. */
  async lockedFor(email: string, ip: string): Promise<number> {
    const [emailCount, ipCount] = await this.redis.mget(this.emailKey(email), this.ipKey(ip));
    const waits: Promise<number>[] = [];
    if (Number(emailCount ?? 0) >= this.options.maxAttempts) waits.push(this.redis.pttl(this.emailKey(email)));
    if (Number(ipCount ?? 0) >= this.options.maxAttempts * IP_FACTOR) waits.push(this.redis.pttl(this.ipKey(ip)));
    const remaining = await Promise.all(waits);
    return Math.max(0, ...remaining.map((ms) => (ms < 0 ? this.options.lockoutMs : ms)));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const { lockoutMs } = this.options;
    // The first failure creates the counter with its expiry; INCR keeps that expiry, so later
    // failures do not stretch the window.
    await this.redis
      .multi()
      .set(this.emailKey(email), '0', 'PX', lockoutMs, 'NX')
      .incr(this.emailKey(email))
      .set(this.ipKey(ip), '0', 'PX', lockoutMs, 'NX')
      .incr(this.ipKey(ip))
      .exec();
  }

  /** A successful sign-in forgets the email's failures (not the IP's: one good account must not reset them). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.emailKey(email));
  }

  private emailKey(email: string): string {
    return `${this.options.prefix}staff:login-failures:email:${email.toLowerCase()}`;
  }

  private ipKey(ip: string): string {
    return `${this.options.prefix}staff:login-failures:ip:${ip}`;
  }
}
