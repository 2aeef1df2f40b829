// The Microsoft Bot Framework channel with the real botbuilder CloudAdapter: activities arrive at
// POST /api/messages as a channel service would send them, and the bot's answers are captured on a
// loopback Bot Connector (the activities' serviceUrl). Auth is checked against a local key server.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotConnector } from '../support/bot-connector.ts';
import { BOT, BotFrameworkUser, choicesOf, textOf } from '../support/botframework-client.ts';
import { OpenIdIssuer } from '../support/openid-issuer.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

describe.each<StoreKind>(['sqlite', 'postgres'])('Bot Framework channel, anonymous, on %s', (store) => {
  let t: TestApp;
  let connector: BotConnector;
  const user = (options: ConstructorParameters<typeof BotFrameworkUser>[2] = {}) => new BotFrameworkUser(t.baseUrl, connector, options);
  const identityOf = (u: BotFrameworkUser) => t.app.identities.findIdentity('botframework', u.externalId);
  const botFramework = () => t.app.channels.find((c) => c.name === 'botframework')!;

  beforeAll(async () => {
    connector = await BotConnector.start();
    t = await startTestApp({ store, env: { BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true' } });
  });
  afterAll(async () => {
    await t?.close();
    await connector?.close();
  });

  it('walks a complaint to a recorded commitment, with typing first and choices as suggested actions', async () => {
    const alice = user({ name: 'Alice', locale: 'en-US' });
    const hello = await alice.say('Hello');
    expect(hello.status).toBe(200);
    expect(hello.all[0]!.type).toBe('typing');
    expect(textOf(hello)).not.toBe('');

    const complaint = await alice.say('The kettle from order 12345678 leaks water, very disappointing');
    expect(textOf(complaint)).toMatch(/sorry/i);
    const product = await alice.say('Mingyue Smart Kettle K2');
    expect(choicesOf(product)).toContain('A replacement');
    const buttons = product.replies.at(-1)!.suggestedActions!.actions;
    expect(buttons.every((b) => b.type === 'imBack')).toBe(true);

    const restated = await alice.say('A replacement');
    expect(textOf(restated)).toContain('12345678');
    const confirm = choicesOf(restated)[0]!;
    expect(confirm).toMatch(/yes/i);
    const options = await alice.say(confirm);
    const first = choicesOf(options)[0]!;
    expect(first).toMatch(/replacement/i);
    const agreement = await alice.say(first);
    const agree = choicesOf(agreement)[0]!;
    const done = await alice.say(agree);
    expect(textOf(done)).toMatch(/reference [0-9A-F]{8}/);
    for (const reply of done.replies) expect(reply).toMatchObject({ replyToId: expect.any(String), conversation: { id: alice.conversationId } });

    const identity = await identityOf(alice);
    const db = t.app.database.db;
    const customer = await db.customer.findUniqueOrThrow({ where: { id: identity!.customerId } });
    expect(customer.name).toBe('Alice');
    const commitment = await db.commitment.findFirstOrThrow({ where: { customerId: identity!.customerId } });
    expect(commitment.kind).toBe('replacement');
    const contact = await db.contact.findFirstOrThrow({ where: { customerId: identity!.customerId, kind: 'complaint' } });
    expect(contact.channel).toBe('botframework');
  });

  it('shows choices on Teams as a hero card with imBack buttons', async () => {
    const mei = user({ channelId: 'msteams', locale: 'en-US' });
    await mei.say('<at>Care Bot</at> The kettle from order 12345678 leaks water, very disappointing', {
      entities: [{ type: 'mention', mentioned: BOT, text: '<at>Care Bot</at>' }],
    });
    const product = await mei.say('Mingyue Smart Kettle K2');
    const card = product.replies.at(-1)!.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.hero');
    const content = card.content as { text: string; buttons: { type: string; value: string }[] };
    expect(content.text).not.toBe('');
    expect(content.buttons.map((b) => b.value)).toContain('A replacement');
    expect(content.buttons.every((b) => b.type === 'imBack')).toBe(true);
    const identity = await identityOf(mei);
    const [first] = await t.app.database.db.message.findMany({ where: { author: 'customer', conversation: { customerId: identity!.customerId } }, orderBy: { id: 'asc' } });
    expect(first!.text).toBe('The kettle from order 12345678 leaks water, very disappointing');
  });

  it('greets a new member once, even when the channel sends the same conversationUpdate again', async () => {
    const bob = user({ name: 'Bob', locale: 'en-US' });
    const update = bob.activity({ type: 'conversationUpdate', membersAdded: [{ id: bob.id, name: 'Bob' }, BOT] });
    const [first, concurrent] = await Promise.all([bob.send(update), bob.send(update)]);
    const again = await bob.send(update);
    const later = await bob.join();
    expect([first.status, concurrent.status, again.status, later.status]).toEqual([200, 200, 200, 200]);
    const greetings = connector.sentTo(bob.conversationId).filter((a) => a.type === 'message');
    expect(greetings).toHaveLength(1);
    expect(greetings[0]!.text).toMatch(/^Hi Bob!/);
    expect(greetings[0]!.recipient?.id).toBe(bob.id);
    expect(await identityOf(bob)).not.toBeNull();
  });

  it('does not greet the bot itself when it is added', async () => {
    const carol = user();
    const update = await carol.send(carol.activity({ type: 'conversationUpdate', membersAdded: [BOT] }));
    expect(update.status).toBe(200);
    expect(update.replies).toEqual([]);
  });

  it('answers a picture without text politely and asks for words', async () => {
    const dave = user({ locale: 'en-GB' });
    const photo = await dave.send(dave.activity({ attachments: [{ contentType: 'image/png', contentUrl: 'https://files.example/broken-kettle.png', name: 'broken-kettle.png' }] }));
    expect(photo.status).toBe(200);
    expect(textOf(photo)).toMatch(/thank you for the attachment/i);
    expect(textOf(photo)).toMatch(/describe/i);
  });

  it('keeps a picture sent with text as evidence of the complaint', async () => {
    const erin = user({ locale: 'en-US' });
    const reply = await erin.say('The blender from order 55554444 arrived broken, I am annoyed', {
      attachments: [
        { contentType: 'image/jpeg', contentUrl: 'https://files.example/blender.jpg', name: 'blender.jpg' },
        { contentType: 'text/html', content: '<p>x</p>' },
      ],
    });
    expect(textOf(reply)).toMatch(/sorry/i);
    const identity = await identityOf(erin);
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: identity!.customerId } });
    expect(JSON.parse(conversation.flowState).complaint.evidence).toEqual(['https://files.example/blender.jpg']);
  });

  it('replies in Chinese to a customer whose channel reports a Chinese locale', async () => {
    const wang = user({ name: '王先生', locale: 'zh-CN' });
    const welcome = await wang.join();
    expect(textOf(welcome)).toContain('王先生，您好');
    // Emoji carry no language of their own: the channel's locale decides.
    const answer = await wang.say('👋');
    expect(textOf(answer)).toMatch(/\p{Script=Han}/u);
    expect(textOf(answer)).not.toMatch(/[a-z]{4,}/i);
    const lin = user({ locale: 'zh-TW' });
    const first = await lin.say('👋');
    expect(textOf(first)).toMatch(/\p{Script=Han}/u);
    expect(textOf(first)).not.toMatch(/[a-z]{4,}/i);
    const english = await user({ locale: 'en-US' }).say('👋');
    expect(textOf(english)).toMatch(/[a-z]{4,}/i);
  });

  it('processes an activity delivered twice only once and sends its replies once', async () => {
    const frank = user({ locale: 'en-US' });
    const activity = frank.activity({ text: 'What payment methods do you accept?' });
    const [first, second] = await Promise.all([frank.send(activity), frank.send(activity)]);
    const third = await frank.send(activity);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const messages = connector.sentTo(frank.conversationId).filter((a) => a.type === 'message');
    expect(messages.length).toBeGreaterThan(0);
    expect(new Set(messages.map((m) => m.text)).size).toBe(messages.length);
    const identity = await identityOf(frank);
    const stored = await t.app.database.db.message.findMany({ where: { author: 'customer', conversation: { customerId: identity!.customerId } } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.channelMessageId).toBe(`botframework:webchat:${frank.conversationId}:${activity.id as string}`);
  });

  it('emits handoff.initiate with the transcript after the replies when the customer asks for a person', async () => {
    const grace = user({ locale: 'en-US' });
    await grace.say('Where is my parcel? Order 77778888');
    const handoff = await grace.say('I want to talk to a person');
    const last = handoff.replies.at(-1)!;
    expect(handoff.replies.slice(0, -1).every((a) => a.type === 'message')).toBe(true);
    expect(last).toMatchObject({ type: 'event', name: 'handoff.initiate', value: { reason: 'asked_for_person', priority: expect.any(Number) } });
    const attachment = last.attachments![0]!;
    expect(attachment).toMatchObject({ contentType: 'application/json', name: 'Transcript' });
    const content = attachment.content as { summary: string; transcript: { author: string; text: string }[] };
    expect(content.summary).not.toBe('');
    expect(content.transcript.filter((l) => l.author === 'customer').map((l) => l.text)).toEqual(['Where is my parcel? Order 77778888', 'I want to talk to a person']);
    expect(content.transcript.some((l) => l.author === 'bot')).toBe(true);
  });

  it('sends a proactive message through the stored conversation reference', async () => {
    const heidi = user({ name: 'Heidi', locale: 'en-US' });
    await heidi.say('hello');
    const identity = await identityOf(heidi);
    const outcome = await botFramework().outbound.send(
      { identityId: identity!.identityId, externalId: heidi.externalId },
      [{ text: 'Your replacement kettle has shipped.', choices: ['Thanks', 'Call me'] }],
      {
        mode: 'follow-up',
      },
    );
    expect(outcome).toEqual({ status: 'sent' });
    const call = await connector.waitFor((c) => c.conversationId === heidi.conversationId && c.activity.text === 'Your replacement kettle has shipped.');
    expect(call.activity.recipient?.id).toBe(heidi.id);
    expect(call.activity.suggestedActions!.actions.map((a) => a.value)).toEqual(['Thanks', 'Call me']);
  });

  it('reports a proactive message it cannot deliver and marks a gone conversation unreachable', async () => {
    const { outbound } = botFramework();
    const strangerId = crypto.randomUUID();
    const stranger = await t.app.identities.createIdentity({ channel: 'webchat', externalId: strangerId });
    expect(await outbound.send({ identityId: stranger.identityId, externalId: strangerId }, [{ text: 'hi' }], { mode: 'staff' })).toEqual({
      status: 'unreachable',
      reason: expect.stringContaining('has no Bot Framework conversation reference'),
    });

    const ivan = user({ locale: 'en-US' });
    await ivan.say('hello');
    const identity = (await identityOf(ivan))!;
    connector.gone.add(ivan.conversationId);
    expect(await outbound.send({ identityId: identity.identityId, externalId: ivan.externalId }, [{ text: 'Are you still there?' }], { mode: 'follow-up' })).toEqual({
      status: 'unreachable',
      reason: expect.stringContaining('the conversation is gone'),
    });
    const row = await t.app.database.db.channelIdentity.findUniqueOrThrow({ where: { id: identity.identityId } });
    expect(row.reachable).toBe(false);

    connector.gone.delete(ivan.conversationId);
    await ivan.say('I am back');
    const again = await t.app.database.db.channelIdentity.findUniqueOrThrow({ where: { id: identity.identityId } });
    expect(again.reachable).toBe(true);
  });

  it('refuses a malformed activity with 400 and our error format', async () => {
    const judy = user();
    const noType = await judy.send({ text: 'hi', from: { id: 'x' } });
    expect(noType.status).toBe(400);
    expect(noType.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('type') } });
    const broken = await fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('stays calm on activities it has no use for', async () => {
    const kim = user({ locale: 'en-US' });
    const reaction = await kim.send(kim.activity({ type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }));
    expect(reaction.status).toBe(200);
    expect(reaction.replies).toEqual([]);
    const cardValue = await kim.send(kim.activity({ value: { rating: 5 } }));
    expect(cardValue.status).toBe(200);
    expect(textOf(cardValue)).toMatch(/tell me in words/i);
    const invoke = await kim.send(kim.activity({ type: 'invoke', name: 'unknown/thing' }));
    expect(invoke.status).toBeLessThan(502);
  });
});

describe('Bot Framework channel with credentials', () => {
  const APP_ID = 'a3f1c6d2-0b1e-4a55-9c11-6a1d7e0c2b10';
  let t: TestApp;
  let connector: BotConnector;
  let issuer: OpenIdIssuer;

  beforeAll(async () => {
    connector = await BotConnector.start();
    issuer = await OpenIdIssuer.start();
    t = await startTestApp({
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant', BotOpenIdMetadata: issuer.metadataUrl },
    });
  });
  afterAll(async () => {
    await t?.close();
    await issuer?.close();
    await connector?.close();
  });

  const customer = () => new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US' });

  it('refuses an activity without a token with 401', async () => {
    const u = customer();
    const response = await u.say('hello');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
    expect(response.all).toEqual([]);
  });

  it('refuses a token signed with a key the channel never published with 401', async () => {
    const u = customer();
    const forged = issuer.forgedToken({ aud: APP_ID, serviceurl: connector.serviceUrl });
    const response = await u.send(u.activity({ text: 'hello' }), { authorization: `Bearer ${forged}` });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('refuses a valid signature for another bot, an expired token or a garbled one with 401', async () => {
    const u = customer();
    const otherBot = issuer.token({ aud: 'some-other-bot', serviceurl: connector.serviceUrl });
    const expired = issuer.token({ aud: APP_ID, serviceurl: connector.serviceUrl, expiresIn: -3600 });
    for (const header of [`Bearer ${otherBot}`, `Bearer ${expired}`, 'Bearer not.a.token', 'Basic abc']) {
      const response = await u.send(u.activity({ text: 'hello' }), { authorization: header });
      expect(response.status, header.slice(0, 20)).toBe(401);
    }
  });

  it('accepts a token signed by the published channel key', async () => {
    const u = customer();
    const token = issuer.token({ aud: APP_ID, serviceurl: connector.serviceUrl });
    const activity = u.activity({ text: 'What payment methods do you accept?' });
    const response = await u.send(activity, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    const stored = await t.app.database.db.message.findFirst({ where: { channelMessageId: `botframework:webchat:${u.conversationId}:${activity.id as string}` } });
    expect(stored?.text).toBe('What payment methods do you accept?');
  });
});
