// Engine guarantees with real stores and Redis: once-only processing, strict order across two
// app instances, live events across instances, and an honest answer when handling fails.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Phrasebook, type PhraseTable } from '../../src/domain/phrasebook.ts';
import { startTestApp, testContent, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer, said } from '../support/webchat-client.ts';

describe.each<StoreKind>(['sqlite', 'postgres'])('engine on %s', (store) => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({ store });
    b = await startTestApp({ databaseUrl: a.databaseUrl, redisPrefix: a.app.config.REDIS_PREFIX });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('processes a message delivered twice only once and answers both deliveries the same', async () => {
    const customer = await new WebchatCustomer(a.baseUrl).start();
    const id = randomUUID();
    const [first, second] = await Promise.all([customer.send('What payment methods do you accept?', id), customer.send('What payment methods do you accept?', id)]);
    expect(first.status).toBe(200);
    expect(second.replies).toEqual(first.replies);
    const third = await customer.send('What payment methods do you accept?', id);
    expect(third.replies).toEqual(first.replies);
    const history = await customer.history();
    expect(history.messages.filter((m) => m.author === 'customer')).toHaveLength(1);
  });

  it('answers a message delivered again after its conversation closed from that conversation, opening no new one', async () => {
    const customer = await new WebchatCustomer(a.baseUrl).start();
    const id = randomUUID();
    const first = await customer.send('What payment methods do you accept?', id);
    const db = a.app.database.db;
    const conversation = await db.conversation.findFirstOrThrow({
      where: { messages: { some: { text: 'What payment methods do you accept?' } }, status: { not: 'closed' }, identity: { externalId: customer.sessionId } },
    });
    await db.conversation.update({ where: { id: conversation.id }, data: { status: 'closed' } });
    const again = await customer.send('What payment methods do you accept?', id);
    expect(again.replies).toEqual(first.replies);
    expect(await db.conversation.count({ where: { identityId: conversation.identityId } })).toBe(1);
  });

  it('keeps one conversation strictly in order when two instances receive its messages at once', async () => {
    const customer = await new WebchatCustomer(a.baseUrl).start({ locale: 'en' });
    const viaB = Object.assign(new WebchatCustomer(b.baseUrl), { token: customer.token });
    const texts = Array.from({ length: 16 }, (_, i) => `message ${i}: where is my parcel?`);
    const results = await Promise.all(texts.map((text, i) => (i % 2 === 0 ? customer : viaB).send(text)));
    expect(results.every((r) => r.status === 200 && r.replies.length > 0)).toBe(true);
    const { messages } = await customer.history();
    // Every customer message is followed by its own replies before the next customer message starts.
    const customerIndexes = messages.flatMap((m, i) => (m.author === 'customer' ? [i] : []));
    expect(customerIndexes).toHaveLength(16);
    for (const [k, index] of customerIndexes.entries()) {
      const next = customerIndexes[k + 1] ?? messages.length;
      expect(next - index).toBeGreaterThan(1);
    }
    const conversation = await a.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(conversation.version).toBe(16);
  });

  it("opens exactly one conversation when a new session's first requests arrive at once on both instances", async () => {
    for (let round = 0; round < 5; round++) {
      const customer = await new WebchatCustomer(a.baseUrl).start({ locale: 'zh' });
      const viaB = Object.assign(new WebchatCustomer(b.baseUrl), { token: customer.token });
      await Promise.all([customer.history(), viaB.history(), customer.send('你好'), viaB.history()]);
      const conversations = await a.app.database.db.conversation.findMany({ where: { customerId: customer.customerId } });
      expect(conversations).toHaveLength(1);
      expect(conversations[0]!.locale).toBe('zh');
    }
  });

  it('delivers live events to a listener on one instance for messages handled by the other', async () => {
    const customer = await new WebchatCustomer(a.baseUrl).start();
    await customer.send('hello');
    const controller = new AbortController();
    const response = await fetch(`${a.baseUrl}/api/webchat/events?token=${customer.token}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const viaB = Object.assign(new WebchatCustomer(b.baseUrl), { token: customer.token });
    const sent = await viaB.send('How do I reset my password?');
    while (!buffer.includes(`id: ${sent.replies[0]!.id}\n`)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value);
    }
    controller.abort();
    expect(buffer).toContain('event: typing');
    expect(buffer).toContain('event: message');
    expect(buffer).toContain(JSON.stringify(sent.replies[0]!.text).slice(1, 30));
  });

  it('replays missed messages to a client reconnecting with Last-Event-ID', async () => {
    const customer = await new WebchatCustomer(a.baseUrl).start();
    const first = await customer.send('hello');
    await customer.send('What are your opening hours?');
    const controller = new AbortController();
    const response = await fetch(`${b.baseUrl}/api/webchat/events?token=${customer.token}`, {
      signal: controller.signal,
      headers: { 'last-event-id': String(first.replies.at(-1)!.id) },
    });
    const reader = response.body!.getReader();
    let buffer = '';
    while (!buffer.includes('event: status')) buffer += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const ids = [...buffer.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...ids)).toBeGreaterThan(first.replies.at(-1)!.id);
  });
});

describe('when handling a message fails', () => {
  let t: TestApp;
  beforeAll(async () => {
    const content = await testContent();
    const table = parse(readFileSync('prompts/replies.yaml', 'utf8')) as PhraseTable;
    delete table['complaint.options'];
    t = await startTestApp({ content: { ...content, phrases: new Phrasebook(table) } });
  });
  afterAll(async () => t?.close());

  it('still answers the customer honestly, keeps the message and queues the conversation for a person', async () => {
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    await customer.send('The kettle from order 12345678 leaks water, very disappointing');
    await customer.send('Mingyue Smart Kettle K2');
    await customer.send('A replacement');
    const failed = await customer.send("Yes, that's right");
    expect(failed.status).toBe(200);
    expect(said(failed)).toMatch(/something went wrong on my side/i);
    expect(failed.conversation.status).toBe('queued');
    const { messages } = await customer.history();
    expect(messages.filter((m) => m.author === 'customer').map((m) => m.text)).toContain("Yes, that's right");
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    expect(conversation).toMatchObject({ status: 'queued', queueReason: 'internal_error' });
  });
});

describe('health', () => {
  it('reports 503 when Redis stops answering and 200 when it is back', async () => {
    const { startRedis } = await import('../support/redis-server.ts');
    const redis = await startRedis();
    const t = await startTestApp({ redisUrl: redis.url });
    try {
      expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
      await redis.stop();
      const down = await fetch(`${t.baseUrl}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'degraded', redis: false, store: true });
      const again = await startRedis(redis.port);
      await expect.poll(async () => (await fetch(`${t.baseUrl}/healthz`)).status, { timeout: 15_000 }).toBe(200);
      await again.stop();
    } finally {
      await t.close();
    }
  });
});
