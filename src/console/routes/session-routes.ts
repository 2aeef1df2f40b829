// Staff sign-in, sign-out and "who am I". Sign-in answers the same for an unknown email and a
// wrong password, always runs scrypt, and is locked for a while after repeated failures.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { signedIn } from '../auth/staff-auth.ts';
import { UNMATCHABLE_HASH, verifyPassword } from '../auth/password-hash.ts';
import { clearedSessionCookie, sessionCookie } from '../auth/session-cookie.ts';
import type { ConsoleServices } from '../console-services.ts';
import { csrfHeader, errorSchema, staffSchema, staffWire } from './wire-schemas.ts';

const WRONG = 'wrong email or password';

export const sessionRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices }> = async (app, { console: services }) => {
  const { staff, sessions, loginLimiter, clock } = services;

  app.post(
    '/api/staff/login',
    {
      config: { staffPublic: true },
      schema: {
        summary: 'Sign in; sets the session cookie and returns the CSRF token for state-changing calls',
        tags: ['staff'],
        body: z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) }),
        response: { 200: z.object({ staff: staffSchema, csrfToken: z.string() }), 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const email = request.body.email.toLowerCase();
      const lockedMs = await loginLimiter.lockedFor(email, request.ip);
      if (lockedMs > 0) throw new AppError('rate_limited', lockoutMessage(lockedMs, clock()));
      const account = await staff.findByEmail(email);
      // scrypt runs whether or not the account exists, so timing does not tell which emails do.
      const matches = await verifyPassword(request.body.password, account?.passwordHash ?? UNMATCHABLE_HASH);
      if (!account || !matches || account.disabled) {
        await loginLimiter.recordFailure(email, request.ip);
        throw new AppError('unauthorized', WRONG);
      }
      await loginLimiter.recordSuccess(email);
      const session = await sessions.create(account.id);
      reply.header('set-cookie', sessionCookie(session.id, { maxAgeMs: sessions.ttl, secure: request.protocol === 'https' }));
      return { staff: staffWire(account), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/staff/logout',
    {
      schema: { summary: 'Sign out (ends this session)', tags: ['staff'], headers: csrfHeader, response: { 204: z.null(), 401: errorSchema, 403: errorSchema } },
    },
    async (request, reply) => {
      await sessions.destroy(signedIn(request).session);
      reply.header('set-cookie', clearedSessionCookie(request.protocol === 'https'));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/staff/me',
    { schema: { summary: 'The signed-in staff member (and the session’s CSRF token)', tags: ['staff'], response: { 200: z.object({ staff: staffSchema, csrfToken: z.string() }), 401: errorSchema } } },
    async (request) => {
      const staff = signedIn(request);
      // The CSRF token too, so a second console page (the follow-ups view) can act for this session.
      return { staff: staffWire(staff), csrfToken: staff.session.csrfToken };
    },
  );
};

function lockoutMessage(ms: number, now: Date): string {
  const minutes = Math.ceil(ms / 60_000);
  const until = new Date(now.getTime() + ms).toISOString().slice(11, 16);
  return `too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'} (after ${until} UTC)`;
}
