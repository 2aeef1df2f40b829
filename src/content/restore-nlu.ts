// The NLU restored from the models file the service caches (<cacheDir>/models/nlu-<hash>.json),
// the same way in the NLU's own thread and in-process, so both read every message alike.

import { readFile } from 'node:fs/promises';
import type { LexiconData } from '../domain/nlu/lexicon.ts';
import type { NounPhraseFinder } from '../domain/nlu/noun-phrases.ts';
import { Nlu } from '../domain/nlu/nlu.ts';

/** Restores the `nlu` part of a cached models file, reading entities with `lexicon`. */
export async function restoreNlu(modelFile: string, lexicon: LexiconData, nounPhrases?: NounPhraseFinder): Promise<Nlu> {
  const saved = JSON.parse(await readFile(modelFile, 'utf8')) as { nlu: unknown };
  return Nlu.fromJSON(saved.nlu, lexicon, nounPhrases);
}
