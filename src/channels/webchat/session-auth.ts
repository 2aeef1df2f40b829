// Who a web chat request speaks for, from its session token or a live-stream ticket. A token
// stops working WEBCHAT_SESSION_TTL_DAYS after its last use (sliding); the last use is written
// at most once an hour, so the per-message path does not write on every message.

import { DomainError } from '../../domain/domain-error.ts';
import { hashToken } from './session-token.ts';
import type { WebchatServices } from './webchat-services.ts';

export interface WebchatSession {
  identityId: string;
  customerId: string;
  sessionId: string;
  secretHash: string;
}

const TOUCH_EVERY_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

export class WebchatSessionAuth {
  constructor(private readonly services: Pick<WebchatServices, 'sessions' | 'tickets' | 'sessionTtlMs' | 'clock'>) {}

  async fromToken(token: string | undefined): Promise<WebchatSession> {
    if (!token) throw new DomainError('unauthorized', 'send the session token as "Authorization: Bearer <token>"');
    return this.fromSecretHash(hashToken(token));
  }

  async fromTicket(ticket: string): Promise<WebchatSession> {
    const secretHash = await this.services.tickets.redeem(ticket);
    if (!secretHash) {
      throw new DomainError('unauthorized', 'this live-stream ticket is not valid: it was used already or is older than a minute; get a new one from POST /api/webchat/events/ticket');
    }
    return this.fromSecretHash(secretHash);
  }

  /** Whether the session behind an open live stream is still accepted (not expired, erased or replaced); does not count as a use. */
  async stillValid(secretHash: string): Promise<boolean> {
    const found = await this.services.sessions.findBySecret(secretHash);
    return found !== null && !this.expired(found, this.services.clock());
  }

  private expired(found: { lastSeenAt: Date | null; createdAt: Date }, now: Date): boolean {
    return now.getTime() - (found.lastSeenAt ?? found.createdAt).getTime() > this.services.sessionTtlMs;
  }

  private async fromSecretHash(secretHash: string): Promise<WebchatSession> {
    const { sessions, sessionTtlMs, clock } = this.services;
    const found = await sessions.findBySecret(secretHash);
    if (!found) throw new DomainError('unauthorized', 'this session token is not valid; start a new session (POST /api/webchat/sessions)');
    const now = clock();
    if (this.expired(found, now)) {
      const days = Number((sessionTtlMs / DAY_MS).toFixed(2));
      throw new DomainError('unauthorized', `this chat session has expired: it was not used for ${days} days. Start a new session (POST /api/webchat/sessions)`);
    }
    if (!found.lastSeenAt || now.getTime() - found.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await sessions.touch(found.identityId, now);
    return { identityId: found.identityId, customerId: found.customerId, sessionId: found.sessionId, secretHash };
  }
}
