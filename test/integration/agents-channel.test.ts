// The Microsoft 365 Agents SDK channel with the real @microsoft/agents-hosting CloudAdapter:
// activities arrive at POST /api/agents/messages as a channel service would send them, and the
// bot's answers are captured on a loopback Bot Connector (the activities' serviceUrl). Tokens are
// checked in security-agents-channel.test.ts.

import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSendingChannels } from '../../src/channels/sending-channels.ts';
import { RedisSendPace } from '../../src/redis/redis-send-pace.ts';
import { BotConnector } from '../support/bot-connector.ts';
import { BOT, BotFrameworkUser, choicesOf, textOf, type BotFrameworkUserOptions } from '../support/botframework-client.ts';
import { startTestApp, testContent, type StoreKind, type TestApp } from '../support/test-app.ts';

const AGENTS_PATH = '/api/agents/messages';

describe.each<StoreKind>(['sqlite', 'postgres'])('Agents SDK channel, anonymous, on %s', (store) => {
  let t: TestApp;
  let connector: BotConnector;
  const user = (options: BotFrameworkUserOptions = {}) => new BotFrameworkUser(t.baseUrl, connector, { ...options, path: AGENTS_PATH });
  const identityOf = (u: BotFrameworkUser) => t.app.identities.findIdentity('agents', u.externalId);
  const agents = () => t.app.channels.find((c) => c.name === 'agents')!;

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
    expect(buttons.every((b) => b.type === 'imBack' && b.title === b.value)).toBe(true);

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
    for (const reply of done.replies) expect(reply).toMatchObject({ replyToId: expect.any(String), textFormat: 'plain', conversation: { id: alice.conversationId } });

    const identity = await identityOf(alice);
    const db = t.app.database.db;
    const customer = await db.customer.findUniqueOrThrow({ where: { id: identity!.customerId } });
    expect(customer.name).toBe('Alice');
    const commitment = await db.commitment.findFirstOrThrow({ where: { customerId: identity!.customerId } });
    expect(commitment.kind).toBe('replacement');
    const contact = await db.contact.findFirstOrThrow({ where: { customerId: identity!.customerId, kind: 'complaint' } });
    expect(contact.channel).toBe('agents');
  });

  it('shows choices on Teams as a hero card with imBack buttons, and drops the @mention of the bot', async () => {
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
    const answer = await wang.say('👋');
    expect(textOf(answer)).toMatch(/\p{Script=Han}/u);
    expect(textOf(answer)).not.toMatch(/[a-z]{4,}/i);
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
    expect(stored[0]!.channelMessageId).toBe(`agents:webchat:${frank.conversationId}:${activity.id as string}`);
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
    const outcome = await agents().outbound.send(
      { identityId: identity!.identityId, externalId: heidi.externalId },
      [{ text: 'Your replacement kettle has shipped.', choices: ['Thanks', 'Call me'] }],
      { mode: 'follow-up' },
    );
    expect(outcome).toEqual({ status: 'sent' });
    const call = await connector.waitFor((c) => c.conversationId === heidi.conversationId && c.activity.text === 'Your replacement kettle has shipped.');
    expect(call.activity.recipient?.id).toBe(heidi.id);
    expect(call.activity.suggestedActions!.actions.map((a) => a.value)).toEqual(['Thanks', 'Call me']);
    // Anonymous mode: nothing to sign in with, so no token goes to the (loopback) connector.
    expect(call.authorization).toBeUndefined();
  });

  it('reports a proactive message it cannot deliver and marks a gone conversation unreachable', async () => {
    const { outbound } = agents();
    const strangerId = crypto.randomUUID();
    const stranger = await t.app.identities.createIdentity({ channel: 'webchat', externalId: strangerId });
    expect(await outbound.send({ identityId: stranger.identityId, externalId: strangerId }, [{ text: 'hi' }], { mode: 'staff' })).toEqual({
      status: 'unreachable',
      reason: expect.stringContaining('has no conversation reference on the Agents SDK endpoint'),
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

  it('sends from a process that only writes to customers (npm run worker), through the same stored reference', async () => {
    const nina = user({ locale: 'en-US' });
    await nina.say('hello');
    const identity = (await identityOf(nina))!;
    const redis = new Redis(t.app.redisUrl);
    const pace = new RedisSendPace(redis, t.app.config.REDIS_PREFIX);
    const channels = await createSendingChannels({ config: t.app.config, identities: t.app.identities, logger: pino({ level: 'silent' }), pace, phrases: (await testContent()).phrases });
    const sender = channels.find((c) => c.name === 'agents')!;
    expect(sender.outbound.limits({ identityId: identity.identityId, externalId: nina.externalId })).toEqual([{ key: 'botframework', perSecond: t.app.config.FOLLOWUP_RATE_BOTFRAMEWORK }]);
    expect(await sender.outbound.send({ identityId: identity.identityId, externalId: nina.externalId }, [{ text: 'How was your kettle?' }], { mode: 'follow-up' })).toEqual({ status: 'sent' });
    const call = await connector.waitFor((c) => c.conversationId === nina.conversationId && c.activity.text === 'How was your kettle?');
    expect(call.activity.recipient?.id).toBe(nina.id);
    await redis.quit();
  });

  it('keeps its customers apart from those of /api/messages, beside which it runs', async () => {
    const judy = user({ locale: 'en-US' });
    expect((await judy.say('hello')).status).toBe(200);
    const sameOnBotbuilder = new BotFrameworkUser(t.baseUrl, connector, { id: judy.id, locale: 'en-US' });
    expect((await sameOnBotbuilder.say('hello')).status).toBe(200);
    const onAgents = (await identityOf(judy))!;
    const onBotbuilder = (await t.app.identities.findIdentity('botframework', judy.externalId))!;
    expect(onAgents.identityId).not.toBe(onBotbuilder.identityId);
  });

  it('refuses a malformed activity with 400 and our error format', async () => {
    const kate = user();
    const noType = await kate.send({ text: 'hi', from: { id: 'x' } });
    expect(noType.status).toBe(400);
    expect(noType.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('type') } });
    const broken = await fetch(`${t.baseUrl}${AGENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type": "message",' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: 'invalid_json' } });
    // Stricter than botbuilder about empty strings: refused before the turn, and named.
    const emptyLocale = await kate.send(kate.activity({ text: 'hi', locale: '' }));
    expect(emptyLocale.status).toBe(400);
    expect(emptyLocale.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('body.locale') } });
    expect(connector.sentTo(kate.conversationId)).toEqual([]);
  });

  it('takes JSON nulls as absent fields, as botbuilder does', async () => {
    const leo = user({ locale: 'en-US' });
    const answer = await leo.send(leo.activity({ text: 'What payment methods do you accept?', from: { id: leo.id, name: null }, attachments: null, locale: null }));
    expect(answer.status).toBe(200);
    expect(textOf(answer)).not.toBe('');
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

describe('Agents SDK channel with credentials it cannot sign in with', () => {
  let t: TestApp;
  let connector: BotConnector;

  beforeAll(async () => {
    connector = await BotConnector.start();
    // Certificate credentials: botbuilder's kind, which the Agents SDK has no counterpart for.
    t = await startTestApp({ env: { MicrosoftAppId: 'c1d2e3f4-0000-4000-8000-000000000001', CertificateThumbprint: 'AB12CD34', CertificatePrivateKey: 'not-a-key' } });
  });
  afterAll(async () => {
    await t?.close();
    await connector?.close();
  });

  it('answers 500 and sends nothing rather than sign in some other way', async () => {
    const u = new BotFrameworkUser(t.baseUrl, connector, { locale: 'en-US', path: AGENTS_PATH });
    const answer = await u.say('hello');
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ error: { code: 'internal' } });
    const identity = await t.app.identities.createIdentity({ channel: 'agents', externalId: u.externalId });
    await t.app.identities.saveReference(identity.identityId, JSON.stringify({ channelId: 'webchat', serviceUrl: connector.serviceUrl, conversation: { id: u.conversationId } }));
    const outbound = t.app.channels.find((c) => c.name === 'agents')!.outbound;
    expect(await outbound.send({ identityId: identity.identityId, externalId: u.externalId }, [{ text: 'hi' }], { mode: 'follow-up' })).toEqual({
      status: 'failed',
      reason: expect.stringContaining('MicrosoftAppPassword'),
    });
    expect(connector.calls).toEqual([]);
  });
});
