// Tells every app instance which staff sessions just ended (sign-out, password change, account
// disabled) through Redis pub/sub, so each closes the live streams those sessions hold at once,
// whichever instance the stream is connected to.

import type { Redis } from 'ioredis';
import { KeyedListeners } from '../../redis/keyed-listeners.ts';
import { RedisJsonChannel } from '../../redis/json-channel.ts';

export class StaffSessionEndings {
  private readonly watchers = new KeyedListeners<() => void>();
  private readonly channel: RedisJsonChannel<string[]>;

  constructor(publisher: Redis, subscriber: Redis, prefix: string, onError: (error: unknown) => void = () => {}) {
    this.channel = new RedisJsonChannel<string[]>(publisher, subscriber, `${prefix}staff:sessions-ended`, onError);
    this.channel.subscribe((sessionIds) => {
      for (const id of sessionIds) for (const ended of this.watchers.of(id)) ended();
    });
  }

  /** Subscribes; resolves once endings announced from now on are heard. */
  start(): Promise<unknown> {
    return this.channel.start();
  }

  /** Announces that these sessions ended (after they were deleted). */
  async announce(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length) await this.channel.publish([...sessionIds]);
  }

  /** Calls `ended` when the session is announced as ended. Returns the function that stops watching. */
  watch(sessionId: string, ended: () => void): () => void {
    return this.watchers.add(sessionId, ended);
  }

  async close(): Promise<void> {
    this.watchers.clear();
    await this.channel.close();
  }
}
