// "One instance at a time": some work must run on a single instance of the service however many
// run — Telegram answers a second long-polling client with 409 Conflict. An instance leads while it
// holds a lease that it keeps renewing; when it dies or is cut off, the lease runs out and another
// instance takes over. The Redis implementation is src/redis/redis-leadership.ts.

/** Why an instance stopped leading: `lost` — the lease could not be renewed in time (Redis away, a long pause) or another instance holds it; `released` — stop() was called. */
export type LeadEnd = 'lost' | 'released';

export interface LeadOptions {
  /**
   * How long the lease lasts unless renewed (it is renewed every third of it). A dead leader holds
   * the work back this long at most; an instance that cannot renew stops a little before it ends.
   */
  leaseMs: number;
  /** This instance now leads: start the work. */
  onLead(): void | Promise<void>;
  /** This instance no longer leads: stop the work (awaited before the lease is released or taken again). */
  onLose(why: LeadEnd): void | Promise<void>;
}

export interface Lead {
  /** Stops leading (onLose('released') when it led) and releases the lease; then stops trying. */
  stop(): Promise<void>;
}

export interface Leadership {
  /** Tries to lead `name` now and, while another instance leads it, again every third of the lease. */
  lead(name: string, options: LeadOptions): Lead;
}
