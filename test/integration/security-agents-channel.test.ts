// The Agents SDK endpoint (/api/agents/messages) holds to the same rules as /api/messages: closed
// without credentials, anonymous mode (for the local Emulator) talks only to loopback, channel
// tokens are checked against the published keys (a local key server here) and replies go out with
// the bot's own token, the route has its own rate limit, and a forged from.id cannot take over a
// customer's conversation.

import { request } from 'node:http';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnector } from '../support/bot-connector.ts';
import { BOT, BotFrameworkUser, textOf, type BotFrameworkUserOptions } from '../support/botframework-client.ts';
import { ManagedIdentityEndpoint } from '../support/managed-identity-endpoint.ts';
import { OpenIdIssuer } from '../support/openid-issuer.ts';
import { roomInWindow } from '../support/rate-window.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const AGENTS_PATH = '/api/agents/messages';
const ANONYMOUS = { BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' };
const APP_ID = '5b0e1c7a-4f3d-4e52-9a61-2c8d0f7e9b31';

/** An address of this machine that is not loopback (a LAN address), standing for any host a forged serviceUrl could name. */
function offLoopbackAddress(): string {
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4');
  // Without a LAN interface: loopback written as IPv4-mapped IPv6, which still is not a loopback serviceUrl.
  return lan?.address ?? '::ffff:127.0.0.1';
}

const customer = (t: TestApp, connector: BotConnector, options: BotFrameworkUserOptions = {}) => new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US', ...options, path: AGENTS_PATH });

describe('Agents SDK endpoint without credentials or anonymous mode', () => {
  let t: TestApp;
  let connector: BotConnector;

  beforeAll(async () => {
    connector = await BotConnector.start();
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await connector?.close();
  });

  it('refuses every activity with 401 and says how to configure the channel', async () => {
    const user = customer(t, connector);
    const answer = await user.say('hello');
    expect(answer.status).toBe(401);
    const { error } = answer.body as { error: { code: string; message: string } };
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('MicrosoftAppId');
    expect(error.message).toContain('BOTFRAMEWORK_ALLOW_ANONYMOUS=true');
    expect(connector.calls).toEqual([]);
    expect(await t.app.identities.findIdentity('agents', user.externalId)).toBeNull();
    // Refused before the body is read: a broken body gets the same answer.
    const broken = await fetch(`${t.baseUrl}${AGENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(401);
  });
});

describe('Agents SDK endpoint in anonymous mode', () => {
  let t: TestApp;
  let connector: BotConnector;
  let elsewhere: BotConnector;
  const outbound = () => t.app.channels.find((c) => c.name === 'agents')!.outbound;
  const referenceOf = async (externalId: string) => {
    const row = await t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'agents', externalId } });
    return JSON.parse(row.reference!) as { serviceUrl: string; conversation: { id: string } };
  };

  beforeAll(async () => {
    connector = await BotConnector.start();
    elsewhere = await BotConnector.start(offLoopbackAddress());
    t = await startTestApp({ env: ANONYMOUS });
  });
  afterAll(async () => {
    await t?.close();
    await connector?.close();
    await elsewhere?.close();
  });

  it('answers an activity whose serviceUrl is not on this machine with 400 and sends it nothing', async () => {
    const user = customer(t, elsewhere);
    for (const activity of [user.activity({ text: 'hello' }), user.activity({ type: 'conversationUpdate', membersAdded: [{ id: user.id }, BOT] })]) {
      const answer = await user.send(activity);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('serviceUrl') } });
    }
    for (const serviceUrl of ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1.nip.io/', 'file:///etc/passwd', 'http://user:pw@127.0.0.1/']) {
      expect((await user.send(user.activity({ text: 'hello', serviceUrl }))).status, serviceUrl).toBe(400);
    }
    expect(elsewhere.calls).toEqual([]);
    expect(await t.app.identities.findIdentity('agents', user.externalId)).toBeNull();
  });

  it('does not send staff messages or follow-ups to a stored serviceUrl off this machine', async () => {
    const user = customer(t, connector);
    expect((await user.say('hello')).status).toBe(200);
    const identity = (await t.app.identities.findIdentity('agents', user.externalId))!;
    // As if stored while the bot had credentials: pointing at the real Bot Connector, not the Emulator.
    const reference = { ...(await referenceOf(user.externalId)), serviceUrl: elsewhere.serviceUrl };
    await t.app.identities.saveReference(identity.identityId, JSON.stringify(reference));

    expect(await outbound().send({ identityId: identity.identityId, externalId: user.externalId }, [{ text: 'Your refund was paid.' }], { mode: 'follow-up' })).toEqual({
      status: 'unreachable',
      reason: expect.stringContaining('without MicrosoftAppId the bot sends only to loopback serviceUrls'),
    });
    expect(elsewhere.calls).toEqual([]);
  });

  it('answers activities the bot cannot handle with 400 and a readable message, not a failed turn', async () => {
    const user = customer(t, connector);
    const cases: [string, Record<string, unknown>][] = [
      ['recipient', user.activity({ text: 'hello', recipient: undefined })],
      ['conversation', user.activity({ text: 'hello', conversation: {} })],
      ['from', user.activity({ text: 'hello', from: { name: 'no id' } })],
      ['entities', user.activity({ text: 'hello', entities: null })],
      ['mentioned', user.activity({ text: '<at>Care Bot</at> hello', entities: [{ type: 'mention', text: '<at>Care Bot</at>' }] })],
      ['attachments', user.activity({ text: 'hello', attachments: [{ contentType: '' }] })],
    ];
    for (const [field, activity] of cases) {
      const answer = await user.send(activity);
      expect(answer.status, field).toBe(400);
      expect(answer.body, field).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining(field) } });
    }
    expect(connector.sentTo(user.conversationId)).toEqual([]);
    expect(await t.app.identities.findIdentity('agents', user.externalId)).toBeNull();
  });

  it('keeps a customer’s conversation and history from someone who claims their user id from another conversation', async () => {
    const victim = customer(t, connector, { name: 'Alice' });
    await victim.say('The kettle from order 12345678 leaks water, very disappointing');
    const victimIdentity = (await t.app.identities.findIdentity('agents', victim.externalId))!;

    const attacker = customer(t, connector, { id: victim.id, name: 'Alice' });
    expect(attacker.externalId).toBe(victim.externalId);
    await attacker.join();
    await attacker.say('hello');
    const handoff = await attacker.say('I want to talk to a person');

    // What the attacker sees carries nothing of the victim's conversation.
    const transcript = handoff.replies.find((a) => a.type === 'event')?.attachments?.[0]?.content as { transcript: { author: string; text: string }[] };
    expect(transcript.transcript.filter((l) => l.author === 'customer').map((l) => l.text)).toEqual(['hello', 'I want to talk to a person']);
    expect(
      connector
        .sentTo(attacker.conversationId)
        .map((a) => a.text ?? '')
        .join('\n'),
    ).not.toContain('12345678');

    // The victim's card and reference are untouched: staff replies and follow-ups still go to their conversation.
    expect(await referenceOf(victim.externalId)).toMatchObject({ conversation: { id: victim.conversationId } });
    const victimMessages = await t.app.conversations.customerHistory(victimIdentity.customerId);
    expect(victimMessages.filter((m) => m.author === 'customer').map((m) => m.text)).toEqual(['The kettle from order 12345678 leaks water, very disappointing']);
    expect(await outbound().send({ identityId: victimIdentity.identityId, externalId: victim.externalId }, [{ text: 'A colleague will call you about the kettle.' }], { mode: 'staff' })).toEqual({
      status: 'sent',
    });
    const call = await connector.waitFor((c) => c.activity.text === 'A colleague will call you about the kettle.');
    expect(call.conversationId).toBe(victim.conversationId);

    // The victim keeps talking in their own conversation as before.
    expect(textOf(await victim.say('Mingyue Smart Kettle K2'))).not.toBe('');
    expect((await t.app.identities.findIdentity('agents', victim.externalId))!.customerId).toBe(victimIdentity.customerId);
  });
});

describe('Agents SDK endpoint with credentials (a user-assigned managed identity)', () => {
  let t: TestApp;
  let connector: BotConnector;
  let issuer: OpenIdIssuer;
  let identityEndpoint: ManagedIdentityEndpoint;
  /** Where the bot looks for the keys of Entra-issued channel tokens: the local key server, as a tenant's authority. */
  let authority: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    connector = await BotConnector.start();
    issuer = await OpenIdIssuer.start();
    identityEndpoint = await ManagedIdentityEndpoint.start();
    // MSAL reads App Service's managed identity settings from the process environment, as it would in Azure.
    for (const [name, value] of Object.entries(identityEndpoint.environment)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    authority = `${new URL(issuer.metadataUrl).origin}/care-tenant`;
    t = await startTestApp({ env: { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', AGENTS_AUTHORITY_ENDPOINT: authority } });
  });
  afterAll(async () => {
    await t?.close();
    await identityEndpoint?.close();
    await issuer?.close();
    await connector?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** A channel token as Entra issues it for the bot's tenant, signed with the published key. */
  const token = (claims: Partial<Parameters<OpenIdIssuer['token']>[0]> = {}) => issuer.token({ aud: APP_ID, serviceurl: connector.serviceUrl, iss: `${authority}/v2.0`, ...claims });

  it('refuses an activity without a token with 401', async () => {
    const u = customer(t, connector);
    const response = await u.say('hello');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(response.all).toEqual([]);
  });

  it('refuses a token signed with a key the channel never published with 401', async () => {
    const u = customer(t, connector);
    const forged = issuer.forgedToken({ aud: APP_ID, serviceurl: connector.serviceUrl, iss: `${authority}/v2.0` });
    const response = await u.send(u.activity({ text: 'hello' }), { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(await t.app.identities.findIdentity('agents', u.externalId)).toBeNull();
  });

  it('refuses a valid signature for another bot or another issuer, an expired token or a garbled one with 401', async () => {
    const u = customer(t, connector);
    const otherBot = token({ aud: 'some-other-bot' });
    const otherIssuer = token({ iss: `${new URL(authority).origin}/another-tenant/v2.0` });
    // Past the SDK's five minutes of clock tolerance.
    const expired = token({ expiresIn: -3600 });
    for (const header of [`Bearer ${otherBot}`, `Bearer ${otherIssuer}`, `Bearer ${expired}`, 'Bearer not.a.token', 'Basic abc']) {
      const response = await u.send(u.activity({ text: 'hello' }), { authorization: header });
      expect(response.status, header.slice(0, 20)).toBe(401);
    }
    expect(connector.sentTo(u.conversationId)).toEqual([]);
  });

  it('refuses a valid token for another serviceUrl with 400 and sends nothing there', async () => {
    const u = customer(t, connector);
    const response = await u.send(u.activity({ text: 'hello' }), { authorization: `Bearer ${token({ serviceurl: 'https://smba.trafficmanager.net/emea/' })}` });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('serviceUrl') } });
    expect(connector.sentTo(u.conversationId)).toEqual([]);
  });

  it('accepts a token signed by the published key and answers with the bot’s own token', async () => {
    const u = customer(t, connector);
    const activity = u.activity({ text: 'What payment methods do you accept?' });
    const response = await u.send(activity, { authorization: `Bearer ${token()}` });
    expect(response.status).toBe(200);
    expect(textOf(response)).not.toBe('');
    const stored = await t.app.database.db.message.findFirst({ where: { channelMessageId: `agents:webchat:${u.conversationId}:${activity.id as string}` } });
    expect(stored?.text).toBe('What payment methods do you accept?');
    // Replies carry a token the managed identity got for the Bot Connector.
    const replies = connector.calls.filter((c) => c.conversationId === u.conversationId);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(identityEndpoint.tokens.map((t) => `Bearer ${t}`)).toContain(reply.authorization);
    expect(identityEndpoint.requests[0]).toEqual({ resource: 'https://api.botframework.com', clientId: APP_ID });
  });

  it('sends proactive messages with the bot’s own token, also to a serviceUrl an authenticated channel named', async () => {
    const u = customer(t, connector);
    await u.send(u.activity({ text: 'hello' }), { authorization: `Bearer ${token()}` });
    const identity = (await t.app.identities.findIdentity('agents', u.externalId))!;
    const outbound = t.app.channels.find((c) => c.name === 'agents')!.outbound;
    expect(await outbound.send({ identityId: identity.identityId, externalId: u.externalId }, [{ text: 'Your refund was paid.' }], { mode: 'follow-up' })).toEqual({ status: 'sent' });
    const call = await connector.waitFor((c) => c.conversationId === u.conversationId && c.activity.text === 'Your refund was paid.');
    expect(call.authorization).toMatch(/^Bearer msi-/);
  });
});

describe('Agents SDK endpoint when the keys that sign channel tokens are out of reach', () => {
  let t: TestApp;
  let connector: BotConnector;
  let issuer: OpenIdIssuer;
  let authority: string;

  beforeAll(async () => {
    connector = await BotConnector.start();
    issuer = await OpenIdIssuer.start();
    authority = `http://127.0.0.1:${await closedPort()}/care-tenant`;
    t = await startTestApp({ env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'SingleTenant', AGENTS_AUTHORITY_ENDPOINT: authority } });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
    await connector?.close();
  });

  it('answers 500 so that the channel sends the activity again later, rather than 401 which it would not', async () => {
    const u = customer(t, connector);
    const valid = issuer.token({ aud: APP_ID, serviceurl: connector.serviceUrl, iss: `${authority}/v2.0` });
    const response = await u.send(u.activity({ text: 'hello' }), { authorization: `Bearer ${valid}` });
    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ error: { code: 'internal', message: expect.stringContaining('retry') } });
    expect(connector.calls).toEqual([]);
  });
});

describe('Agents SDK endpoint rate limit', () => {
  let t: TestApp;
  let connector: BotConnector;

  beforeAll(async () => {
    connector = await BotConnector.start();
    t = await startTestApp({ env: { ...ANONYMOUS, BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t?.close();
    await connector?.close();
  });

  it('answers 429 once a client sends more activities per minute than BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE', async () => {
    const user = customer(t, connector);
    // A client address of its own (any 127.x.y.z reaches the server), so no other test shares its count.
    const client = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    let last: unknown;
    await roomInWindow(60_000, 15_000);
    for (let i = 0; i < 4; i += 1) {
      const answer = await postFrom(client, `${t.baseUrl}${AGENTS_PATH}`, user.activity({ type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }));
      statuses.push(answer.status);
      last = answer.body;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

/** A loopback port nothing listens on: taken from the system, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** POSTs JSON from the given local address (fetch cannot choose one). */
function postFrom(localAddress: string, url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
