// What the benchmark's coordinator and its server processes (the app, the bare baseline) say to
// each other over the IPC channel: the coordinator asks, the child answers the same id.

/** A server process's own account of its resources, read inside it. */
export interface ProcessStats {
  pid: number;
  /** The OS's peak resident set (getrusage maxrss), the figure that cannot miss a spike. */
  maxRssBytes: number;
  /** The highest rss sampled every 100 ms, and the rss now. */
  sampledPeakRssBytes: number;
  rssBytes: number;
  /** Where the memory is now: V8's heap (used of allocated), and memory outside it (Buffers, native addons' objects V8 knows of). */
  heapUsedBytes: number;
  heapTotalBytes: number;
  externalBytes: number;
  /** How late the event loop ran its timers (ms) since the measured phase began: a stall delays every request in flight. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** CPU time used since the process started, user and system. */
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Warnings and errors the process logged, by message (the app only). */
  logged: [message: string, count: number][];
}

export interface Answers {
  stats: ProcessStats;
  /** The measured phase begins: restarts the event loop delay figures and starts the V8 CPU profiler (answers false when profiling is off). */
  'phase-start': boolean;
  /** Stops it and writes the profile; answers the file, or null when profiling is off. */
  'profile-stop': string | null;
  /** Runs a full garbage collection and answers the V8 heap then in use: what the process really keeps. */
  'live-heap': number;
  /** Closes the server; the process exits after answering. */
  close: null;
}

export type Command = keyof Answers;

export interface Ask {
  id: number;
  command: Command;
}

/** Sent once, when the server listens. */
export interface Ready {
  type: 'ready';
  port: number;
  /** The app only: the Redis it uses, and what it runs besides the HTTP server. */
  redisUrl?: string;
  details?: string;
}

export interface Answer {
  type: 'answer';
  id: number;
  result?: unknown;
  error?: string;
}

/** Sent instead of Ready when the server could not start. */
export interface StartFailed {
  type: 'start-failed';
  error: string;
}

export type ChildMessage = Ready | Answer | StartFailed;
