// Checks the channel's token on an activity with the SDK's own JWT check (authorizeJWT, reached
// through CloudAdapter.authorizeRequest), which CloudAdapter.process leaves to the host's web
// framework. On success the token's claims are on `request.user`, where process reads them.

import type { CloudAdapter, Request } from '@microsoft/agents-hosting';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/domain-error.ts';
import { CapturedResponse } from './captured-response.ts';

/** jsonwebtoken's wording when the key lookup failed; the SDK passes on only the message. */
const KEY_LOOKUP_FAILED = 'error in secret or public key callback';
/** jwks-rsa's wording for a key id the published set lacks: the caller's fault, not an outage. */
const UNKNOWN_KEY = 'Unable to find a signing key';

/**
 * Resolves when the token holds (its claims then on `request.user`).
 * @throws DomainError `unauthorized` for a missing, malformed, forged, expired or misaddressed token;
 *   `internal` when the signing keys could not be fetched, so that the channel retries later.
 */
export async function authorizeRequest(adapter: CloudAdapter, request: Request, logger: Logger): Promise<void> {
  const refusal = new CapturedResponse();
  let authorized = false;
  await adapter.authorizeRequest(request, refusal, () => {
    authorized = true;
  });
  if (authorized) return;
  const reason = reasonOf(refusal.body);
  const where = { channelId: request.body?.channelId, activityId: request.body?.id };
  if (reason.startsWith(KEY_LOOKUP_FAILED) && !reason.includes(UNKNOWN_KEY)) {
    logger.error({ ...where, reason }, 'could not load the keys that sign channel tokens');
    throw new DomainError('internal', 'the channel token could not be checked (its signing keys are out of reach); please retry');
  }
  logger.warn({ ...where, status: refusal.statusCode, reason }, 'refused an Agents SDK request: not authenticated');
  throw new DomainError('unauthorized', 'the request carries no valid channel token');
}

/** authorizeJWT answers `{ 'jwt-auth-error': reason }`. */
function reasonOf(body: unknown): string {
  const reason = (body as Record<string, unknown> | undefined)?.['jwt-auth-error'];
  return typeof reason === 'string' ? reason : 'unknown';
}
