// The knowledge base: bilingual answers to common questions, matched by a classifier trained on
// the phrasings in prompts/knowledge/. Scores decide between answering, offering choices and
// asking to rephrase.

import { LANGUAGES, type Language } from './types.ts';
import { TextClassifier } from './nlu/text-classifier.ts';
import { contentWords, sharedWords } from './nlu/content-words.ts';

export interface KnowledgeEntry {
  id: string;
  topic: string;
  questions: Record<Language, string[]>;
  answer: Record<Language, string>;
}

export interface KnowledgeMatch {
  entry: KnowledgeEntry;
  score: number;
}

export class KnowledgeBase {
  private readonly byId: Map<string, KnowledgeEntry>;
  private readonly vocabularies: Map<string, Record<Language, Set<string>>>;
  /** Every English content word of every entry's questions. */
  private readonly englishVocabulary: Set<string>;

  private constructor(
    readonly entries: KnowledgeEntry[],
    private readonly matchers: Record<Language, TextClassifier>,
  ) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
    this.vocabularies = new Map(entries.map((e) => [e.id, Object.fromEntries(LANGUAGES.map((l) => [l, contentWords(e.questions[l].join(' '), l)])) as Record<Language, Set<string>>]));
    this.englishVocabulary = new Set([...this.vocabularies.values()].flatMap((vocabulary) => [...vocabulary.en]));
  }

  static async train(entries: KnowledgeEntry[]): Promise<KnowledgeBase> {
    const matchers = await Promise.all(LANGUAGES.map(async (l) => [l, await TextClassifier.train(l, Object.fromEntries(entries.map((e) => [e.id, e.questions[l]])))] as const));
    return new KnowledgeBase(entries, Object.fromEntries(matchers) as Record<Language, TextClassifier>);
  }

  static async fromJSON(entries: KnowledgeEntry[], json: unknown): Promise<KnowledgeBase> {
    const saved = json as Record<Language, unknown>;
    const matchers = await Promise.all(LANGUAGES.map(async (l) => [l, await TextClassifier.fromJSON(l, saved[l])] as const));
    return new KnowledgeBase(entries, Object.fromEntries(matchers) as Record<Language, TextClassifier>);
  }

  toJSON(): Record<Language, unknown> {
    return Object.fromEntries(LANGUAGES.map((l) => [l, this.matchers[l].toJSON()])) as Record<Language, unknown>;
  }

  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Entries ranked by similarity to the question, best first (at most `limit`). The classifier's
   * score only says which entry is least unlike the text, so it is weighed by how many of the
   * message's content words the entry's questions share: "tell me a joke" scores near 0 everywhere.
   * An English message most of whose words no entry uses is about something else ("do you sell
   * sofas?" shares only "sell"): its scores are halved, so it is at most offered, never answered.
   */
  async lookup(text: string, language: Language, limit = 3): Promise<KnowledgeMatch[]> {
    const ranked = await this.matchers[language].rank(text);
    const words = contentWords(text, language);
    const elsewhere = language === 'en' && mostlyUnknown(words, this.englishVocabulary) ? 0.5 : 1;
    return ranked
      .slice(0, limit)
      .flatMap(({ label, score }) => {
        const entry = this.byId.get(label);
        const vocabulary = this.vocabularies.get(label)?.[language];
        return entry && vocabulary ? [{ entry, score: calibrate(score * elsewhere, sharedWords(words, vocabulary)) }] : [];
      })
      .sort((a, b) => b.score - a.score);
  }

  /** The entry whose customer-facing title (first question) equals the text, in either language. */
  findByTitle(text: string): KnowledgeEntry | undefined {
    const wanted = text.trim().toLowerCase();
    return this.entries.find((e) => LANGUAGES.some((l) => e.questions[l][0]?.trim().toLowerCase() === wanted));
  }
}

/**
 * A third or fewer of the words known to the knowledge base. English only: Chinese content words
 * are character pairs, many of them straddling two words, so how many are known says little.
 */
function mostlyUnknown(words: Set<string>, vocabulary: Set<string>): boolean {
  return words.size > 0 && sharedWords(words, vocabulary) * 3 <= words.size;
}

/** No shared content word: not about this entry. Two or more: the classifier's score stands; one: a little less sure. */
function calibrate(score: number, shared: number): number {
  const weight = shared === 0 ? 0 : shared === 1 ? 0.85 : 1;
  return Math.round(score * weight * 1000) / 1000;
}
