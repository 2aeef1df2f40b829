// Where the model's reading of a message may stand in for the embedded one. The customer's own
// words, as the embedded NLU reads them, decide everything that changes the course of the
// conversation (a person, a callback, an opt-out, a complaint, a yes, a no); the model's reading is
// taken only where the embedded one is unsure or agrees, and it never makes a complaint, a safety
// report or a wronged customer milder. Harm or a sense of being wronged that only the model reads is not acted
// on alone: the customer is offered a person with a button and decides (engine.ts).

import { EMOTIONS, type Intent, type NluResult } from '../domain/types.ts';
import type { Understanding } from './understanding.ts';

/**
 * At or below this confidence the embedded intent counts as unsure. The embedded NLU gives 0.6 to
 * readings its rules changed (a "request_human" without words for a person becomes an inquiry) and
 * the classifier's own score otherwise.
 */
export const UNSURE_AT_OR_BELOW = 0.6;

/**
 * Intents that change the course of the conversation. Only the customer's own words carry them:
 * the model can neither read one in nor read one away. A complaint is one of them: it opens a case
 * and the five steps (and a model that reads one into a buying question or a poem derails the
 * conversation as surely as one that hands it over). A button press ("Yes, agreed") never reaches
 * the model: the engine reads it as the press it is, as the flow's isYes does.
 */
const COURSE_CHANGING: readonly Intent[] = ['request_human', 'request_callback', 'opt_out', 'affirm', 'deny', 'complaint'];
/** The model's confidence is not known; a reading taken from it alone is marked as this sure. */
const ADOPTED_CONFIDENCE = 0.7;

export interface OverruledReading {
  field: 'intent' | 'emotion' | 'safety';
  model: unknown;
  embedded: unknown;
  reason: string;
}

export interface WeighedReading {
  nlu: NluResult;
  /** The model's intent replaced the embedded one (that one was unsure, and nothing changes course). */
  adopted: boolean;
  /** What the model read that would have changed the course or made the customer's words milder, set aside. */
  overruled: OverruledReading[];
  /** Harm, or a customer wronged, that only the model read: a person is offered, never imposed. */
  concern?: 'safety' | 'victimized';
}

export interface ReadingContext {
  /** A complaint is open: the flow reads the answers to its questions; the model's intent is not taken. */
  complaintOpen: boolean;
}

/** The reading the flow acts on: the embedded one, with the intent the model read where that one was unsure. */
export function weighReading(embedded: NluResult, model: Understanding, context: ReadingContext): WeighedReading {
  const overruled: OverruledReading[] = [];
  const overrule = (field: OverruledReading['field'], modelValue: unknown, embeddedValue: unknown, reason: string) => overruled.push({ field, model: modelValue, embedded: embeddedValue, reason });

  let adopted = false;
  if (model.intent !== embedded.intent) {
    if (COURSE_CHANGING.includes(embedded.intent)) {
      overrule('intent', model.intent, embedded.intent, embedded.intent === 'complaint' ? 'a complaint is never read as something milder' : 'the customer’s own words decide this');
    } else if (COURSE_CHANGING.includes(model.intent)) {
      overrule('intent', model.intent, embedded.intent, 'changes the course of the conversation: needs the customer’s own words or a button press');
    } else {
      // Inside a complaint the flow asks for one thing at a time and reads the answer by its words
      // (a wish, a date, a pick): a short answer the classifier is unsure of is normal there, and
      // another intent would only pull the step off course.
      adopted = embedded.confidence <= UNSURE_AT_OR_BELOW && !context.complaintOpen;
    }
  }

  // The embedded feeling stands: lowering it would hide a complaint's weight, raising it to anger
  // or a sense of being wronged hands the customer to people on the model's word alone.
  let concern: WeighedReading['concern'];
  if (EMOTIONS.indexOf(model.emotion) < EMOTIONS.indexOf(embedded.emotion)) overrule('emotion', model.emotion, embedded.emotion, 'never milder than the customer’s words');
  if (model.emotion === 'victimized' && embedded.emotion !== 'victimized') concern = 'victimized';
  if (embedded.entities.safety && !model.safety) overrule('safety', false, true, 'a safety report is never cleared');
  if (model.safety && !embedded.entities.safety) concern = 'safety';

  // The facts stay the embedded reader's: it takes an order number only in the policy's formats (or
  // when one was asked), a wish or a category only from the customer's words. A model that agrees
  // on the intent could still slip in another wish or a phone number as the order.
  const intent = adopted ? model.intent : embedded.intent;
  return {
    nlu: adopted ? { ...embedded, intent, confidence: ADOPTED_CONFIDENCE } : embedded,
    adopted,
    overruled,
    ...(concern ? { concern } : {}),
  };
}
