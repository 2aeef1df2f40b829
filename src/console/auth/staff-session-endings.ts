// Tells every app instance which staff sessions just ended (sign-out, password change, account
// disabled) through Redis pub/sub, so each closes the live streams those sessions hold at once,
// whichever instance the stream is connected to.

import type { Redis } from 'ioredis';
import { KeyedListeners } from '../../redis/keyed-listeners.ts';

export class StaffSessionEndings {
  private readonly watchers = new KeyedListeners<() => void>();
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Subscribes; resolves once endings announced from now on are heard. */
  start(): Promise<unknown> {
    if (this.ready) return this.ready;
    const channel = this.channel();
    this.subscriber.on('message', (from: string, payload: string) => {
      if (from !== channel) return;
      try {
        for (const id of JSON.parse(payload) as string[]) for (const ended of this.watchers.of(id)) ended();
      } catch (error) {
        this.onError(error);
      }
    });
    this.ready = this.subscriber.subscribe(channel);
    return this.ready;
  }

  /** Announces that these sessions ended (after they were deleted). */
  async announce(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length) await this.publisher.publish(this.channel(), JSON.stringify(sessionIds));
  }

  /** Calls `ended` when the session is announced as ended. Returns the function that stops watching. */
  watch(sessionId: string, ended: () => void): () => void {
    return this.watchers.add(sessionId, ended);
  }

  async close(): Promise<void> {
    this.watchers.clear();
    if (this.ready) await this.subscriber.unsubscribe(this.channel()).catch(() => undefined);
  }

  private channel(): string {
    return `${this.prefix}staff:sessions-ended`;
  }
}
