// A V8 CPU profile of part of a process's life, taken from inside it through node:inspector, so
// the file covers exactly the phase the benchmark measures (not the start-up, not the shutdown).
// Positions are mapped back to the TypeScript lines (tsx compiles each file to one line, and only
// this process holds the source maps), and the profiler's own start-up samples are dropped.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Profiler } from 'node:inspector';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = import.meta.url;

export class CpuProfiler {
  private session: Session | undefined;

  /** Writes <dir>/<name>-<pid>.cpuprofile when stopped. */
  constructor(
    private readonly dir: string,
    private readonly name: string,
  ) {}

  async start(): Promise<void> {
    if (this.session) throw new Error('the CPU profiler is already running');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    this.session = session;
  }

  /** Stops the profiler and returns the path of the profile written. */
  async stop(): Promise<string> {
    const session = this.session;
    if (!session) throw new Error('the CPU profiler was not started');
    this.session = undefined;
    try {
      const { profile } = await session.post('Profiler.stop');
      dropOwnSamples(profile);
      mapToSourceLines(profile);
      mkdirSync(this.dir, { recursive: true });
      const file = resolve(join(this.dir, `${this.name}-${process.pid}.cpuprofile`));
      writeFileSync(file, JSON.stringify(profile));
      return file;
    } finally {
      session.disconnect();
    }
  }
}

/** Drops the leading and trailing samples taken inside this module (Profiler.start walks every loaded function first). */
function dropOwnSamples(profile: Profiler.Profile): void {
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const own = ownNodes(profile);
  let first = 0;
  while (first < samples.length && own.has(samples[first] ?? -1)) first += 1;
  let end = samples.length;
  while (end > first && own.has(samples[end - 1] ?? -1)) end -= 1;
  const skipped = deltas.slice(0, first).reduce((sum, d) => sum + d, 0);
  const cut = deltas.slice(end).reduce((sum, d) => sum + d, 0);
  profile.samples = samples.slice(first, end);
  profile.timeDeltas = deltas.slice(first, end);
  profile.startTime += skipped;
  profile.endTime -= cut;
}

/** The nodes whose stack passes through this module. */
function ownNodes(profile: Profiler.Profile): Set<number> {
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const own = new Set<number>();
  for (const node of profile.nodes) {
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      if (byId.get(id)?.callFrame.url === THIS_FILE) {
        own.add(node.id);
        break;
      }
    }
  }
  return own;
}

/** Rewrites each frame's line and column to the original source where a source map knows them. */
function mapToSourceLines(profile: Profiler.Profile): void {
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.startsWith('file://')) continue;
    const map = findSourceMap(fileURLToPath(callFrame.url));
    if (!map) continue;
    const entry = map.findEntry(callFrame.lineNumber, callFrame.columnNumber) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) continue;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
}
