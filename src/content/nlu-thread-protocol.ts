// The messages between the service and the NLU's thread (nlu-thread.ts ↔ nlu-thread-worker.ts).
// All of them are structured-cloned: plain data only.

import type { LexiconData } from '../domain/nlu/lexicon.ts';
import type { Language, NluResult } from '../domain/types.ts';

/** What the thread loads at start (its `workerData`). */
export interface NluThreadData {
  /** The cached models file (<cacheDir>/models/nlu-<hash>.json). */
  modelFile: string;
  /** The lexicon with the product list and the policy's order number formats. */
  lexicon: LexiconData;
}

export interface ParseRequest {
  id: number;
  text: string;
  fallbackLanguage: Language;
}

export type NluThreadReply = { kind: 'ready' } | { kind: 'parsed'; id: number; result: NluResult } | { kind: 'failed'; id: number; error: Error };
