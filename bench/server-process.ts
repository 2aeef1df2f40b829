// The coordinator's handle on one benchmark server process (bench/app-process.ts or
// bench/baseline-process.ts, compiled into dist/ by the setup as `npm start` runs the service):
// spawns it under plain node, waits for its port, asks it questions over IPC, and stops it, killing
// it if it does not exit in time.

import { spawn, type ChildProcess } from 'node:child_process';
import type { Answers, Ask, ChildMessage, Command, Ready } from './child-protocol.ts';

const START_TIMEOUT_MS = 180_000;
const ASK_TIMEOUT_MS = 60_000;
const EXIT_TIMEOUT_MS = 20_000;

export class ServerProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private readyMessage: Ready | undefined;

  /** `script` is the path of a compiled .js file; `args` go to it after the path, `nodeFlags` to node before it, `env` beside this process's. */
  constructor(
    readonly name: string,
    script: string,
    args: string[],
    cwd: string,
    { nodeFlags = [], env = {} }: { nodeFlags?: readonly string[]; env?: Readonly<Record<string, string>> } = {},
  ) {
    this.child = spawn(process.execPath, [...nodeFlags, script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (message: ChildMessage) => this.receive(message));
    this.child.once('exit', (code, signal) => this.failPending(new Error(`${this.name} exited (${signal ?? `code ${String(code)}`})`)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get port(): number {
    if (!this.readyMessage) throw new Error(`${this.name} is not listening yet`);
    return this.readyMessage.port;
  }

  get ready(): Ready {
    if (!this.readyMessage) throw new Error(`${this.name} is not listening yet`);
    return this.readyMessage;
  }

  /** Resolves once the server listens; rejects if it fails to start or exits first. */
  started(): Promise<Ready> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`${this.name} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        reject(error);
      };
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'start-failed') fail(new Error(`${this.name} could not start: ${message.error}`));
        if (message.type !== 'ready') return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.readyMessage = message;
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code, signal) => fail(new Error(`${this.name} exited before it listened (${signal ?? `code ${String(code)}`})`)));
    });
  }

  ask<C extends Command>(command: C): Promise<Answers[C]> {
    if (!this.child.connected) return Promise.reject(new Error(`${this.name} is gone (asked for ${command})`));
    const id = this.nextId++;
    return new Promise<Answers[C]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} did not answer "${command}" within ${ASK_TIMEOUT_MS / 1000} s`));
      }, ASK_TIMEOUT_MS);
      this.pending.set(id, {
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result as Answers[C]);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      const ask: Ask = { id, command };
      this.child.send(ask);
    });
  }

  /**
   * Asks the server to close (one still starting gets SIGTERM: it closes once started) and waits
   * for the process to exit; kills it if it does not.
   */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (!this.readyMessage) this.child.kill('SIGTERM');
    else if (this.child.connected) await this.ask('close').catch(() => undefined);
    if (await this.exitsWithin(EXIT_TIMEOUT_MS)) return;
    console.error(`bench: ${this.name} did not exit within ${EXIT_TIMEOUT_MS / 1000} s of closing; killing it`);
    this.child.kill('SIGKILL');
    await this.exited;
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const exited = await Promise.race([this.exited.then(() => true as const), timeout]);
    clearTimeout(timer);
    return exited;
  }

  private receive(message: ChildMessage): void {
    if (message.type !== 'answer') return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) waiter.reject(new Error(`${this.name}: ${message.error}`));
    else waiter.resolve(message.result);
  }

  private failPending(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
