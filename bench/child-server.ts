// The child side of a benchmark server process: starts the server, tells the coordinator its port
// over IPC, then answers its questions (resource stats, start of the measured phase, CPU profile,
// live heap, close). A lost coordinator (IPC disconnect) or a signal closes the server too (after
// a start still under way has finished), so nothing is left running.

import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Answers, Ask, ChildMessage, Command, ProcessStats, Ready } from './child-protocol.ts';
import { CpuProfiler } from './cpu-profiler.ts';

export interface StartedServer {
  ready: Omit<Ready, 'type'>;
  close(): Promise<void>;
  /** Warnings and errors logged so far, by message. */
  logged?: () => ReadonlyMap<string, number>;
}

type Handlers = { [C in Command]: (server: StartedServer) => Promise<Answers[C]> };

const RSS_SAMPLE_MS = 100;
const LOOP_DELAY_RESOLUTION_MS = 5;

/** Runs `start` and serves the coordinator until it asks to close. `profileDir` turns on CPU profiling. */
export async function serveChild(start: () => Promise<StartedServer>, options: { profileDir?: string; profileName: string }): Promise<void> {
  if (!process.send) throw new Error('this is a benchmark child process: start it from bench/pipeline.ts (it talks over IPC)');
  const peak = sampleRss();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  loopDelay.enable();
  const starting = start();
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= starting
      .then(
        (server) => server.close(),
        () => undefined,
      )
      .finally(() => peak.stop()));
  const closeAndLeave = () => void close().finally(leave);
  process.once('disconnect', closeAndLeave);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, closeAndLeave);

  let server: StartedServer;
  try {
    server = await starting;
  } catch (error) {
    send({ type: 'start-failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
    peak.stop();
    leave();
    return;
  }
  // Told to close while starting: closed already, or about to be; not ready for anyone.
  if (closing) return;
  const profiler = options.profileDir ? new CpuProfiler(options.profileDir, options.profileName) : undefined;
  const handlers: Handlers = {
    stats: (s) => Promise.resolve(statsOf(peak.value(), loopDelay, s.logged?.())),
    'phase-start': async () => {
      loopDelay.reset();
      if (!profiler) return false;
      await profiler.start();
      return true;
    },
    'profile-stop': async () => (profiler ? profiler.stop() : null),
    'live-heap': liveHeapBytes,
    close: async () => {
      await close();
      return null;
    },
  };
  process.on('message', (message: Ask) => void answer(message, server, handlers));
  send({ type: 'ready', ...server.ready });
}

async function answer(ask: Ask, server: StartedServer, handlers: Handlers): Promise<void> {
  try {
    const result: unknown = await handlers[ask.command](server);
    send({ type: 'answer', id: ask.id, result });
  } catch (error) {
    send({ type: 'answer', id: ask.id, error: error instanceof Error ? error.message : String(error) });
  }
  // Closed and answered: letting go of the channel lets the process exit once its server is gone.
  if (ask.command === 'close') leave();
}

function send(message: ChildMessage): void {
  // After a close the channel may be gone; the coordinator then learns from the exit instead.
  if (process.connected) process.send?.(message);
}

function leave(): void {
  if (process.connected) process.disconnect();
}

async function liveHeapBytes(): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.collectGarbage');
  } finally {
    session.disconnect();
  }
  return process.memoryUsage().heapUsed;
}

function sampleRss() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), RSS_SAMPLE_MS);
  timer.unref();
  return { value: () => Math.max(peak, process.memoryUsage().rss), stop: () => clearInterval(timer) };
}

/** The histogram holds the time between the sampling timer's runs (ns): how late a run was is that minus the interval. */
const lateBy = (intervalNs: number) => Math.max(0, intervalNs / 1e6 - LOOP_DELAY_RESOLUTION_MS);

function statsOf(sampledPeakRssBytes: number, loopDelay: IntervalHistogram, logged: ReadonlyMap<string, number> | undefined): ProcessStats {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    pid: process.pid,
    // resourceUsage().maxRSS is in KiB.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    sampledPeakRssBytes,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    heapTotalBytes: memory.heapTotal,
    externalBytes: memory.external,
    eventLoopDelayMs: { p50: lateBy(loopDelay.percentile(50)), p99: lateBy(loopDelay.percentile(99)), max: lateBy(loopDelay.max) },
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    logged: [...(logged ?? new Map<string, number>())],
  };
}
