// Web chat tokens under attack (issue 12, finding 1): a token copied from a log or a shared
// computer must not work forever, must not be accepted in the history URL, and the live stream
// must be reachable without putting the token in a URL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseReader } from '../support/sse-reader.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const DAY_MS = 24 * 60 * 60_000;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { WEBCHAT_SESSION_TTL_DAYS: '30' } });
});
afterAll(async () => t?.close());

async function customer(): Promise<WebchatCustomer> {
  return new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
}

/** The token's identity row, where its last use is kept. */
function identityOf(c: WebchatCustomer) {
  return t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'webchat', externalId: c.sessionId } });
}

async function setLastUse(c: WebchatCustomer, use: { lastSeenAt: Date | null; createdAt?: Date }): Promise<void> {
  const identity = await identityOf(c);
  await t.app.database.db.channelIdentity.update({ where: { id: identity.id }, data: use });
}

async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

const bearer = (c: WebchatCustomer) => ({ authorization: `Bearer ${c.token}` });

describe('web chat session expiry (WEBCHAT_SESSION_TTL_DAYS)', () => {
  it('refuses a token unused for longer than the TTL everywhere, saying to start a new session', async () => {
    const old = await customer();
    expect((await old.send('hello')).status).toBe(200);
    await setLastUse(old, { lastSeenAt: new Date(Date.now() - 31 * DAY_MS) });

    const sent = await old.send('where is my parcel?');
    expect(sent.status).toBe(401);
    expect(sent.body).toEqual({ error: { code: 'unauthorized', message: expect.stringMatching(/expired.*start a new session/i) } });
    for (const response of [
      await fetch(`${t.baseUrl}/api/webchat/history`, { headers: bearer(old) }),
      await fetch(`${t.baseUrl}/api/webchat/events/ticket`, { method: 'POST', headers: bearer(old) }),
      await fetch(`${t.baseUrl}/api/webchat/events?token=${encodeURIComponent(old.token)}`),
    ]) {
      const error = await errorOf(response);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(error.message).toMatch(/start a new session/i);
    }
    // A new session works at once.
    expect((await (await customer()).send('hello')).status).toBe(200);
  });

  it('counts a token never used from when it was made', async () => {
    const unused = await customer();
    await setLastUse(unused, { lastSeenAt: null, createdAt: new Date(Date.now() - 31 * DAY_MS) });
    expect((await unused.send('hello')).status).toBe(401);
  });

  it('slides: a token used within the TTL keeps working, and the use moves its expiry forward', async () => {
    const regular = await customer();
    const twentyNineDaysAgo = new Date(Date.now() - 29 * DAY_MS);
    await setLastUse(regular, { lastSeenAt: twentyNineDaysAgo, createdAt: new Date(Date.now() - 200 * DAY_MS) });
    expect((await regular.send('hello')).status).toBe(200);
    const { lastSeenAt } = await identityOf(regular);
    expect(lastSeenAt!.getTime()).toBeGreaterThan(twentyNineDaysAgo.getTime() + 28 * DAY_MS);
  });

  it('writes the last use at most once an hour, not on every message', async () => {
    const chatty = await customer();
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await setLastUse(chatty, { lastSeenAt: tenMinutesAgo });
    expect((await chatty.send('hello')).status).toBe(200);
    expect((await chatty.send('how long does delivery take?')).status).toBe(200);
    expect((await identityOf(chatty)).lastSeenAt).toEqual(tenMinutesAgo);
  });
});

describe('the token stays out of URLs', () => {
  it('history refuses ?token= with 401 saying to use the Authorization header', async () => {
    const c = await customer();
    expect((await c.send('hello')).status).toBe(200);
    const error = await errorOf(await fetch(`${t.baseUrl}/api/webchat/history?token=${encodeURIComponent(c.token)}`));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(error.message).toMatch(/Authorization: Bearer/);
    // Even together with a valid header: a URL with the token is never the way in.
    const both = await fetch(`${t.baseUrl}/api/webchat/history?token=${encodeURIComponent(c.token)}`, { headers: bearer(c) });
    expect(both.status).toBe(401);
    expect((await c.history()).messages.length).toBeGreaterThan(0);
  });

  it('opens the live stream with a one-use ticket from POST /api/webchat/events/ticket', async () => {
    const c = await customer();
    expect((await c.send('hello')).status).toBe(200);
    const issued = await fetch(`${t.baseUrl}/api/webchat/events/ticket`, { method: 'POST', headers: bearer(c) });
    expect(issued.status).toBe(200);
    const { ticket, expiresInSeconds } = (await issued.json()) as { ticket: string; expiresInSeconds: number };
    expect(expiresInSeconds).toBe(60);
    expect(ticket).not.toContain(c.token);

    const stream = await SseReader.open(`${t.baseUrl}/api/webchat/events?ticket=${encodeURIComponent(ticket)}`);
    try {
      const sent = await c.send('how long does delivery take?');
      const reply = sent.replies.at(-1)!;
      await stream.waitFor((e) => e.event === 'message' && (e.data as { id: number }).id === reply.id);
    } finally {
      stream.close();
    }
    // Spent: a ticket copied from a log opens nothing.
    const again = await errorOf(await fetch(`${t.baseUrl}/api/webchat/events?ticket=${encodeURIComponent(ticket)}`));
    expect(again).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(again.message).toMatch(/ticket/);
  });

  it('refuses a made-up ticket and a ticket request without the token', async () => {
    expect((await errorOf(await fetch(`${t.baseUrl}/api/webchat/events?ticket=made-up`))).status).toBe(401);
    expect((await errorOf(await fetch(`${t.baseUrl}/api/webchat/events/ticket`, { method: 'POST' }))).status).toBe(401);
  });

  it('still accepts ?token= on the events route, for existing clients', async () => {
    const c = await customer();
    const stream = await SseReader.open(`${t.baseUrl}/api/webchat/events?token=${encodeURIComponent(c.token)}`);
    stream.close();
  });
});

describe('an open live stream of a session that lapses', () => {
  let quick: TestApp;

  beforeAll(async () => {
    // A short heartbeat, so the re-check comes round within the test.
    quick = await startTestApp({ env: { SSE_HEARTBEAT_MS: '1000' } });
  });
  afterAll(async () => quick?.close());

  it('ends at the next heartbeat once the session expired, though the stream itself stayed open', async () => {
    const c = await new WebchatCustomer(quick.baseUrl).start({ locale: 'en' });
    expect((await c.send('hello')).status).toBe(200);
    const stream = await SseReader.open(`${quick.baseUrl}/api/webchat/events?token=${encodeURIComponent(c.token)}`, { ready: 'status' });
    const identity = await quick.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'webchat', externalId: c.sessionId } });
    await quick.app.database.db.channelIdentity.update({ where: { id: identity.id }, data: { lastSeenAt: new Date(Date.now() - 31 * DAY_MS) } });
    await stream.ended();
  });
});
