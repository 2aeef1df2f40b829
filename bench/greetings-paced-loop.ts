// The delivery baseline of the greetings benchmark, run as a process of its own like a worker: a
// bare loop that books a slot with the same Redis limiter at the same rate and POSTs to the sink
// through the same channel code — no store, no queue, no decisions. The sink measures it.
//   REDIS_URL=… SINK_URL=… SINK_RATE=2000 SENDS=10000 LANES=64 node --import tsx bench/greetings-paced-loop.ts

import { Redis } from 'ioredis';
import { RedisRateLimiter } from '../src/jobs/rate-limiter.ts';
import { SINK_CHANNEL, sinkChannel } from '../test/support/sink-channel.ts';

const { REDIS_URL, SINK_URL } = process.env;
if (!REDIS_URL || !SINK_URL) throw new Error('REDIS_URL and SINK_URL are required');
const rate = Number(process.env.SINK_RATE ?? 2000);
const sends = Number(process.env.SENDS ?? 10_000);
const lanes = Number(process.env.LANES ?? 64);

const redis = new Redis(REDIS_URL, { disableClientInfo: true });
const limiter = new RedisRateLimiter(redis, 'bench-baseline:');
const channel = sinkChannel(SINK_URL);
const target = { identityId: 'baseline', channel: SINK_CHANNEL, externalId: 'baseline' };
let next = 0;
const lane = async () => {
  while (next < sends) {
    const i = next++;
    await limiter.acquire([{ key: SINK_CHANNEL, perSecond: rate }]);
    await channel.outbound.send(target, [{ text: 'Happy Spring Festival' }], { mode: 'follow-up', key: `baseline:${i}` });
  }
};
await Promise.all(Array.from({ length: Math.min(lanes, sends) }, lane));
await redis.quit();
