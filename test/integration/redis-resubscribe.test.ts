// A Redis connection that drops right after it comes back, before Redis has confirmed the
// resubscription: ioredis's own resubscription then forgot the subscriptions for good (an instance
// stopped hearing live events until restarted), and its failure was an unhandled rejection, which
// ends the process (vitest fails a run on one). A proxy cuts the connection the moment it carries
// a (P)SUBSCRIBE, then refuses connections long enough for ioredis to give up on the commands it
// would have sent again, three times over, so this happens every run, not by luck of timing.

import pino from 'pino';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/redis/connect-redis.ts';
import { redisBehindTap } from '../support/redis-behind-tap.ts';
import { waitFor } from '../support/wait-for.ts';

const servers = redisBehindTap();

describe('a subscriber connection that drops while it subscribes again', () => {
  it('subscribes again on a later reconnect, to what is still wanted only', async () => {
    const subscriber = connectRedis(servers.tap.url, pino({ level: 'silent' }), 'events');
    const publisher = new Redis(servers.redis.url);
    const heard: string[] = [];
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => heard.push(`${channel} ${message}`));
    subscriber.on('message', (channel: string, message: string) => heard.push(`${channel} ${message}`));
    try {
      await subscriber.psubscribe('flap:*');
      await subscriber.subscribe('plain', 'given-up');
      await subscriber.unsubscribe('given-up');

      for (let round = 0; round < 3; round += 1) {
        let cut = false;
        servers.tap.cutWhen = (chunk) => (cut ||= /subscribe/i.test(chunk.toString('latin1')));
        servers.tap.cutAll();
        await waitFor('the resubscription cut', async () => cut);
        servers.tap.cutWhen = undefined;
        // Past maxRetriesPerRequest (2) failed attempts, ioredis drops the commands it had queued.
        servers.tap.refusing = true;
        const refusedBefore = servers.tap.refused;
        await waitFor('four connections refused', async () => servers.tap.refused >= refusedBefore + 4);
        servers.tap.refusing = false;
        await waitFor('connected again', async () => subscriber.status === 'ready');
      }

      await waitFor('both subscriptions heard again', async () => {
        await publisher.publish('flap:1', 'hello');
        await publisher.publish('plain', 'hello');
        return heard.includes('flap:1 hello') && heard.includes('plain hello');
      });
      await publisher.publish('given-up', 'hello');
      await publisher.publish('plain', 'last');
      await waitFor('the last message', async () => heard.includes('plain last'));
      expect(heard).not.toContain('given-up hello');
    } finally {
      servers.tap.cutWhen = undefined;
      servers.tap.refusing = false;
      subscriber.disconnect();
      publisher.disconnect();
    }
  });
});
