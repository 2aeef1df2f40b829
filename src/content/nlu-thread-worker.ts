// The NLU's own thread (started by nlu-thread.ts): restores the cached model once, then answers
// parse requests, so the classifiers' CPU time and memory stay off the service's event loop.

import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { Nlu } from '../domain/nlu/nlu.ts';
import type { NluThreadData, NluThreadReply, ParseRequest } from './nlu-thread-protocol.ts';

if (!parentPort) throw new Error('nlu-thread-worker.ts runs as a worker thread (see nlu-thread.ts)');
const port = parentPort;
const { modelFile, lexicon } = workerData as NluThreadData;
// The NLU part of the models file, restored as load-content.ts restores it in-process.
const nlu = readFile(modelFile, 'utf8').then((text) => Nlu.fromJSON((JSON.parse(text) as { nlu: unknown }).nlu, lexicon));
const reply = (message: NluThreadReply) => port.postMessage(message);

// Listening at once: a request sent while the model loads waits for it rather than being lost.
port.on('message', (request: ParseRequest) => void answer(request));

async function answer({ id, text, fallbackLanguage }: ParseRequest): Promise<void> {
  try {
    reply({ kind: 'parsed', id, result: await (await nlu).parse(text, fallbackLanguage) });
  } catch (error) {
    reply({ kind: 'failed', id, error: error instanceof Error ? error : new Error(String(error)) });
  }
}

// A model that cannot be loaded is thrown here, and ends the thread with that error.
await nlu;
reply({ kind: 'ready' });
