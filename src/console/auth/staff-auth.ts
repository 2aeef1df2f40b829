// Authenticates every console API request from its session cookie, checks the CSRF token of
// every state-changing one, and gives routes `requireRole` for what only some roles may do.
// Registered inside the console's plugin, so it guards exactly the /api/staff routes.

import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { DomainError } from '../../domain/domain-error.ts';
import type { StaffRecord, StaffRole } from '../ports.ts';
import { sessionIdFrom } from './session-cookie.ts';
import type { StaffSession, StaffSessions } from './staff-sessions.ts';

export interface SignedInStaff extends StaffRecord {
  session: StaffSession;
}

declare module 'fastify' {
  interface FastifyRequest {
    staff: SignedInStaff | null;
  }
  interface FastifyContextConfig {
    /** The route works without a staff session (sign-in). */
    staffPublic?: boolean;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RANK: Record<StaffRole, number> = { agent: 1, supervisor: 2, admin: 3 };

export function registerStaffAuth(app: FastifyInstance, deps: { sessions: StaffSessions; findStaff: (id: string) => Promise<StaffRecord | null> }): void {
  app.decorateRequest('staff', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.staffPublic) return;
    const sessionId = sessionIdFrom(request.headers.cookie);
    const session = sessionId ? await deps.sessions.get(sessionId) : null;
    if (!session) throw new DomainError('unauthorized', 'sign in first (POST /api/staff/login)');
    const staff = await deps.findStaff(session.staffId);
    if (!staff || staff.disabled) {
      await deps.sessions.destroy(session);
      throw new DomainError('unauthorized', 'this account can no longer sign in');
    }
    if (STATE_CHANGING.has(request.method) && !tokensMatch(request.headers['x-csrf-token'], session.csrfToken)) {
      throw new DomainError('forbidden', 'missing or wrong x-csrf-token header; use the csrfToken returned at sign-in');
    }
    request.staff = { ...staff, session };
  });
}

/** The signed-in staff member; routes behind the auth hook always have one. */
export function signedIn(request: FastifyRequest): SignedInStaff {
  if (!request.staff) throw new DomainError('unauthorized', 'sign in first (POST /api/staff/login)');
  return request.staff;
}

export function hasRole(staff: StaffRecord, role: StaffRole): boolean {
  return RANK[staff.role] >= RANK[role];
}

/** A preHandler refusing staff below `role` (agent < supervisor < admin) with 403. */
export function requireRole(role: StaffRole): preHandlerAsyncHookHandler {
  return async (request) => {
    if (!hasRole(signedIn(request), role)) throw new DomainError('forbidden', `this needs the ${role} role`);
  };
}

function tokensMatch(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
