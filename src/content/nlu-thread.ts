// The NLU's parse on a worker thread of its own, so the event loop spends its time on I/O, the flow
// and the store, and the classifiers live in that thread's memory, not the service's. A parse is
// pure: the requests of a thread that dies are sent again to its successor, started at once.
// guessProduct stays here: the flow calls it synchronously, and it needs only the tagger.

import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../domain/domain-error.ts';
import type { LexiconData } from '../domain/nlu/lexicon.ts';
import type { NounPhraseFinder } from '../domain/nlu/noun-phrases.ts';
import { productGuesser, type NluService } from '../domain/nlu/nlu.ts';
import type { Language, NluResult } from '../domain/types.ts';
import type { NluThreadData, NluThreadReply, ParseRequest } from './nlu-thread-protocol.ts';

/** The thread's script beside this module: .ts when run from source (tsx, vitest), .js in dist/. */
const WORKER_SCRIPT = new URL(`./nlu-thread-worker${extname(import.meta.url)}`, import.meta.url);
/** A thread that dies this often within DEATH_WINDOW_MS is broken, not unlucky: parses fail until the window has passed. */
const MAX_DEATHS = 3;
const DEATH_WINDOW_MS = 60_000;

export interface NluThreadOptions {
  /** The cached models file (<cacheDir>/models/nlu-<hash>.json) the thread restores the NLU from. */
  modelFile: string;
  /** The lexicon with the product list and the policy's order number formats. */
  lexicon: LexiconData;
  /** A part-of-speech tagger's noun phrases, for guessProduct (in this thread). */
  nounPhrases?: NounPhraseFinder;
}

interface Pending {
  request: ParseRequest;
  resolve: (result: NluResult) => void;
  reject: (error: unknown) => void;
}

export class NluThread implements NluService {
  readonly guessProduct: (text: string, language: Language) => string | undefined;
  private current: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** When threads died (performance.now()), within the last DEATH_WINDOW_MS. */
  private deaths: number[] = [];
  /** How the last one died: its error, or its exit code. */
  private lastDeath = '';
  private closed = false;

  private constructor(
    private readonly data: NluThreadData,
    nounPhrases?: NounPhraseFinder,
  ) {
    this.guessProduct = productGuesser(data.lexicon, nounPhrases);
  }

  /** Starts the thread and waits until its model is loaded; a model that cannot be loaded fails here, at start. */
  static async start({ modelFile, lexicon, nounPhrases }: NluThreadOptions): Promise<NluThread> {
    const nlu = new NluThread({ modelFile, lexicon }, nounPhrases);
    try {
      await loaded(nlu.spawn(), modelFile);
    } catch (error) {
      await nlu.close();
      throw error;
    }
    nlu.holdProcessWhileBusy();
    return nlu;
  }

  parse(text: string, fallbackLanguage: Language = 'en'): Promise<NluResult> {
    return new Promise((resolve, reject) => {
      try {
        const thread = this.thread();
        const request: ParseRequest = { id: this.nextId++, text, fallbackLanguage };
        this.pending.set(request.id, { request, resolve, reject });
        thread.postMessage(request);
        this.holdProcessWhileBusy();
      } catch (error) {
        reject(error);
      }
    });
  }

  /** Ends the thread; parses still waiting, and any asked afterwards, fail. */
  async close(): Promise<void> {
    this.closed = true;
    this.rejectPending(new DomainError('unavailable', 'the NLU thread is closed'));
    const thread = this.current;
    this.current = undefined;
    await thread?.terminate();
  }

  /** The running thread, for tests that kill it; undefined before a restart or after close. */
  get worker(): Worker | undefined {
    return this.current;
  }

  private thread(): Worker {
    if (this.closed) throw new DomainError('unavailable', 'the NLU thread is closed');
    if (this.current) return this.current;
    const now = performance.now();
    this.deaths = this.deaths.filter((at) => now - at < DEATH_WINDOW_MS);
    if (this.deaths.length >= MAX_DEATHS) {
      throw new DomainError(
        'unavailable',
        `the NLU thread died ${this.deaths.length} times within ${DEATH_WINDOW_MS / 1000} s (last: ${this.lastDeath}); messages cannot be understood until it stays up`,
      );
    }
    return this.spawn();
  }

  private spawn(): Worker {
    const thread = startWorker(this.data);
    let failure: string | undefined;
    thread.on('message', (reply: NluThreadReply) => this.receive(reply));
    thread.on('error', (error) => (failure = error.message));
    thread.once('exit', (code) => this.died(thread, failure ?? `exit code ${code}`));
    this.current = thread;
    for (const { request } of this.pending.values()) thread.postMessage(request);
    return thread;
  }

  private receive(reply: NluThreadReply): void {
    if (reply.kind === 'ready') return;
    const waiting = this.pending.get(reply.id);
    // A request answered twice (by a thread that died, then by its successor) settles once.
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (reply.kind === 'parsed') waiting.resolve(reply.result);
    else waiting.reject(reply.error);
    this.holdProcessWhileBusy();
  }

  private died(thread: Worker, how: string): void {
    if (thread !== this.current || this.closed) return;
    this.current = undefined;
    this.deaths.push(performance.now());
    this.lastDeath = how;
    try {
      this.thread();
      this.holdProcessWhileBusy();
    } catch (error) {
      this.rejectPending(error);
    }
  }

  private rejectPending(error: unknown): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }

  /** The thread keeps the process alive only while parses wait for it, so an idle service or script can exit without close(). */
  private holdProcessWhileBusy(): void {
    if (this.pending.size > 0) this.current?.ref();
    else this.current?.unref();
  }
}

function startWorker(data: NluThreadData): Worker {
  if (WORKER_SCRIPT.pathname.endsWith('.js')) return new Worker(WORKER_SCRIPT, { workerData: data });
  // From source: tsx's loader leaves worker threads alone, so the thread registers it before loading the script.
  const registerTsx = new URL('./register-tsx.mjs', import.meta.url).href;
  const boot = `import(${JSON.stringify(registerTsx)}).then(() => import(${JSON.stringify(WORKER_SCRIPT.href)}));`;
  return new Worker(boot, { eval: true, workerData: data });
}

/** Resolves when the thread has loaded its model; rejects with why it could not. */
function loaded(thread: Worker, modelFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: NluThreadReply) => {
      if (reply.kind !== 'ready') return;
      stop();
      resolve();
    };
    const onError = (error: Error) => {
      stop();
      reject(new DomainError('unavailable', `the NLU thread could not load ${modelFile}: ${error.message}`, { cause: error }));
    };
    const onExit = (code: number) => {
      stop();
      reject(new DomainError('unavailable', `the NLU thread stopped (exit code ${code}) before loading ${modelFile}`));
    };
    const stop = () => thread.off('message', onMessage).off('error', onError).off('exit', onExit);
    thread.on('message', onMessage).on('error', onError).on('exit', onExit);
  });
}
