// The open crisis incidents as the bot matches complaints against them, kept in memory: read at
// start, again on every crisis event (a confirmation or a close on any instance) and at most
// `ttlMs` after the last read in any case (an event missed while Redis was away). A turn reads
// the index synchronously and never waits for the store.

import type { Logger } from 'pino';
import { indexIncidents, NO_INCIDENTS, type IncidentIndex } from '../domain/crisis/incident-match.ts';
import type { CrisisStore } from './crisis-ports.ts';

export class OpenIncidents {
  private index: IncidentIndex = NO_INCIDENTS;
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<CrisisStore, 'openIncidents'>,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
  ) {}

  /** The index now; a stale one is reloaded in the background (this turn uses what is there). */
  current(): IncidentIndex {
    if (Date.now() - this.loadedAt > this.ttlMs) void this.reload();
    return this.index;
  }

  /** Reads the open incidents again; calls made while a read is under way share a fresh one after it. */
  reload(): Promise<void> {
    this.loadedAt = Date.now();
    const previous = this.loading ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        this.index = indexIncidents(await this.store.openIncidents());
      } catch (error) {
        this.loadedAt = 0; // tried again by the next turn
        this.logger.warn({ err: error }, 'crisis: could not read the open incidents; the bot keeps the ones it had');
      }
    });
    this.loading = next;
    void next.finally(() => {
      if (this.loading === next) this.loading = undefined;
    });
    return next;
  }
}
