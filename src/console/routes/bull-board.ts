// The BullMQ dashboard (bull-board) at /console/queues, for admins only: the same staff session
// as the console, and — since the dashboard's own requests carry no CSRF token — state-changing
// calls are accepted only from the console's own origin (Origin / Sec-Fetch-Site), on top of the
// SameSite=Strict session cookie.

import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole } from '../auth/staff-auth.ts';
import { sessionIdFrom } from '../auth/session-cookie.ts';
import type { StaffSessions } from '../auth/staff-sessions.ts';
import type { StaffRecord } from '../ports.ts';

export const BULL_BOARD_PATH = '/console/queues';

export interface BullBoardDeps {
  queues: readonly Queue[];
  sessions: StaffSessions;
  findStaff: (id: string) => Promise<StaffRecord | null>;
}

export async function registerBullBoard(app: FastifyInstance, deps: BullBoardDeps): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q)), serverAdapter, options: { uiConfig: { boardTitle: 'Follow-up jobs' } } });
  await app.register(async (scoped) => {
    // Answered here rather than thrown: bull-board's own error handler would turn any error into a 500.
    scoped.addHook('onRequest', async (request, reply) => {
      const refusal = await refuse(request, deps);
      if (refusal) return reply.status(refusal.status).send({ error: { code: refusal.code, message: refusal.message } });
    });
    await scoped.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
  });
}

async function refuse(request: FastifyRequest, deps: BullBoardDeps): Promise<{ status: number; code: string; message: string } | undefined> {
  const sessionId = sessionIdFrom(request.headers.cookie);
  const session = sessionId ? await deps.sessions.get(sessionId) : null;
  const staff = session ? await deps.findStaff(session.staffId) : null;
  if (!staff || staff.disabled) return { status: 401, code: 'unauthorized', message: 'sign in to the console first (/console), as an admin' };
  if (!hasRole(staff, 'admin')) return { status: 403, code: 'forbidden', message: 'the job dashboard is for admins' };
  if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request)) return { status: 403, code: 'forbidden', message: 'job dashboard actions must come from the dashboard itself' };
  return undefined;
}

function sameOrigin(request: FastifyRequest): boolean {
  if (request.headers['sec-fetch-site'] === 'same-origin') return true;
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
