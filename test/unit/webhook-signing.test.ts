// Standard Webhooks signing: fresh secrets, the retry schedule, and the rotation's grace period
// in which the previous secret signs beside the new one (receivers verify with the library).

import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/webhooks/webhook-retry.ts';
import { newWebhookSecret, ROTATION_GRACE_MS, signedHeaders, signingSecrets } from '../../src/webhooks/webhook-signing.ts';

describe('webhook secrets and signatures', () => {
  it('makes whsec_ secrets of 32 random bytes, each different', () => {
    const secrets = new Set(Array.from({ length: 20 }, newWebhookSecret));
    expect(secrets.size).toBe(20);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_/);
      expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    }
  });

  it('signs with the previous secret too until its grace period ends', () => {
    const rotatedAt = new Date('2026-12-07T10:00:00Z');
    const endpoint = { secret: 'whsec_bmV3', previousSecret: 'whsec_b2xk', previousSecretUntil: new Date(rotatedAt.getTime() + ROTATION_GRACE_MS) };
    expect(signingSecrets(endpoint, rotatedAt)).toEqual(['whsec_bmV3', 'whsec_b2xk']);
    expect(signingSecrets(endpoint, new Date(rotatedAt.getTime() + ROTATION_GRACE_MS - 1))).toHaveLength(2);
    expect(signingSecrets(endpoint, new Date(rotatedAt.getTime() + ROTATION_GRACE_MS))).toEqual(['whsec_bmV3']);
    expect(signingSecrets({ secret: 'whsec_bmV3', previousSecret: null, previousSecretUntil: null }, rotatedAt)).toEqual(['whsec_bmV3']);
  });

  it('gives headers any Standard Webhooks library verifies, with either secret', () => {
    const [current, previous, other] = [newWebhookSecret(), newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ type: 'case.created', timestamp: new Date().toISOString(), data: { caseId: 'c1' } });
    const headers = signedHeaders([current, previous], 'msg_1', new Date(), body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, headers)).toMatchObject({ type: 'case.created' });
    expect(new Webhook(previous).verify(body, headers)).toMatchObject({ data: { caseId: 'c1' } });
    expect(() => new Webhook(other).verify(body, headers)).toThrow(/No matching signature/);
    expect(() => new Webhook(current).verify(`${body} `, headers)).toThrow(/No matching signature/);
  });
});

describe('retryDelayMs', () => {
  it('waits five times longer each time from the base, at most 12 hours, about a day over 8 attempts', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 10_000))).toEqual([10_000, 50_000, 250_000, 1_250_000]);
    expect(retryDelayMs(7, 10_000)).toBe(12 * 3600_000);
    const total = [1, 2, 3, 4, 5, 6, 7].reduce((sum, n) => sum + retryDelayMs(n, 10_000), 0);
    expect(total / 3600_000).toBeGreaterThan(20);
    expect(total / 3600_000).toBeLessThan(26);
  });
});
