// The embedded bilingual NLU: language by script, intent and emotion by trained classifiers,
// entities by rules and lexicons. No network; a trained model serialises to JSON for caching.

import { LANGUAGES, type Emotion, type Intent, type Language, type NluResult, EMOTIONS, INTENTS } from '../types.ts';
import { extractEntities } from './entities.ts';
import { detectLanguage } from './language.ts';
import { readFeeling } from './feeling.ts';
import { orderNumberReader, type OrderNumberReader } from './order-numbers.ts';
import { productFinder, type ProductFinder } from './products.ts';
import { productPhrasePicker, type NounPhraseFinder } from './noun-phrases.ts';
import { createLexicon, type Lexicon, type LexiconData } from './lexicon.ts';
import { TextClassifier, type LabelledUtterances } from './text-classifier.ts';

export interface NluTrainingData {
  intents: Record<Language, LabelledUtterances>;
  emotions: Record<Language, LabelledUtterances>;
}

interface Classifiers {
  intents: Record<Language, TextClassifier>;
  emotions: Record<Language, TextClassifier>;
}

interface SavedNlu {
  intents: Record<Language, unknown>;
  emotions: Record<Language, unknown>;
}

/** What the service asks of its NLU, wherever the NLU runs (in this thread, or a thread of its own). */
export interface NluService {
  /** Understands one message; `fallbackLanguage` (the conversation's) applies when the text has no words or is evenly mixed. */
  parse(text: string, fallbackLanguage?: Language): Promise<NluResult>;
  /** A product the product list does not know, from the parts of speech (see Nlu.guessProduct). */
  guessProduct(text: string, language: Language): string | undefined;
  /** Frees what the NLU holds (its thread); parsing afterwards fails. */
  close(): Promise<void>;
}

/** Guesses a product from a tagger's noun phrases, skipping the lexicon's `not_products`; never a guess without a tagger. */
export function productGuesser(lexicon: LexiconData, nounPhrases?: NounPhraseFinder): (text: string, language: Language) => string | undefined {
  if (!nounPhrases) return () => undefined;
  const pickProduct = productPhrasePicker(lexicon.not_products ? [...lexicon.not_products.en, ...lexicon.not_products.zh] : []);
  return (text, language) => pickProduct(nounPhrases(text, language));
}

/** Below this, an emotion guess is not trusted and the customer is taken as calm. */
const EMOTION_FLOOR = 0.45;

export class Nlu implements NluService {
  private readonly lexicon: Lexicon;
  private readonly readOrderNumbers: OrderNumberReader | undefined;
  private readonly findProduct: ProductFinder;
  private readonly guessProductOf: (text: string, language: Language) => string | undefined;

  private constructor(
    private readonly classifiers: Classifiers,
    lexicon: LexiconData,
    /** A part-of-speech tagger's noun phrases, for products the product list does not know. */
    nounPhrases?: NounPhraseFinder,
  ) {
    this.lexicon = createLexicon(lexicon);
    this.guessProductOf = productGuesser(lexicon, nounPhrases);
    this.readOrderNumbers = lexicon.orderNumbers ? orderNumberReader(lexicon.orderNumbers) : undefined;
    this.findProduct = productFinder(lexicon.products ?? { en: [], zh: [] });
  }

  static async train(data: NluTrainingData, lexicon: LexiconData, nounPhrases?: NounPhraseFinder): Promise<Nlu> {
    const [intents, emotions] = await Promise.all([trainAll(data.intents), trainAll(data.emotions)]);
    return new Nlu({ intents, emotions }, lexicon, nounPhrases);
  }

  static async fromJSON(json: unknown, lexicon: LexiconData, nounPhrases?: NounPhraseFinder): Promise<Nlu> {
    const saved = json as SavedNlu;
    const restore = async (part: Record<Language, unknown>) =>
      Object.fromEntries(await Promise.all(LANGUAGES.map(async (l) => [l, await TextClassifier.fromJSON(l, part[l])] as const))) as Record<Language, TextClassifier>;
    return new Nlu({ intents: await restore(saved.intents), emotions: await restore(saved.emotions) }, lexicon, nounPhrases);
  }

  toJSON(): SavedNlu {
    const save = (part: Record<Language, TextClassifier>) => Object.fromEntries(LANGUAGES.map((l) => [l, part[l].toJSON()])) as Record<Language, unknown>;
    return { intents: save(this.classifiers.intents), emotions: save(this.classifiers.emotions) };
  }

  /**
   * A product the list does not know, from the parts of speech ("my bread maker grinds" → bread
   * maker). Costs a tagger run (~0.5 ms in English), so the flow asks only where a product is due:
   * the first message of a complaint, or the answer to "which product?".
   */
  guessProduct(text: string, language: Language): string | undefined {
    return this.guessProductOf(text, language);
  }

  /** Nothing to free: the classifiers live as long as this object. */
  async close(): Promise<void> {}

  /** Understands one message; `fallbackLanguage` (the conversation's) applies when the text has no words or is evenly mixed. */
  async parse(text: string, fallbackLanguage: Language = 'en'): Promise<NluResult> {
    const language = detectLanguage(text, fallbackLanguage) ?? fallbackLanguage;
    const [intents, emotions] = await Promise.all([this.classifiers.intents[language].rank(text), this.classifiers.emotions[language].rank(text)]);
    const topIntent = intents[0];
    const topEmotion = emotions[0];
    const classifiedEmotion: Emotion = topEmotion && topEmotion.score >= EMOTION_FLOOR && isEmotion(topEmotion.label) ? topEmotion.label : 'calm';
    const entities = { ...extractEntities(text, this.readOrderNumbers), ...this.lexicon.match(text) };
    const product = this.findProduct(text);
    if (product) entities.product = product.name;
    if (product?.brandOnly) entities.brandOnly = true;
    const sarcastic = this.lexicon.soundsSarcastic(text);
    if (sarcastic) entities.sarcasm = true;
    const classified: Intent = topIntent && isIntent(topIntent.label) ? topIntent.label : 'other';
    const negative = this.lexicon.isNegative(text) || sarcastic;
    const intent = reconcile(classified, classifiedEmotion, entities, negative, text);
    const emotion = readFeeling({
      classified: classifiedEmotion,
      soundsAngry: this.lexicon.soundsAngry(text),
      feelsWronged: this.lexicon.feelsWronged(text),
      harmed: entities.safety === true,
      negative,
      shortAnswer: (SHORT_ANSWER_INTENTS.includes(intent) && !isLong(text)) || intent === 'request_human' || intent === 'request_callback',
    });
    return { language, intent, confidence: round(intent === classified ? (topIntent?.score ?? 0) : 0.6), emotion, entities };
  }
}

/**
 * Intents of short answers that carry no feeling of their own unless their words do. "I want to
 * talk to a person" / "我要找人工" is a wish, not anger, whatever its length: the classifier reads
 * such curt requests as angry.
 */
const SHORT_ANSWER_INTENTS: Intent[] = ['affirm', 'deny', 'thanks', 'greet', 'goodbye'];

/** Words that ask for a person ("转人工", "a real person", "your manager"). */
const PERSON_WORDS =
  /人工|真人|客服|人来|找人|经理|主管|领导|负责人|工作人员|同事|person|human|agent|(?:talk|speak|chat) (?:to|with) (?:someone|somebody|anyone)|(?:someone|somebody|anyone) (?:real|human|from your team|from the team)|manager|supervisor|staff|representative|\brep\b|operator|colleague|real people|live chat/i;
/** Words of a product going wrong, for a product named without a fault word of the lexicon. */
const GOES_WRONG =
  /\b(stopped|stops|won'?t|wont|doesn'?t|does not|isn'?t|is not|can'?t|cannot|keeps?|kept|broke|broken|fails?|failed|no longer|not working|dead|died)\b|坏|不能|不会|不转|不亮|不动|没反应|停了|漏|异响|老是|总是|一直/i;

/** Words that ask to be called. */
const CALLBACK_WORDS = /回电|回个电话|打电话|打个电话|打给我|电话给我|给我电话|回拨|来电|来个电话|致电|电话联系|联系我|电话回|call me|call back|callback|ring me|phone me|give me a call|contact me/i;

/**
 * Words of harm, or unhappiness about an order or a complaint topic, are a complaint whatever the
 * classifier thought: missing a complaint costs more than treating a sharp question as one. Praise
 * said sarcastically is not praise.
 */
function reconcile(intent: Intent, emotion: Emotion, entities: NluResult['entities'], negative: boolean, text: string): Intent {
  // Handing over and calling back change the course of the conversation: they need the words for it.
  if (intent === 'request_human' && !PERSON_WORDS.test(text)) intent = entities.category || entities.product || entities.orderNumbers ? 'complaint' : 'inquiry';
  if (intent === 'request_callback' && !CALLBACK_WORDS.test(text)) intent = entities.category || entities.product || entities.orderNumbers ? 'complaint' : 'inquiry';
  if (intent === 'complaint' || intent === 'request_human' || intent === 'request_callback') return intent;
  if (entities.safety) return 'complaint';
  // Yes and no are short answers: a longer message about something gone wrong is a complaint.
  if ((intent === 'affirm' || intent === 'deny') && isLong(text) && (entities.fault || entities.product || entities.orderNumbers)) return 'complaint';
  // A product with something wrong with it ("my kettle stopped switching itself off") is a complaint, unless asked as a question.
  const statement = !/[?？吗]/.test(text);
  if (entities.product && GOES_WRONG.test(text) && statement && intent !== 'thanks') return 'complaint';
  const unhappy = negative || emotion === 'angry' || emotion === 'victimized';
  // Words of something gone wrong, said rather than asked, are a complaint ("stopped working" is no opt-out).
  if (intent === 'inquiry') return entities.category && (negative || (entities.fault && statement)) ? 'complaint' : intent;
  const soft: Intent[] = ['praise', 'other', 'greet', 'goodbye', 'opt_out', 'thanks'];
  if (!soft.includes(intent)) return intent;
  if (entities.fault && statement && intent !== 'praise' && intent !== 'thanks') return 'complaint';
  if (entities.category && (emotion !== 'calm' || negative)) return 'complaint';
  if (entities.orderNumbers?.length && unhappy) return 'complaint';
  if (intent === 'praise' && entities.sarcasm) return 'other';
  // Praise words around a fault with its order or product ("cracked the second time… brilliant quality") are sarcasm.
  if (intent === 'praise' && entities.category && (entities.orderNumbers?.length || entities.product)) return 'complaint';
  return intent;
}

function isLong(text: string): boolean {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han > 0 ? han >= 8 : text.trim().split(/\s+/).length >= 6;
}

async function trainAll(data: Record<Language, LabelledUtterances>): Promise<Record<Language, TextClassifier>> {
  const trained = await Promise.all(LANGUAGES.map(async (l) => [l, await TextClassifier.train(l, data[l])] as const));
  return Object.fromEntries(trained) as Record<Language, TextClassifier>;
}

function isIntent(label: string): label is Intent {
  return (INTENTS as readonly string[]).includes(label);
}

function isEmotion(label: string): label is Emotion {
  return (EMOTIONS as readonly string[]).includes(label);
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}
