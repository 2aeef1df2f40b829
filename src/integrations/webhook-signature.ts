// The signature a shop's system puts on what it pushes to us: X-Signature-Timestamp (unix seconds)
// and X-Signature, the hex HMAC-SHA256 with the shared secret over `${timestamp}.${rawBody}`.
// The timestamp is signed too, so an old request cannot be replayed with a fresh one; outside a
// five-minute window either way it is refused. The comparison takes the same time for any guess.

import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-signature-timestamp';
export const SIGNATURE_HEADER = 'x-signature';
/** How far the timestamp may be from our clock, either way (a replay after this is refused). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export interface SignedRequest {
  /** The X-Signature-Timestamp header as received (absent when missing). */
  timestamp: string | undefined;
  /** The X-Signature header as received. */
  signature: string | undefined;
  /** The body exactly as the bytes arrived. */
  rawBody: Buffer;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Whether the request was signed with `secret` within the window around `now`; why not, in words for the sender. */
export function verifyWebhookSignature(request: SignedRequest, secret: string, now: Date, toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS): SignatureCheck {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp) return { ok: false, reason: 'missing X-Signature-Timestamp header (unix seconds)' };
  if (!signature) return { ok: false, reason: 'missing X-Signature header (hex HMAC-SHA256 of "<timestamp>.<body>")' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Signature-Timestamp must be the time in unix seconds' };
  const skew = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (Math.abs(skew) > toleranceSeconds) {
    return {
      ok: false,
      reason: `X-Signature-Timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; it must be within ${toleranceSeconds} s of now (sign each request when sending it)`,
    };
  }
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'X-Signature must be 64 hex digits (HMAC-SHA256)' };
  const expected = createHmac('sha256', secret).update(signedPayload(timestamp, rawBody)).digest();
  // Both are 32 bytes here, as timingSafeEqual needs.
  if (!timingSafeEqual(Buffer.from(signature, 'hex'), expected)) return { ok: false, reason: 'X-Signature does not match the body and timestamp signed with the shared secret' };
  return { ok: true };
}

/** The hex signature of a body at a timestamp: what a shop's system sends (and what the tests sign with). */
export function signWebhookBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(signedPayload(timestamp, rawBody)).digest('hex');
}

function signedPayload(timestamp: string, rawBody: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody)]);
}
