// The service as `npm start` runs it (src/main.ts), in a child process a test can kill with
// SIGKILL mid-turn — no shutdown, nothing flushed — and start again on the same database.

import { spawn, type ChildProcess } from 'node:child_process';

export interface AppProcess {
  /** Resolves with the service's base URL once it listens and its channels started; rejects if it exits first. */
  readonly ready: Promise<string>;
  /** What it logged, for a failing test's message. */
  output(): string;
  /** SIGKILL. */
  kill(): Promise<void>;
  /** SIGTERM and wait (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

const READY = /customer-care bot ready: web chat at (http:\/\/[^/\s"]+)\//;

/** Starts src/main.ts with `env` on top of this process's environment (it needs at least DATABASE_URL and REDIS_URL). */
export function spawnApp(env: Record<string, string>): AppProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`)));
  const ready = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code, signal) => reject(new Error(`the app exited before it was ready (${signal ?? code}): ${output.trim().slice(-3000)}`)));
  });
  ready.catch(() => undefined); // observed by whoever awaits it
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    ready,
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
