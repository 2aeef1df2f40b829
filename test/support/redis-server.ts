// A throwaway redis-server on a free loopback port, no persistence.

import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from '../../src/redis/embedded-redis.ts';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startRedis(port?: number): Promise<TestRedis> {
  const chosen = port ?? (await freePort());
  const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `redis://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const up = await probe.connect().then(
      () => probe.ping(),
      () => undefined,
    );
    probe.disconnect();
    if (up === 'PONG') break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on port ${chosen}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    port: chosen,
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
