// Issue 12, finding 3: anyone could lock out the admin. Five wrong passwords for an email from
// anywhere refused the right password from everywhere. Now failures count per email and address:
// a stranger locks only their own address, and the admin still signs in from theirs.
// Two clients are told apart by X-Forwarded-For from a trusted proxy (TRUST_PROXY=127.0.0.1).

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { LoginLimiter } from '../../src/console/auth/login-limiter.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'lock-admin@care.test', password: 'amber tractor violin seven' };
const ATTACKER = '203.0.113.7';
const ADMIN_DESK = '198.51.100.20';

// Every failed sign-in runs scrypt (so timing does not tell accounts apart): slow on a busy machine.
describe('staff sign-in under a lockout attack', { timeout: 120_000 }, () => {
  let t: TestApp;
  const prefix = `test:${randomUUID()}:`;

  beforeAll(async () => {
    t = await startTestApp({
      redisPrefix: prefix,
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, TRUST_PROXY: '127.0.0.1', LOGIN_MAX_ATTEMPTS: '5', LOGIN_LOCKOUT_MS: '600000' },
    });
  });
  afterAll(async () => t?.close());

  /** A sign-in from the client at `ip`, as the proxy in front of the service reports it. */
  async function login(ip: string, email: string, password: string): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
    const response = await fetch(`${t.baseUrl}/api/staff/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ email, password }),
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string } } };
  }

  it('locks only the attacker’s address: the admin still signs in from another one', async () => {
    const answers: number[] = [];
    for (let i = 0; i < 7; i++) answers.push((await login(ATTACKER, ADMIN.email, `guess number ${i}`)).status);
    expect(answers).toEqual([401, 401, 401, 401, 401, 429, 429]);

    // The right password from the admin's own desk, which has not failed: never refused.
    expect((await login(ADMIN_DESK, ADMIN.email, ADMIN.password)).status).toBe(200);
    // The attacker's address stays locked for that email, even with the right password.
    const still = await login(ATTACKER, ADMIN.email, ADMIN.password);
    expect(still).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', message: expect.stringMatching(/try again in 10 minutes/) } } });
  });

  it('locks an address that tries many emails, for every email, and no other address', async () => {
    const sprayer = '203.0.113.99';
    // Four times LOGIN_MAX_ATTEMPTS failures from one address, each for a different email.
    for (let i = 0; i < 20; i++) expect((await login(sprayer, `someone-${i}@care.test`, 'spray password guess')).status).toBe(401);
    expect((await login(sprayer, ADMIN.email, ADMIN.password)).status).toBe(429);
    expect((await login('198.51.100.21', ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('keeps its counters under REDIS_PREFIX', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      const keys = await redis.keys('*staff:login-failures:*');
      const ours = keys.filter((key) => key.includes(ATTACKER) || key.includes(ADMIN.email));
      expect(ours.length).toBeGreaterThan(0);
      for (const key of ours) expect(key.startsWith(`${prefix}staff:login-failures:`), key).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});

describe('the login limiter on a real Redis', () => {
  let redis: Redis;
  let limiter: LoginLimiter;

  beforeAll(() => {
    redis = new Redis(inject('redisUrl'));
    limiter = new LoginLimiter(redis, { prefix: `test:${randomUUID()}:`, maxAttempts: 3, lockoutMs: 60_000, emailCeiling: 4, delayStepMs: 500, maxDelayMs: 2_000 });
  });
  afterAll(() => redis.disconnect());

  it('locks the email and address pair, not the email elsewhere', async () => {
    for (let i = 0; i < 3; i++) await limiter.recordFailure('pair@care.test', '10.0.0.1');
    expect((await limiter.check('pair@care.test', '10.0.0.1')).lockedMs).toBeGreaterThan(0);
    expect(await limiter.check('pair@care.test', '10.0.0.2')).toEqual({ lockedMs: 0, delayMs: 0 });
    expect((await limiter.check('other@care.test', '10.0.0.1')).lockedMs).toBe(0);
  });

  it('past the per-email ceiling slows every try a little more, capped, but locks no clean address', async () => {
    const email = 'spread@care.test';
    // A guesser spread over many addresses: one failure each, so no pair is ever locked.
    for (let i = 1; i <= 4; i++) await limiter.recordFailure(email, `10.1.0.${i}`);
    expect(await limiter.check(email, '10.9.9.9')).toEqual({ lockedMs: 0, delayMs: 500 });
    await limiter.recordFailure(email, '10.1.0.5');
    expect(await limiter.check(email, '10.9.9.9')).toEqual({ lockedMs: 0, delayMs: 1_000 });
    for (let i = 6; i <= 12; i++) await limiter.recordFailure(email, `10.1.0.${i}`);
    expect(await limiter.check(email, '10.9.9.9')).toEqual({ lockedMs: 0, delayMs: 2_000 });
  });

  it('forgets a pair’s failures after a success there, but not the address’s', async () => {
    for (let i = 0; i < 2; i++) await limiter.recordFailure('mistyped@care.test', '10.2.0.1');
    await limiter.recordSuccess('mistyped@care.test', '10.2.0.1');
    // Counted afresh: two more mistakes do not reach the three that lock the pair.
    for (let i = 0; i < 2; i++) await limiter.recordFailure('mistyped@care.test', '10.2.0.1');
    expect((await limiter.check('mistyped@care.test', '10.2.0.1')).lockedMs).toBe(0);
    // The address kept all four: eight more reach 4 × maxAttempts, and it is locked for everyone.
    for (let i = 0; i < 8; i++) await limiter.recordFailure(`other-${i}@care.test`, '10.2.0.1');
    expect((await limiter.check('fresh@care.test', '10.2.0.1')).lockedMs).toBeGreaterThan(0);
  });
});
