// A throwaway redis-server and a TCP tap in front of it (tcp-tap.ts), started before the tests of
// the file or describe block that calls redisBehindTap and stopped after them.

import { afterAll, beforeAll } from 'vitest';
import { startRedis, type TestRedis } from './redis-server.ts';
import { startTcpTap, type TcpTap } from './tcp-tap.ts';

export function redisBehindTap(): { redis: TestRedis; tap: TcpTap } {
  const started = {} as { redis: TestRedis; tap: TcpTap };
  beforeAll(async () => {
    started.redis = await startRedis();
    started.tap = await startTcpTap(started.redis.url);
  });
  afterAll(async () => {
    await started.tap?.close();
    await started.redis?.stop();
  });
  return started;
}
