// How far an import is, for the console to show while the upload runs: kept in Redis for an hour
// under the id the console chose, so a poll answered by any instance sees it. Writes are throttled;
// the phase changes always go out.

import type { Redis } from 'ioredis';
import type { ImportKind } from './import-ports.ts';
import type { ImportPhase, ImportSummary, ImportTick } from './run-import.ts';

export interface ImportProgress extends ImportTick {
  importId: string;
  kind: ImportKind;
  dryRun: boolean;
  /** Who started it: only they (and admins) may read it. */
  staffId: string;
  /** The request's Content-Length, when it had one. */
  totalBytes: number | null;
  /** Set once done. */
  summary: ImportSummary | null;
  /** Set when it failed: the reason given to the importer. */
  error: string | null;
  updatedAt: string;
}

const TTL_SECONDS = 60 * 60;
const MIN_INTERVAL_MS = 250;

export class ImportProgressBoard {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Claims the id for a new import; false when an import with this id exists already. */
  async start(progress: ImportProgress): Promise<boolean> {
    return (await this.redis.set(this.key(progress.importId), JSON.stringify(progress), 'EX', TTL_SECONDS, 'NX')) === 'OK';
  }

  async get(importId: string): Promise<ImportProgress | null> {
    const text = await this.redis.get(this.key(importId));
    return text ? (JSON.parse(text) as ImportProgress) : null;
  }

  /**
   * A writer for one import: ticks at most every 250 ms (and every phase change); `finish` writes the
   * last state and waits for it. Failures to write are passed to `onError` and never stop the import.
   */
  tracker(initial: ImportProgress, onError: (error: unknown) => void): { tick(tick: ImportTick): void; finish(end: { summary?: ImportSummary; error?: string }): Promise<void> } {
    const state = { ...initial };
    let lastWrite = 0;
    let lastPhase: ImportPhase = state.phase;
    let writing: Promise<unknown> = Promise.resolve();
    const write = (): Promise<void> => {
      state.updatedAt = new Date().toISOString();
      const text = JSON.stringify(state);
      const done = writing.then(() => this.redis.set(this.key(state.importId), text, 'EX', TTL_SECONDS)).then(() => undefined, onError);
      writing = done;
      return done;
    };
    return {
      tick: (tick) => {
        Object.assign(state, tick);
        const now = Date.now();
        if (tick.phase === lastPhase && now - lastWrite < MIN_INTERVAL_MS) return;
        lastPhase = tick.phase;
        lastWrite = now;
        void write();
      },
      finish: async ({ summary, error }) => {
        state.phase = error ? 'failed' : 'done';
        state.summary = summary ?? null;
        state.error = error ?? null;
        await write();
      },
    };
  }

  private key(importId: string): string {
    return `${this.prefix}import:${importId}`;
  }
}
