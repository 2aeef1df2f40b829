// Staff live streams under attack (issue 12, finding 2): a console left open on a shared or stolen
// machine must stop receiving customers' messages the moment its sign-in ends — by signing out,
// a password change or an admin disabling the account — on whichever app instance it is connected.

import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'root@care.test', password: 'quiet otter harbour 9137 lantern' };

let a: TestApp;
let b: TestApp;
let admin: StaffClient;

beforeAll(async () => {
  a = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  // A second instance of the same deployment: same database, same Redis keys.
  b = await startTestApp({ databaseUrl: a.databaseUrl, redisPrefix: a.app.config.REDIS_PREFIX, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  admin = await new StaffClient(a.baseUrl).signIn(ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

function openStaffStream(app: TestApp, staff: StaffClient): Promise<SseReader> {
  return SseReader.open(`${app.baseUrl}/api/staff/events`, { cookie: staff.cookie, ready: 'ready' });
}

/** The stream is live: a customer's message reaches it. */
async function expectLive(app: TestApp, stream: SseReader): Promise<void> {
  const marker = `still live ${randomUUID()}`;
  const customer = await new WebchatCustomer(app.baseUrl).start();
  expect((await customer.send(marker)).status).toBe(200);
  await stream.waitFor((e) => e.event === 'message' && (e.data as { text: string }).text === marker);
}

describe('staff event streams end with the sign-in', () => {
  it('signing out closes the open stream', async () => {
    const agent = await admin.createStaff('agent', 'Ann');
    const stream = await openStaffStream(a, agent);
    await expectLive(a, stream);
    expect((await agent.post('/api/staff/logout')).status).toBe(204);
    await stream.ended();
    // And it cannot be opened again with the old cookie.
    expect((await fetch(`${a.baseUrl}/api/staff/events`, { headers: { cookie: agent.cookie } })).status).toBe(401);
  });

  it('an admin disabling the account closes every stream of that person', async () => {
    const agent = await admin.createStaff('agent', 'Bo');
    const first = await openStaffStream(a, agent);
    const second = await openStaffStream(a, agent);
    expect((await admin.patch(`/api/staff/users/${agent.staff!.id}`, { disabled: true })).status).toBe(200);
    await first.ended();
    await second.ended();
  });

  it('a new password closes the streams of every session of that person', async () => {
    const agent = await admin.createStaff('agent', 'Cy');
    const stream = await openStaffStream(a, agent);
    const changed = await admin.patch(`/api/staff/users/${agent.staff!.id}`, { password: `a fresh passphrase ${randomUUID()}` });
    expect(changed.status).toBe(200);
    await stream.ended();
  });

  it('signing out on one instance closes the stream held open on another', async () => {
    const agent = await admin.createStaff('agent', 'Di');
    const onB = await openStaffStream(b, agent);
    await expectLive(a, onB);
    const other = await openStaffStream(a, admin);
    // Signed out through instance A; the stream lives on instance B.
    const signOut = await fetch(`${a.baseUrl}/api/staff/logout`, { method: 'POST', headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken } });
    expect(signOut.status).toBe(204);
    await onB.ended();
    // Nobody else's stream ends with it.
    await expectLive(a, other);
    other.close();
  });
});

describe('a staff stream whose sign-in lapses without anyone ending it', () => {
  let quick: TestApp;
  let redis: Redis;

  beforeAll(async () => {
    // A short heartbeat, so the re-check comes round within the test.
    quick = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, SSE_HEARTBEAT_MS: '1000' } });
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    redis?.disconnect();
    await quick?.close();
  });

  it('closes at the next heartbeat once the session is gone (expired in Redis, not signed out)', async () => {
    const lead = await new StaffClient(quick.baseUrl).signIn(ADMIN.email, ADMIN.password);
    const stream = await openStaffStream(quick, lead);
    await expectLive(quick, stream);
    // What STAFF_SESSION_TTL_MS does on its own: the key just disappears, and nothing is announced.
    const keys = await redis.keys(`${quick.app.config.REDIS_PREFIX}staff:session:*`);
    expect(keys).toHaveLength(1);
    await redis.del(keys[0]!);
    await stream.ended();
  });
});
