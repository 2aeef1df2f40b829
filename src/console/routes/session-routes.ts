// Staff sign-in, sign-out, "who am I" and changing one's own password. Sign-in answers the same
// for an unknown email and a wrong password, always runs scrypt, is locked for an email and IP
// after repeated failures (see LoginLimiter), and upgrades an old-format hash once it matched.

import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { signedIn } from '../auth/staff-auth.ts';
import { refuseWeakPassword } from '../auth/password-policy.ts';
import { clearedSessionCookie, sessionCookie } from '../auth/session-cookie.ts';
import type { StaffSession } from '../auth/staff-sessions.ts';
import type { ConsoleServices } from '../console-services.ts';
import { csrfHeader, errorSchema, staffSchema, staffWire } from './wire-schemas.ts';

const WRONG = 'wrong email or password';

export const sessionRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices }> = async (app, { console: services }) => {
  const { staff, sessions, loginLimiter, clock, passwords } = services;

  /** A new session for `staffId`, its cookie set on the reply. */
  async function startSession(staffId: string, request: FastifyRequest, reply: FastifyReply): Promise<StaffSession> {
    const session = await sessions.create(staffId);
    reply.header('set-cookie', sessionCookie(session.id, { maxAgeMs: sessions.ttl, secure: request.protocol === 'https' }));
    return session;
  }

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
      const { lockedMs, delayMs } = await loginLimiter.check(email, request.ip);
      if (lockedMs > 0) throw new DomainError('rate_limited', lockoutMessage(lockedMs, clock()));
      // Many failures for this email from everywhere: every try waits, right password or not.
      if (delayMs > 0) await sleep(delayMs);
      const account = await staff.findByEmail(email);
      // scrypt runs whether or not the account exists, so timing does not tell which emails do.
      const matches = await passwords.verify(request.body.password, account?.passwordHash);
      if (!account || !matches || account.disabled) {
        await loginLimiter.recordFailure(email, request.ip);
        throw new DomainError('unauthorized', WRONG);
      }
      await loginLimiter.recordSuccess(email, request.ip);
      if (passwords.needsRehash(account.passwordHash)) {
        await staff.upgradePasswordHash(account.id, account.passwordHash, await passwords.hash(request.body.password));
      }
      const session = await startSession(account.id, request, reply);
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

  app.post(
    '/api/staff/me/password',
    {
      schema: {
        summary: 'Change your own password: ends all your sessions and starts a new one here (new cookie and CSRF token)',
        tags: ['staff'],
        headers: csrfHeader,
        body: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: z.string().min(1).max(1024) }),
        response: { 200: z.object({ staff: staffSchema, csrfToken: z.string() }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const me = signedIn(request);
      const { currentPassword, newPassword } = request.body;
      // A stolen session must not be enough to take the account: the current password is needed,
      // and wrong guesses count against this email and IP like failed sign-ins.
      const { lockedMs } = await loginLimiter.check(me.email, request.ip);
      if (lockedMs > 0) throw new DomainError('rate_limited', lockoutMessage(lockedMs, clock()));
      const account = await staff.findByEmail(me.email);
      if (!account || !(await passwords.verify(currentPassword, account.passwordHash))) {
        await loginLimiter.recordFailure(me.email, request.ip);
        throw new DomainError('forbidden', 'body.currentPassword: that is not your current password');
      }
      refuseWeakPassword(newPassword, me.email, 'body.newPassword');
      if (currentPassword === newPassword) throw new DomainError('invalid_request', 'body.newPassword: choose a password different from the current one');
      await staff.update(me.id, { passwordHash: await passwords.hash(newPassword) }, me.id);
      // Everywhere else this account was signed in (a lost laptop, a shared screen) is signed out.
      await sessions.destroyAll(me.id);
      const session = await startSession(me.id, request, reply);
      return { staff: staffWire(me), csrfToken: session.csrfToken };
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
