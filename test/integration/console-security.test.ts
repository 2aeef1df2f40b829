// The staff console API under attack: sign-in answers, lockout, missing sessions, forged
// state changes without the CSRF token, roles, and the first admin created once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { StaffClient } from '../support/staff-client.ts';
import { freshDatabaseUrl, startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'root@care.test', password: 'violet kettle orbit lamp' };
const adminEnv = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCKOUT_MS: '600000' };

const PROTECTED: [string, string][] = [
  ['POST', '/api/staff/logout'],
  ['GET', '/api/staff/me'],
  ['GET', '/api/staff/conversations?status=queued'],
  ['GET', '/api/staff/conversations/x'],
  ['POST', '/api/staff/conversations/x/takeover'],
  ['POST', '/api/staff/conversations/x/messages'],
  ['POST', '/api/staff/conversations/x/handback'],
  ['POST', '/api/staff/conversations/x/close'],
  ['GET', '/api/staff/customers/x'],
  ['PATCH', '/api/staff/customers/x'],
  ['GET', '/api/staff/users'],
  ['POST', '/api/staff/users'],
  ['PATCH', '/api/staff/users/x'],
];

describe.each<StoreKind>(['sqlite', 'postgres'])('staff console security on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: adminEnv });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  it('signs in with an httpOnly, SameSite=Strict session cookie and returns a CSRF token', async () => {
    const client = new StaffClient(t.baseUrl);
    const response = await client.login(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ staff: { email: ADMIN.email, role: 'admin' }, csrfToken: expect.stringMatching(/^[\w-]{43}$/) });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^care_staff=[\w-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Max-Age=43200'); // STAFF_SESSION_TTL_MS default, 12 h
    expect(cookie).not.toContain('Secure'); // plain HTTP here; Secure is added over TLS
    expect((await client.get('/api/staff/me')).body).toMatchObject({ staff: { email: ADMIN.email } });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await new StaffClient(t.baseUrl).login(ADMIN.email, 'not the password at all');
    const unknown = await new StaffClient(t.baseUrl).login(`nobody-${randomUUID()}@care.test`, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('locks an email out from this address after the configured number of failures and says when to try again', async () => {
    const agent = await admin.createStaff('agent', 'Locky');
    const email = agent.staff!.email;
    for (let i = 0; i < 3; i++) expect((await new StaffClient(t.baseUrl).login(email, 'wrong password guess')).status).toBe(401);
    const locked = await new StaffClient(t.baseUrl).login(email, 'pw-Locky-long-enough');
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/try again in 10 minutes/) } });
    // Another account is not locked by it.
    expect((await new StaffClient(t.baseUrl).login(ADMIN.email, ADMIN.password)).status).toBe(200);
  }, 60_000);

  it('refuses every staff route without a session, and with a forged cookie', async () => {
    for (const [method, path] of PROTECTED) {
      const anonymous = await new StaffClient(t.baseUrl).request(method, path, method === 'GET' ? undefined : {});
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      expect(anonymous.body).toMatchObject({ error: { code: 'unauthorized' } });
      const forged = Object.assign(new StaffClient(t.baseUrl), { cookie: `care_staff=${'A'.repeat(43)}`, csrfToken: 'x' });
      expect((await forged.request(method, path, method === 'GET' ? undefined : {})).status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuses state changes without the right x-csrf-token, and changes nothing', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name: 'Csrf Target' });
    await customer.send('I want to talk to a person');
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    for (const csrf of [null, 'wrong-token', `${admin.csrfToken}x`]) {
      const takeover = await admin.request('POST', `/api/staff/conversations/${conversation.id}/takeover`, undefined, { csrf });
      expect(takeover.status).toBe(403);
      expect(takeover.body).toMatchObject({ error: { code: 'forbidden' } });
      const patch = await admin.request('PATCH', `/api/staff/customers/${customer.customerId}`, { tier: 'A' }, { csrf });
      expect(patch.status).toBe(403);
      const user = await admin.request('POST', '/api/staff/users', { email: 'x@care.test', name: 'X', password: 'long enough pass', role: 'admin' }, { csrf });
      expect(user.status).toBe(403);
      expect((await admin.request('POST', '/api/staff/logout', undefined, { csrf })).status).toBe(403);
    }
    const db = t.app.database.db;
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } })).toMatchObject({ status: 'queued', assignedStaffId: null });
    expect((await db.customer.findUniqueOrThrow({ where: { id: customer.customerId } })).tier).toBe('C');
    expect(await db.staff.count({ where: { email: 'x@care.test' } })).toBe(0);
    expect((await admin.get('/api/staff/me')).status).toBe(200);
  });

  it('lets an agent work conversations but not manage staff', async () => {
    const agent = await admin.createStaff('agent', 'Agnes');
    expect((await agent.get('/api/staff/conversations')).status).toBe(200);
    expect((await agent.get('/api/staff/users')).status).toBe(403);
    const create = await agent.post('/api/staff/users', { email: 'evil@care.test', name: 'Evil', password: 'long enough pass', role: 'admin' });
    expect(create).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const promote = await agent.patch(`/api/staff/users/${agent.staff!.id}`, { role: 'admin' });
    expect(promote.status).toBe(403);
    expect((await t.app.database.db.staff.findUniqueOrThrow({ where: { id: agent.staff!.id } })).role).toBe('agent');
  });

  it('audits role changes, and a disabled account loses its session and cannot sign in', async () => {
    const agent = await admin.createStaff('agent', 'Bea');
    const promoted = await admin.patch(`/api/staff/users/${agent.staff!.id}`, { role: 'supervisor' });
    expect(promoted).toMatchObject({ status: 200, body: { user: { role: 'supervisor' } } });
    const entry = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: agent.staff!.id, action: 'staff.role_changed' } });
    expect(entry.actorId).toBe(admin.staff!.id);
    expect(JSON.parse(entry.details)).toEqual({ role: { from: 'agent', to: 'supervisor' } });
    expect((await agent.get('/api/staff/me')).body).toMatchObject({ staff: { role: 'supervisor' } });

    expect((await admin.patch(`/api/staff/users/${agent.staff!.id}`, { disabled: true })).status).toBe(200);
    expect((await agent.get('/api/staff/me')).status).toBe(401);
    expect((await new StaffClient(t.baseUrl).login(agent.staff!.email, 'pw-Bea-long-enough')).status).toBe(401);
  });

  it('ends every session of a person whose password an admin changes', async () => {
    const agent = await admin.createStaff('agent', 'Cy');
    const second = await new StaffClient(t.baseUrl).signIn(agent.staff!.email, 'pw-Cy-long-enough');
    expect((await admin.patch(`/api/staff/users/${agent.staff!.id}`, { password: 'a brand new password' })).status).toBe(200);
    expect((await agent.get('/api/staff/me')).status).toBe(401);
    expect((await second.get('/api/staff/me')).status).toBe(401);
    expect((await new StaffClient(t.baseUrl).login(agent.staff!.email, 'pw-Cy-long-enough')).status).toBe(401);
    expect((await new StaffClient(t.baseUrl).login(agent.staff!.email, 'a brand new password')).status).toBe(200);
    const entry = await t.app.database.db.auditLog.findFirstOrThrow({ where: { entityId: agent.staff!.id, action: 'staff.updated' } });
    expect(JSON.parse(entry.details)).toEqual({ password: 'changed' });
    expect(entry.details).not.toContain('brand new');
  });

  it('ends the session on sign-out', async () => {
    const client = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    const out = await client.post('/api/staff/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await client.get('/api/staff/me')).status).toBe(401);
  });

  it('locks out an IP address that tries many emails', async () => {
    // An app of its own: the lockout covers every sign-in from this address.
    const own = await startTestApp({ store, env: adminEnv });
    try {
      for (let i = 0; i < 12; i++) expect((await new StaffClient(own.baseUrl).login(`guess-${i}@care.test`, 'password guess')).status).toBe(401);
      const locked = await new StaffClient(own.baseUrl).login(ADMIN.email, ADMIN.password);
      expect(locked).toMatchObject({ status: 429, body: { error: { message: expect.stringMatching(/try again in \d+ minutes? \(after \d\d:\d\d UTC\)/) } } });
    } finally {
      await own.close();
    }
  }, 120_000); // each failed sign-in runs scrypt

  it('creates the first admin once, even when two instances start together on one database', async () => {
    const databaseUrl = await freshDatabaseUrl(store);
    // Migrate first (concurrent first-time migrations of one SQLite file are a separate matter).
    await (await startTestApp({ databaseUrl })).close();
    const env = { ADMIN_EMAIL: 'first@care.test', ADMIN_PASSWORD: 'first admin password' };
    // At the service's own scrypt cost: the first admin's hash is made as in production.
    const apps = await Promise.all([startTestApp({ databaseUrl, env, productionPasswordCost: true }), startTestApp({ databaseUrl, env, productionPasswordCost: true })]);
    try {
      const restarted = await startTestApp({ databaseUrl, env: { ADMIN_EMAIL: 'second@care.test', ADMIN_PASSWORD: 'second admin password' }, productionPasswordCost: true });
      await restarted.close();
      const staff = await apps[0].app.database.db.staff.findMany();
      expect(staff.map((s) => [s.email, s.role])).toEqual([['first@care.test', 'admin']]);
      expect(staff[0]!.passwordHash).toMatch(/^scrypt\$2\$N=131072,r=8,p=1\$/);
      expect((await new StaffClient(apps[1].baseUrl).login('first@care.test', 'first admin password')).status).toBe(200);
    } finally {
      await Promise.all(apps.map((a) => a.close()));
    }
  });
});
