// Loads everything editable without code: replies, knowledge base, NLU data and the policy.
// Files are validated at start so a typo is reported with its file, not discovered mid-chat.
// Trained models are cached under <cacheDir>/models, keyed by a hash of their training data; the
// NLU's thread restores its part of that file.

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { KnowledgeBase, type KnowledgeEntry } from '../domain/knowledge.ts';
import type { LexiconData } from '../domain/nlu/lexicon.ts';
import { createNounPhraseFinder } from './noun-phrase-tagger.ts';
import { Nlu, type NluService, type NluTrainingData } from '../domain/nlu/nlu.ts';
import { NluThread } from './nlu-thread.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import { loadPhrasebook } from './load-phrases.ts';
import { ContentError, readYaml } from './read-yaml.ts';
import { warmUp, warmUpSentences } from './warm-up.ts';
import { policySchema, type Policy } from '../domain/policy.ts';
import { EMOTIONS, INTENTS, LANGUAGES, type Language } from '../domain/types.ts';

export interface Content {
  phrases: Phrasebook;
  policy: Policy;
  /** The embedded NLU, parsing here or on a thread of its own (close() ends that thread). */
  nlu: NluService;
  knowledge: KnowledgeBase;
  uiStrings: unknown;
}

export interface ContentOptions {
  promptsDir: string;
  policyFile: string;
  cacheDir: string;
  /** Parse on a worker thread of its own (NLU_THREAD) rather than on the caller's. */
  nluThread?: boolean;
  onProgress?: (message: string) => void;
}

export { ContentError } from './read-yaml.ts';

const bilingual = z.object({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) });
const productListSchema = bilingual.extend({ brands: bilingual.optional() });
const knowledgeSchema = z.array(
  z.object({
    id: z.string().min(1),
    topic: z.string().min(1),
    questions: z.object({ zh: z.array(z.string().min(1)).min(1), en: z.array(z.string().min(1)).min(1) }),
    answer: z.object({ zh: z.string().min(1), en: z.string().min(1) }),
  }),
);
const labelled = <L extends readonly [string, ...string[]]>(labels: L) =>
  z.object(Object.fromEntries(labels.map((l) => [l, z.array(z.string().min(1)).min(1)])) as Record<L[number], z.ZodArray<z.ZodString>>);
const nluFileSchema = z.object({ language: z.enum(LANGUAGES), intents: labelled(INTENTS), emotions: labelled(EMOTIONS) });
const lexiconSchema = z.object({
  categories: z.record(z.string(), bilingual),
  topics: z.record(z.string(), bilingual).optional(),
  safety: bilingual,
  go_back: bilingual,
  wants: z.record(z.string(), bilingual),
  negative: bilingual.optional(),
  anger: bilingual.optional(),
  wronged: bilingual.optional(),
  sarcasm: bilingual.optional(),
  out_of_scope: bilingual.optional(),
  option_kinds: z.record(z.string(), bilingual).optional(),
  not_harm: bilingual.optional(),
  not_products: bilingual.optional(),
});

export type NluFile = z.infer<typeof nluFileSchema>;

export async function loadContent(options: ContentOptions): Promise<Content> {
  const { promptsDir } = options;
  const [phrases, uiStrings, { policy, entityRules, models, training }] = await Promise.all([
    loadPhrasebook(promptsDir),
    readFile(join(promptsDir, 'webchat-ui.json'), 'utf8').then((t) => JSON.parse(t) as unknown),
    loadNluParts(options),
  ]);
  // A thread restores the NLU from the models file; this thread then keeps only the tagger, for guessProduct.
  const nlu = options.nluThread
    ? await NluThread.start({ modelFile: models.file, lexicon: entityRules, nounPhrases: createNounPhraseFinder() })
    : await Nlu.fromJSON(models.nlu, entityRules, createNounPhraseFinder());
  const sentences = warmUpSentences(training);
  const ms = await warmUp(nlu, sentences).catch(async (error: unknown) => {
    await nlu.close(); // the NLU's thread would otherwise keep the failed start's process alive
    throw error;
  });
  options.onProgress?.(`NLU and noun-phrase tagger warmed up on ${sentences.length} training sentences in ${ms} ms`);
  return { phrases, policy, nlu, knowledge: models.knowledge, uiStrings };
}

/** The NLU restored in this thread whatever the setting: for tests and scripts that inspect or compare it. */
export async function loadNluInProcess(options: ContentOptions): Promise<Nlu> {
  const { entityRules, models } = await loadNluParts(options);
  return Nlu.fromJSON(models.nlu, entityRules, createNounPhraseFinder());
}

/** The policy, the NLU's entity rules (the lexicon, with the policy's order number formats) and the models. */
async function loadNluParts(options: ContentOptions) {
  const { promptsDir, policyFile } = options;
  const [policy, entries, lexicon, training] = await Promise.all([
    readYaml(policyFile, policySchema),
    loadKnowledgeEntries(join(promptsDir, 'knowledge')),
    loadLexicon(promptsDir),
    loadNluTraining(promptsDir, 'train'),
  ]);
  const entityRules: LexiconData = { ...lexicon, orderNumbers: policy.orderNumbers };
  return { policy, entityRules, training, models: await loadModels(options, entries, entityRules, training) };
}

/** Reads prompts/nlu/<lang>.<split>.yaml for both languages. */
export async function loadNluFiles(promptsDir: string, split: 'train' | 'test' | 'holdout'): Promise<Record<Language, NluFile>> {
  const files = await Promise.all(LANGUAGES.map(async (l) => [l, await readYaml(join(promptsDir, `nlu/${l}.${split}.yaml`), nluFileSchema)] as const));
  return Object.fromEntries(files) as Record<Language, NluFile>;
}

async function loadNluTraining(promptsDir: string, split: 'train' | 'test'): Promise<NluTrainingData> {
  const files = await loadNluFiles(promptsDir, split);
  return {
    intents: { zh: files.zh.intents, en: files.en.intents },
    emotions: { zh: files.zh.emotions, en: files.en.emotions },
  };
}

/** The lexicon with the product list (and the default order number formats). */
export async function loadLexicon(promptsDir: string): Promise<LexiconData> {
  const [lexicon, products] = await Promise.all([readYaml(join(promptsDir, 'nlu/lexicon.yaml'), lexiconSchema), readYaml(join(promptsDir, 'nlu/products.yaml'), productListSchema)]);
  return { ...(lexicon as LexiconData), products };
}

export async function loadKnowledgeEntries(dir: string): Promise<KnowledgeEntry[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const lists = await Promise.all(files.map((f) => readYaml(join(dir, f), knowledgeSchema)));
  const entries = lists.flat();
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) throw new ContentError(`knowledge entry id "${entry.id}" is used twice in ${dir}`);
    seen.add(entry.id);
  }
  return entries;
}

/**
 * The models file for this training data and knowledge (trained and written first if missing), the
 * NLU's part of it as read, and the knowledge base.
 */
async function loadModels(options: ContentOptions, entries: KnowledgeEntry[], lexicon: LexiconData, training: NluTrainingData): Promise<{ file: string; nlu: unknown; knowledge: KnowledgeBase }> {
  const hash = createHash('sha256')
    .update(JSON.stringify({ training, entries: entries.map((e) => [e.id, e.questions]), v: 2 }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(options.cacheDir, 'models');
  const file = join(dir, `nlu-${hash}.json`);
  const cached = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as { nlu: unknown; knowledge: unknown },
    () => undefined,
  );
  if (cached) return { file, nlu: cached.nlu, knowledge: await KnowledgeBase.fromJSON(entries, cached.knowledge) };
  options.onProgress?.('training the NLU and knowledge models (first start only)…');
  const started = Date.now();
  const nlu = await Nlu.train(training, lexicon);
  const knowledge = await KnowledgeBase.train(entries);
  await mkdir(dir, { recursive: true });
  // Write-then-rename so a concurrent start never reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  const saved = { nlu: nlu.toJSON(), knowledge: knowledge.toJSON() };
  await writeFile(temp, JSON.stringify(saved));
  await rename(temp, file);
  options.onProgress?.(`models trained in ${((Date.now() - started) / 1000).toFixed(1)} s and cached in ${file}`);
  return { file, nlu: saved.nlu, knowledge };
}
