// What a benchmark run has started and must stop whatever happens: its server processes and
// anything else (a throwaway database, the HTTP client's sockets). Once released, nothing new can
// be started, so a run interrupted half-way stops instead of starting more.

import type { ServerProcess } from './server-process.ts';

export class RunResources {
  private readonly servers: ServerProcess[] = [];
  private readonly cleanups: (() => Promise<void>)[] = [];
  private released = false;

  /** Registers a server process to stop at the end; refuses once the run is being released. */
  track(server: ServerProcess): ServerProcess {
    if (this.released) {
      void server.stop();
      throw new Error('the run is stopping');
    }
    this.servers.push(server);
    return server;
  }

  /** Registers a cleanup for the end; once the run is being released, runs it at once and refuses. */
  onRelease(cleanup: () => Promise<void>): void {
    if (this.released) {
      void cleanup();
      throw new Error('the run is stopping');
    }
    this.cleanups.push(cleanup);
  }

  /** Stops the servers last to first (the first app holds the shared Redis) and waits for each to exit. */
  async stopServers(): Promise<void> {
    for (const server of this.servers.splice(0).reverse()) await server.stop();
  }

  /** Stops everything; `hurry` (an interrupt) stops the servers all at once instead of in turn. */
  async release(options: { hurry?: boolean } = {}): Promise<void> {
    this.released = true;
    if (options.hurry) await Promise.all(this.servers.splice(0).map((server) => server.stop()));
    else await this.stopServers();
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('bench: cleaning up failed:', error));
  }
}

/** Ctrl-C or a kill: stops everything the run started (the servers all at once), then exits 130. */
export function releaseOnInterrupt(resources: RunResources, name: string): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}, stopping…`);
      void resources.release({ hurry: true }).finally(() => process.exit(130));
    });
  }
}
