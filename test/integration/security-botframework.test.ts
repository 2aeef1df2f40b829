// Issue 12, finding 6: the Bot Framework endpoint is closed without credentials, anonymous mode
// (for the local Emulator) talks only to loopback, the route has its own rate limit, activities
// botbuilder cannot answer get 400, and a forged from.id cannot take over a customer's conversation.

import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnector } from '../support/bot-connector.ts';
import { BOT, BotFrameworkUser, textOf } from '../support/botframework-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { roomInWindow } from '../support/rate-window.ts';

const ANONYMOUS = { BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' };

/** An address of this machine that is not loopback (a LAN address), standing for any host a forged serviceUrl could name. */
function offLoopbackAddress(): string {
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4');
  // Without a LAN interface: loopback written as IPv4-mapped IPv6, which still is not a loopback serviceUrl.
  return lan?.address ?? '::ffff:127.0.0.1';
}

describe('Bot Framework without credentials or anonymous mode', () => {
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
    const user = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });
    const answer = await user.say('hello');
    expect(answer.status).toBe(401);
    const { error } = answer.body as { error: { code: string; message: string } };
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('MicrosoftAppId');
    expect(error.message).toContain('BOTFRAMEWORK_ALLOW_ANONYMOUS=true');
    expect(connector.calls).toEqual([]);
    expect(await t.app.identities.findIdentity('botframework', user.externalId)).toBeNull();
    // Refused before the body is read: a broken body gets the same answer.
    const broken = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(401);
  });
});

describe('Bot Framework in anonymous mode', () => {
  let t: TestApp;
  let connector: BotConnector;
  let elsewhere: BotConnector;
  const outbound = () => t.app.channels.find((c) => c.name === 'botframework')!.outbound;
  const referenceOf = async (externalId: string) => {
    const row = await t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'botframework', externalId } });
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
    const user = new BotFrameworkUser(t.baseUrl, elsewhere, { locale: 'en-US' });
    for (const activity of [user.activity({ text: 'hello' }), user.activity({ type: 'conversationUpdate', membersAdded: [{ id: user.id }, BOT] })]) {
      const answer = await user.send(activity);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('serviceUrl') } });
    }
    for (const serviceUrl of ['http://169.254.169.254/latest/meta-data/', 'http://127.0.0.1.nip.io/', 'file:///etc/passwd', 'http://user:pw@127.0.0.1/']) {
      expect((await user.send(user.activity({ text: 'hello', serviceUrl }))).status, serviceUrl).toBe(400);
    }
    expect(elsewhere.calls).toEqual([]);
    expect(await t.app.identities.findIdentity('botframework', user.externalId)).toBeNull();
  });

  it('does not send staff messages or follow-ups to a stored serviceUrl off this machine', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });
    expect((await user.say('hello')).status).toBe(200);
    const identity = (await t.app.identities.findIdentity('botframework', user.externalId))!;
    // As if stored while the bot had credentials: pointing at the real Bot Connector, not the Emulator.
    const reference = { ...(await referenceOf(user.externalId)), serviceUrl: elsewhere.serviceUrl };
    await t.app.identities.saveReference(identity.identityId, JSON.stringify(reference));

    expect(await outbound().send({ identityId: identity.identityId, externalId: user.externalId }, [{ text: 'Your refund was paid.' }], { mode: 'follow-up' })).toEqual({
      status: 'unreachable',
      reason: expect.stringContaining('without MicrosoftAppId the bot sends only to loopback serviceUrls'),
    });
    expect(elsewhere.calls).toEqual([]);
  });

  it('answers activities botbuilder cannot handle with 400 and a readable message, not a failed turn', async () => {
    const user = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });
    const cases: [string, Record<string, unknown>][] = [
      ['recipient', user.activity({ text: 'hello', recipient: undefined })],
      ['conversation', user.activity({ text: 'hello', conversation: {} })],
      ['from', user.activity({ text: 'hello', from: { name: 'no id' } })],
      ['entities', user.activity({ text: 'hello', entities: null })],
      ['mentioned', user.activity({ text: '<at>Care Bot</at> hello', entities: [{ type: 'mention', text: '<at>Care Bot</at>' }] })],
    ];
    for (const [field, activity] of cases) {
      const answer = await user.send(activity);
      expect(answer.status, field).toBe(400);
      expect(answer.body, field).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining(field) } });
    }
    expect(connector.sentTo(user.conversationId)).toEqual([]);
    expect(await t.app.identities.findIdentity('botframework', user.externalId)).toBeNull();
  });

  it('keeps a customer’s conversation and history from someone who claims their user id from another conversation', async () => {
    const victim = new BotFrameworkUser(t.baseUrl, connector, { name: 'Alice', locale: 'en-US' });
    await victim.say('The kettle from order 12345678 leaks water, very disappointing');
    const victimIdentity = (await t.app.identities.findIdentity('botframework', victim.externalId))!;

    const attacker = new BotFrameworkUser(t.baseUrl, connector, { id: victim.id, name: 'Alice', locale: 'en-US' });
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
    expect((await t.app.identities.findIdentity('botframework', victim.externalId))!.customerId).toBe(victimIdentity.customerId);
  });
});

describe('Bot Framework rate limit', () => {
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
    const user = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });
    // A client address of its own (any 127.x.y.z reaches the server), so no other test shares its count.
    const client = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 250)}`;
    const statuses: number[] = [];
    let last: unknown;
    await roomInWindow(60_000, 15_000);
    for (let i = 0; i < 4; i += 1) {
      const answer = await postFrom(client, `${t.baseUrl}/api/messages`, user.activity({ type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }));
      statuses.push(answer.status);
      last = answer.body;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last).toMatchObject({ error: { code: 'rate_limited' } });
  });
});

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
