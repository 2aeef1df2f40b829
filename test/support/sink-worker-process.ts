// Runs test/support/sink-worker.ts as a child process — a real follow-up worker that a test can
// kill with SIGKILL mid-run — and waits for it to say it is ready.

import { spawn, type ChildProcess } from 'node:child_process';
import { WORKER_NODE_FLAGS } from '../../src/jobs/worker-node-flags.ts';

export interface SinkWorkerProcess {
  readonly pid: number;
  /** Resolves once the worker takes jobs; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Resolves when the process ends, with how (exit code or signal). */
  readonly exited: Promise<string>;
  /** What the worker wrote (its pino log lines and any crash), for a failing test's message. */
  output(): string;
  /** SIGKILL: no shutdown, no finishing the batches in hand. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Starts a sink worker with these environment variables on top of this process's own (it needs at
 * least DATABASE_URL, REDIS_URL, REDIS_PREFIX and SINK_URL).
 */
export function spawnSinkWorker(env: Record<string, string>): SinkWorkerProcess {
  const child: ChildProcess = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', 'test/support/sink-worker.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready$/m.test(output)) resolve();
    });
    child.once('exit', (code, signal) => reject(new Error(`sink worker exited before it was ready (${signal ?? code}): ${output.trim().slice(-2000)}`)));
  });
  ready.catch(() => undefined); // observed by whoever awaits it; not an unhandled rejection meanwhile
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    ready,
    exited,
    output: () => output,
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (!gone()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
