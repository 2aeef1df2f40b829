// Live events travel between instances through Redis pub/sub. The events of one publish go as one
// Redis message (one command, one delivery per instance), and every instance's listeners still get
// each event, in order.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationEvent } from '../../src/conversation/events.ts';
import { RedisConversationEvents } from '../../src/redis/redis-conversation-events.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { waitFor } from '../support/wait-for.ts';

describe('live conversation events through Redis', () => {
  let server: TestRedis;
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(server.url);
    connections.push(redis);
    return redis;
  };
  /** Two instances of one deployment. */
  let a: RedisConversationEvents;
  let b: RedisConversationEvents;

  beforeAll(async () => {
    server = await startRedis();
    a = new RedisConversationEvents(connect(), connect(), 'ev:');
    b = new RedisConversationEvents(connect(), connect(), 'ev:');
    await Promise.all([a.whenReady(), b.whenReady()]);
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    for (const redis of connections) redis.disconnect();
    await server.stop();
  });

  const message = (id: number, text: string): ConversationEvent => ({
    type: 'message',
    message: { id, conversationId: 'c1', author: 'bot', text, choices: [], createdAt: new Date('2026-12-06T10:00:00Z') },
  });

  it('sends the events of one publish as one Redis message, and every instance hears each in order', async () => {
    const raw = connect();
    const payloads: string[] = [];
    raw.on('pmessage', (_pattern: string, _channel: string, payload: string) => payloads.push(payload));
    await raw.psubscribe('ev:events:*');
    const heardOnB: ConversationEvent[] = [];
    const everyOnA: [string, ConversationEvent][] = [];
    const stopB = b.subscribe('c1', (event) => heardOnB.push(event));
    const stopA = a.subscribeAll((id, event) => everyOnA.push([id, event]));
    const events: ConversationEvent[] = [message(1, 'hello'), message(2, 'how can I help?'), { type: 'status', status: 'queued', previousStatus: 'bot', priority: 2, queueReason: 'requested' }];

    await a.publish('c1', ...events);
    await a.publish('c1', { type: 'typing', on: false, author: 'bot' });

    await waitFor('both publishes heard', async () => heardOnB.length === 4 && everyOnA.length === 4 && payloads.length === 2);
    expect(payloads).toHaveLength(2);
    expect(JSON.parse(payloads[0]!)).toHaveLength(3);
    expect(heardOnB).toEqual([...events, { type: 'typing', on: false, author: 'bot' }]);
    expect(everyOnA.map(([id]) => id)).toEqual(['c1', 'c1', 'c1', 'c1']);
    // Dates come back as dates.
    expect((heardOnB[0] as Extract<ConversationEvent, { type: 'message' }>).message.createdAt).toBeInstanceOf(Date);
    stopA();
    stopB();
  });
});
