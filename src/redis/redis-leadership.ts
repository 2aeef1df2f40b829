// Leadership in Redis: one key per name holds the leader's token, set with NX and an expiry,
// extended every third of the lease by a compare-and-extend and deleted by a compare-and-delete
// (Lua, so an instance never extends or deletes a lease another instance has taken since). The
// others try SET NX on the same schedule: one takes over within about a lease and a third of the
// leader's death. A leader that cannot renew (Redis away, the process paused) stops its work a
// sixth of the lease before the lease may run out, so two instances do not lead at once.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Lead, LeadEnd, LeadOptions, Leadership } from '../channels/leadership.ts';

const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLeadership implements Leadership {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
  ) {}

  lead(name: string, options: LeadOptions): Lead {
    return new RedisLead(this.redis, `${this.keyPrefix}leader:${name}`, options, this.logger.child({ leadership: name }));
  }
}

class RedisLead implements Lead {
  /** This lead's own value in the key: another instance's (or an earlier lead's) never matches. */
  private readonly token = randomUUID();
  private readonly tickMs: number;
  private leading = false;
  private stopped = false;
  private failing = false;
  /** Another instance led at the last try (logged once, not at every try). */
  private following = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  /** The try or renewal in progress. */
  private ticking: Promise<void> = Promise.resolve();
  /** onLead and onLose, one after the other, each awaited before the next. */
  private transitions: Promise<void> = Promise.resolve();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly options: LeadOptions,
    private readonly logger: Logger,
  ) {
    this.tickMs = Math.max(1, Math.floor(options.leaseMs / 3));
    this.schedule(0);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearTimeout(this.expiryTimer);
    await this.ticking;
    this.lose('released');
    await this.transitions;
    // Also when a try was under way as stop() began and took the lease after all.
    await this.release();
  }

  private schedule(delayMs: number): void {
    this.tickTimer = setTimeout(() => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopped) this.schedule(this.tickMs);
      });
    }, delayMs);
  }

  /** A follower tries to take the lease; the leader renews it. */
  private async tick(): Promise<void> {
    const sentAt = performance.now();
    try {
      if (!this.leading) {
        const taken = (await this.redis.set(this.key, this.token, 'PX', this.options.leaseMs, 'NX')) === 'OK';
        this.recovered();
        if (!taken) {
          if (!this.following) this.logger.info({ retryMs: this.tickMs }, 'another instance leads; standing by');
          this.following = true;
          return;
        }
        if (this.stopped) return;
        this.following = false;
        this.leading = true;
        this.heldFrom(sentAt);
        this.logger.debug('leading');
        this.transition(() => this.options.onLead());
        return;
      }
      const renewed = Number(await this.redis.eval(EXTEND, 1, this.key, this.token, String(this.options.leaseMs))) === 1;
      this.recovered();
      if (!this.leading) return; // lost while the renewal was on its way
      if (renewed) this.heldFrom(sentAt);
      else {
        this.logger.warn('the lease was taken by another instance');
        this.lose('lost');
      }
    } catch (err) {
      if (!this.failing) this.logger.warn({ err }, 'could not reach Redis to take or renew the lease; trying again');
      this.failing = true;
    }
  }

  /** The lease was set or extended by a call sent at `sentAt`: it is ours until a lease after that. */
  private heldFrom(sentAt: number): void {
    clearTimeout(this.expiryTimer);
    const stopAt = sentAt + this.options.leaseMs - this.options.leaseMs / 6;
    this.expiryTimer = setTimeout(() => {
      this.logger.warn('the lease could not be renewed in time; stepping down');
      this.lose('lost');
    }, stopAt - performance.now());
  }

  private lose(why: LeadEnd): void {
    if (!this.leading) return;
    this.leading = false;
    clearTimeout(this.expiryTimer);
    this.logger.debug({ why }, 'no longer leading');
    this.transition(() => this.options.onLose(why));
    // A lease still ours (a pause, not a takeover) is handed back now rather than when it runs out.
    if (why === 'lost') this.transitions = this.transitions.then(() => this.release());
  }

  private transition(step: () => void | Promise<void>): void {
    this.transitions = this.transitions.then(step).catch((err: unknown) => this.logger.error({ err }, 'starting or stopping the led work failed'));
  }

  private async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token).catch((err: unknown) => this.logger.warn({ err }, 'could not release the lease; it runs out by itself'));
  }

  private recovered(): void {
    if (this.failing) this.logger.info('Redis reachable again');
    this.failing = false;
  }
}
