// A Redis that comes back only for a moment: ioredis subscribes again by itself on every reconnect
// and leaves that call's promise unheard, so its failure was an unhandled rejection (which ends the
// process). Vitest fails a run on any unhandled rejection: this test fails without the fix in
// connect-redis.ts. (Whether the subscriptions come back after such a failed resubscription is a
// question of its own, left open: see the issue notes.)

import { spawn, type ChildProcess } from 'node:child_process';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/redis/connect-redis.ts';
import { freePort } from '../../src/redis/embedded-redis.ts';

describe('a subscriber connection while Redis flaps', () => {
  it('survives resubscriptions that fail without an unhandled rejection', async () => {
    const port = await freePort();
    const start = (): ChildProcess => spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const stop = async (child: ChildProcess) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    };
    let server = start();
    const subscriber = connectRedis(`redis://127.0.0.1:${port}`, pino({ level: 'silent' }), 'events');
    try {
      await subscriber.psubscribe('flap:*');
      await subscriber.subscribe('flap-plain');
      for (let round = 0; round < 4; round += 1) {
        await stop(server);
        // Back, and gone again the moment the connection is ready: the resubscription is on its way.
        const goneAgain = new Promise<void>((resolve) => subscriber.once('ready', () => resolve(stop(server))));
        server = start();
        await goneAgain;
        await new Promise((resolve) => setTimeout(resolve, 300));
        server = start();
        await new Promise<void>((resolve) => subscriber.once('ready', () => resolve()));
      }
      expect(subscriber.status).toBe('ready');
    } finally {
      subscriber.disconnect();
      await stop(server);
    }
  });
});
