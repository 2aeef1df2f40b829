// Request counts per client and minute, shared by every instance through Redis without a Redis
// round trip per request. Each process counts its own hits at once and adds them to the shared
// count a few times a second (one pipeline for every client), reading back the total the other
// instances have added. A request is judged on the last shared total plus this process's hits
// since: exact within one process, and across N instances a client can get at most what N
// processes let through between two syncs above the limit.
//
// Windows are fixed (aligned to multiples of the window length), so every instance agrees on them
// without asking Redis for a TTL.

import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

export interface RateCount {
  /** Requests of this client in the current window, this one included. */
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

interface Tally {
  windowMs: number;
  /** Which window: its start is window × windowMs. */
  window: number;
  /** The shared count when last synced (every instance's hits then). */
  shared: number;
  /** Hits here not yet added to the shared count. */
  unsynced: number;
  /** Hits being added by the sync in flight. */
  syncing: number;
}

export interface SharedRateCounterOptions {
  /** Key prefix in Redis. */
  prefix: string;
  /** How often this process's hits join the shared count. */
  syncEveryMs?: number;
  /** Most clients tracked at once (older ones are forgotten first when more arrive in one window). */
  maxClients?: number;
  now?: () => number;
}

const DEFAULT_SYNC_MS = 200;
const DEFAULT_MAX_CLIENTS = 100_000;

export class SharedRateCounter {
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> | undefined;
  private readonly syncEveryMs: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly options: SharedRateCounterOptions,
  ) {
    this.syncEveryMs = options.syncEveryMs ?? DEFAULT_SYNC_MS;
    this.maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
    this.now = options.now ?? Date.now;
  }

  /** Counts one request of `client` in a window of `windowMs`. */
  hit(client: string, windowMs: number): RateCount {
    const now = this.now();
    const window = Math.floor(now / windowMs);
    const key = `${windowMs}:${client}`;
    let tally = this.tallies.get(key);
    // Re-inserted on every hit: the map's order is then least recently seen first.
    this.tallies.delete(key);
    if (!tally || tally.window !== window) {
      tally = { windowMs, window, shared: 0, unsynced: 0, syncing: 0 };
      if (this.tallies.size >= this.maxClients) this.forgetOldest();
    }
    this.tallies.set(key, tally);
    tally.unsynced += 1;
    this.scheduleSync();
    return { current: tally.shared + tally.syncing + tally.unsynced, ttl: (window + 1) * windowMs - now };
  }

  /** Adds every unsynced hit to the shared counts now (also what the timer does). */
  async sync(): Promise<void> {
    if (this.syncing) await this.syncing;
    this.syncing = this.push().finally(() => (this.syncing = undefined));
    await this.syncing;
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.sync().catch(() => undefined);
  }

  private scheduleSync(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed sync keeps its hits unsynced for the next one; requests are judged on what is known here meanwhile.
      void this.sync().catch(() => undefined);
    }, this.syncEveryMs);
    this.timer.unref();
  }

  private async push(): Promise<void> {
    const batch = [...this.tallies].filter(([, tally]) => tally.unsynced > 0);
    if (!batch.length) return;
    const pipeline = this.redis.pipeline();
    for (const [key, tally] of batch) {
      tally.syncing = tally.unsynced;
      tally.unsynced = 0;
      const redisKey = `${this.options.prefix}${key}:${tally.window}`;
      pipeline.incrby(redisKey, tally.syncing);
      // Kept a minute past the window's end: instances' clocks differ a little.
      pipeline.pexpireat(redisKey, (tally.window + 1) * tally.windowMs + 60_000);
    }
    let results: [Error | null, unknown][] | null = null;
    try {
      results = await pipeline.exec();
    } finally {
      batch.forEach(([, tally], i) => {
        const [error, total] = results?.[i * 2] ?? [new Error('no reply')];
        if (!error && typeof total === 'number') tally.shared = Math.max(tally.shared, total);
        else tally.unsynced += tally.syncing; // not added: the next sync tries again
        tally.syncing = 0;
      });
      this.forgetPastWindows();
    }
  }

  private forgetPastWindows(): void {
    const now = this.now();
    for (const [key, tally] of this.tallies) {
      if ((tally.window + 1) * tally.windowMs <= now && tally.unsynced === 0) this.tallies.delete(key);
    }
  }

  private forgetOldest(): void {
    const oldest = this.tallies.keys().next();
    if (!oldest.done) this.tallies.delete(oldest.value);
  }
}

/**
 * The counter as a @fastify/rate-limit store (the plugin constructs the class it is given). A
 * route with a limit of its own (`config.rateLimit`) counts apart from the global one.
 */
export function rateLimitStoreOn(counter: SharedRateCounter, scope = 'all'): FastifyRateLimitStoreCtor {
  return class SharedRateLimitStore implements FastifyRateLimitStore {
    incr(client: string, callback: (error: Error | null, result?: RateCount) => void, windowMs: number): void {
      callback(null, counter.hit(`${scope}:${client}`, windowMs));
    }

    child(routeOptions: { method?: unknown; url?: unknown; routeInfo?: { method?: unknown; url?: unknown } }): FastifyRateLimitStore {
      // The plugin hands the route under `routeInfo` (not in its types).
      const route = routeOptions.routeInfo ?? routeOptions;
      const Store = rateLimitStoreOn(counter, `${String(route.method)} ${String(route.url)}`);
      return new Store({});
    }
  };
}
