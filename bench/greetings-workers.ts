// The follow-up worker processes of the greetings benchmark: test/support/sink-worker.ts (the real
// worker and relay, started from the environment as `npm run worker` would, sending to the loopback
// sink) spawned as children from its compiled copy in dist/, watched for their peak RSS and their
// warnings, and killed with SIGKILL when the benchmark says so.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_NODE_FLAGS } from '../src/jobs/worker-node-flags.ts';
import { nodeFlagsEnv } from './bench-env.ts';

const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;

/** Peak resident set (VmHWM) of a live process in bytes, or 0 when it cannot be read (gone, not Linux). */
export function peakRssOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a live process has used so far, in seconds, or 0 when it cannot be read. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ, 100 on every Linux that Node supports. */
const CLOCK_TICKS = 100;

export class WorkerProcess {
  /** Highest VmHWM seen while the process lived (a killed process's /proc entry is gone). */
  peakRss = 0;
  /** CPU seconds used, as last sampled, and when it printed "ready" (start-up: modules, content). */
  cpuSeconds = 0;
  cpuAtReady = 0;
  /** Warning and error log lines of the worker, by message. */
  readonly logs = new Map<string, number>();
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private stderrTail = '';
  private killed = false;

  constructor(
    readonly name: string,
    root: string,
    env: NodeJS.ProcessEnv,
  ) {
    // BENCH_PROFILE_DIR=<dir>: each worker writes a CPU profile there when it stops (not when killed).
    const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR] : [];
    // BENCH_WORKER_FLAGS="--max-semi-space-size=32 …": node flags to try beside (after) the workers' own.
    const extra = nodeFlagsEnv('BENCH_WORKER_FLAGS', []);
    // Compiled, as `npm run worker` runs: under tsx a worker carried its loader too (~25 MB more RSS).
    this.child = spawn(process.execPath, [...profile, ...WORKER_NODE_FLAGS, ...extra, join(root, 'dist/test/support/sink-worker.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the worker prints "ready" (it takes jobs from then on); counts its log lines after that. */
  ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      let buffered = '';
      let isReady = false;
      const timer = setTimeout(() => fail(new Error(`${this.name} did not print "ready" within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(new Error(`${error.message}\n${this.stderrTail.trim()}`));
      };
      this.child.once('exit', (code, signal) => {
        if (!isReady) fail(new Error(`${this.name} exited before it was ready (code ${code}, signal ${signal})`));
      });
      this.child.stdout?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (line === 'ready') {
            isReady = true;
            this.cpuAtReady = cpuSecondsOf(this.child.pid);
            clearTimeout(timer);
            resolve();
          } else if (line.trim()) this.countLog(line);
        }
      });
    });
  }

  /** Samples peak RSS and CPU time while the process lives. */
  sample(): void {
    if (!this.alive) return;
    this.peakRss = Math.max(this.peakRss, peakRssOf(this.child.pid));
    this.cpuSeconds = Math.max(this.cpuSeconds, cpuSecondsOf(this.child.pid));
  }

  /** SIGKILL: no shutdown, no lease released, no job handed back — a crash. */
  async kill(): Promise<void> {
    this.sample();
    this.killed = true;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (the worker finishes the batches in hand), SIGKILL after a while. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.sample();
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (this.alive) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** Whether it died without being told to. */
  get crashed(): boolean {
    return !this.killed && !this.alive && this.child.exitCode !== 0;
  }

  private countLog(line: string): void {
    let message = line;
    try {
      const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      message = `${parsed.msg ?? ''}${parsed.err?.message ? ` — ${parsed.err.message}` : ''}`;
    } catch {
      // not pino JSON: keep the raw line
    }
    message = message.slice(0, 300);
    this.logs.set(message, (this.logs.get(message) ?? 0) + 1);
  }
}
