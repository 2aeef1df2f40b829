// Secrets and signatures of the Standard Webhooks specification: a `whsec_` secret (base64 of
// random bytes) per endpoint, and a `webhook-signature` header of `v1,<base64 HMAC-SHA256>`
// signatures, space-separated: after a rotation both the new and the previous secret sign, so a
// receiver that still has the old one keeps verifying through the grace period.

import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** How long the secret before a rotation keeps signing beside the new one. */
export const ROTATION_GRACE_MS = 24 * 60 * 60_000;

const SECRET_BYTES = 32;

/** A fresh secret, `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
}

export interface EndpointSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
}

/** The secrets that sign at `now`: the current one, and the previous one while its grace lasts. */
export function signingSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const { secret, previousSecret, previousSecretUntil } = endpoint;
  return previousSecret && previousSecretUntil && previousSecretUntil.getTime() > now.getTime() ? [secret, previousSecret] : [secret];
}

/** The three Standard Webhooks headers of one attempt, signed at `at` (the receiver checks it is recent). */
export function signedHeaders(secrets: readonly string[], messageId: string, at: Date, body: string): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
