// The orders webhook's signature: HMAC-SHA256 over "<timestamp>.<raw body>" with the shared secret,
// within five minutes of our clock, every refusal with a reason the shop's developer can act on.

import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../src/integrations/webhook-signature.ts';

const SECRET = 'shop-secret-0123456789';
const NOW = new Date('2026-11-28T02:00:00Z');
const TIMESTAMP = String(NOW.getTime() / 1000);
const BODY = Buffer.from('{"number":"JD20261128001","customer":{"phone":"13812345678"},"amount":"59.90","placedAt":"2026-11-28T10:00:00+08:00","items":"1 × 牛奶"}');

function signed(overrides: { timestamp?: string; body?: Buffer; secret?: string } = {}) {
  const timestamp = overrides.timestamp ?? TIMESTAMP;
  return { timestamp, signature: signWebhookBody(overrides.secret ?? SECRET, timestamp, overrides.body ?? BODY), rawBody: BODY };
}

describe('webhook signature', () => {
  it('accepts a body signed with the secret just now', () => {
    expect(verifyWebhookSignature(signed(), SECRET, NOW)).toEqual({ ok: true });
    // Upper-case hex is the same signature.
    expect(verifyWebhookSignature({ ...signed(), signature: signed().signature.toUpperCase() }, SECRET, NOW)).toEqual({ ok: true });
  });

  it('refuses a body changed after signing, even by one byte (the Chinese included)', () => {
    const tampered = Buffer.from(BODY.toString('utf8').replace('59.90', '5.90'));
    expect(verifyWebhookSignature({ ...signed(), rawBody: tampered }, SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/does not match/) });
    // The same JSON re-serialised (spacing) is other bytes: the signature is over what was sent.
    const respaced = Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8')), null, 1));
    expect(verifyWebhookSignature({ ...signed(), rawBody: respaced }, SECRET, NOW).ok).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyWebhookSignature(signed({ secret: 'another-secret-0123456789' }), SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('refuses a timestamp more than five minutes old or ahead, and a replayed signature with a fresh timestamp', () => {
    const old = String(NOW.getTime() / 1000 - 301);
    expect(verifyWebhookSignature(signed({ timestamp: old }), SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/301 s old; it must be within 300 s/) });
    const ahead = String(NOW.getTime() / 1000 + 301);
    expect(verifyWebhookSignature(signed({ timestamp: ahead }), SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/in the future/) });
    expect(verifyWebhookSignature(signed({ timestamp: String(NOW.getTime() / 1000 - 300) }), SECRET, NOW)).toEqual({ ok: true });
    // The timestamp is signed: an old signature does not pass with a new timestamp.
    expect(verifyWebhookSignature({ ...signed({ timestamp: old }), timestamp: TIMESTAMP }, SECRET, NOW).ok).toBe(false);
  });

  it('names a missing or malformed header', () => {
    expect(verifyWebhookSignature({ ...signed(), timestamp: undefined }, SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/missing X-Signature-Timestamp/) });
    expect(verifyWebhookSignature({ ...signed(), signature: undefined }, SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/missing X-Signature header/) });
    expect(verifyWebhookSignature({ ...signed(), timestamp: '2026-11-28T02:00:00Z' }, SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/unix seconds/) });
    expect(verifyWebhookSignature({ ...signed(), signature: 'sha256=abc' }, SECRET, NOW)).toEqual({ ok: false, reason: expect.stringMatching(/64 hex digits/) });
    // A short signature never reaches the comparison (timingSafeEqual needs equal lengths).
    expect(verifyWebhookSignature({ ...signed(), signature: signed().signature.slice(0, 62) }, SECRET, NOW).ok).toBe(false);
  });
});
