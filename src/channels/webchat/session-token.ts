// Web chat session tokens: random, shown to the browser once, stored only as a hash.

import { createHash, randomBytes } from 'node:crypto';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer …`, or from `?token=` (EventSource cannot send headers). */
export function tokenFrom(authorization: string | undefined, queryToken: string | undefined): string | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? queryToken;
}
