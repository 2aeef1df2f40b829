// The conversation's memory between turns, stored as JSON on the Conversation row.

import { z } from 'zod';
import { CATEGORIES, EMOTIONS, LANGUAGES } from '../types.ts';
import { FACT_KEYS } from '../policy.ts';

const factsSchema = z
  .object({
    orderNumber: z.string(),
    product: z.string(),
    problem: z.string(),
    want: z.string(),
    date: z.string(),
    amount: z.string(),
  })
  .partial();

/** An order of the customer's own, as the shop has it on file (placedAt in ISO 8601). */
const orderOnFileSchema = z.object({
  id: z.string(),
  number: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  status: z.string(),
  placedAt: z.string(),
  items: z.string(),
});

const complaintSchema = z.object({
  caseId: z.string(),
  step: z.number().int().min(1).max(5),
  category: z.enum(CATEGORIES),
  emotion: z.enum(EMOTIONS),
  facts: factsSchema,
  /** The fact asked for in step 2, if any. */
  asking: z.enum(FACT_KEYS).optional(),
  /** How many times the current fact was asked without an answer. */
  askedTimes: z.number().int().default(0),
  /** Facts restated; waiting for yes / no. */
  confirming: z.boolean().default(false),
  /** Customer said the restatement is wrong; waiting for which part. */
  correcting: z.boolean().default(false),
  /** Option ids shown in step 3. */
  offered: z.array(z.string()).default([]),
  /** Their button labels as shown (they carry times, so they are kept rather than recomputed). */
  offeredLabels: z.array(z.string()).default([]),
  /** Option chosen, waiting for agreement in step 4. */
  chosen: z.string().optional(),
  /** The refund amount the customer asked for when choosing a refund (within the cap). */
  requestedCents: z.number().int().nonnegative().optional(),
  /** Evidence attached during diagnosis (e.g. photo file ids). */
  evidence: z.array(z.string()).default([]),
  /** Options the customer turned down at the agreement; the rest are offered once more before a person. */
  declined: z.array(z.string()).default([]),
  /** Their labels as shown, for the handoff summary. */
  declinedLabels: z.array(z.string()).default([]),
  /** When each offered option would be done (ISO), fixed when offered so the record says what the offer said. */
  offeredDue: z.record(z.string(), z.string()).default({}),
  /** The product fact is only a brand so far ("小米的那个"). */
  productIsBrand: z.boolean().default(false),
  /** When the callback was promised for (ISO), fixed when the agreement was asked. */
  callbackDue: z.string().optional(),
  /** The order the customer's order number names among their own orders. */
  order: orderOnFileSchema.optional(),
  /** Whether the order number was found among the customer's own orders; absent when it was not looked up. */
  orderVerified: z.boolean().optional(),
});

const surveySchema = z.object({
  followUpId: z.string(),
  caseId: z.string(),
  language: z.enum(LANGUAGES),
  /** score: waiting for the 1–5 score; expected: waiting for what they had expected. */
  stage: z.enum(['score', 'expected']),
  score: z.number().int().min(1).max(5).optional(),
});

/** The rating asked after a chat (CSAT): staff closed a conversation, or the bot resolved one alone. */
const ratingSchema = z.object({
  ratingId: z.string(),
  /** The conversation rated (closed by staff, or the bot's own); the answer may land in a newer one. */
  conversationId: z.string(),
  channel: z.string(),
  servedBy: z.enum(['bot', 'staff']),
  staffId: z.string().nullable().default(null),
  language: z.enum(LANGUAGES),
  /** score: waiting for the 1–5 score; comment: score recorded, waiting for an optional comment. */
  stage: z.enum(['score', 'comment']),
  score: z.number().int().min(1).max(5).optional(),
  /** When the question went out (ISO); answers after the answer window are not taken for it (absent in older states). */
  askedAt: z.string().optional(),
  /** The rating's own contact-log row, so the rated conversation's contact is left as it was. */
  contactId: z.string().optional(),
});

export const flowStateSchema = z.object({
  language: z.enum(LANGUAGES).optional(),
  turns: z.number().int().default(0),
  /** Consecutive angry messages: anger that outlasts the bot's apology goes to a person. */
  angryStreak: z.number().int().default(0),
  /** Consecutive messages the bot did not understand. */
  misunderstandings: z.number().int().default(0),
  lastActivityAt: z.string().optional(),
  contactId: z.string().optional(),
  /** The buttons of the bot's last reply: a message equal to one of them is a click, not free text. */
  lastChoices: z.array(z.string()).default([]),
  /** Knowledge entries offered as "did you mean …?" choices. */
  kbChoices: z.array(z.string()).default([]),
  /** Waiting for a phone number to schedule a requested callback. */
  awaitingCallbackPhone: z.boolean().default(false),
  /** The time the customer asked to be called back at, while the bot asks for their number (ISO). */
  callbackAskedFor: z.string().optional(),
  /** The knowledge entry answered most recently (to say it again in another language). */
  lastAnswer: z.string().optional(),
  /** Knowledge entries answered in this conversation (for the contact summary). */
  answered: z.array(z.string()).default([]),
  complaint: complaintSchema.optional(),
  /** A revisit survey the bot asked; the next answer belongs to it. */
  survey: surveySchema.optional(),
  /** A chat rating the bot asked (CSAT); the next answer belongs to it. */
  rating: ratingSchema.optional(),
  /** People took part in this conversation (it was handed over once): the bot did not resolve it alone. */
  peopleInvolved: z.boolean().optional(),
  /** The bot recorded a commitment in this conversation (a complaint resolved by the bot). */
  botResolvedCase: z.boolean().optional(),
  /** The bot asked for a rating of this conversation (CSAT_AFTER_BOT); asked once. */
  ratingAsked: z.boolean().optional(),
  /** Set once the conversation has been handed to people; the reason is kept for summaries. */
  escalation: z.object({ reason: z.string(), priority: z.number(), at: z.string().optional() }).optional(),
  /** The strongest feeling the customer has written in this conversation (not button presses). */
  feeling: z.enum(EMOTIONS).optional(),
  /** The customer has been greeted by name: the name is used once. */
  greeted: z.boolean().default(false),
  /** While waiting for a person: notes sent (to vary them), and whether the customer was told the wait ran over. */
  holding: z.object({ notes: z.number().int().default(0), overdueTold: z.boolean().default(false) }).default({ notes: 0, overdueTold: false }),
  /** The crisis incidents whose holding statement this conversation was told (once each). */
  crisisTold: z.array(z.string()).optional(),
});

export type FlowState = z.infer<typeof flowStateSchema>;
export type ComplaintState = z.infer<typeof complaintSchema>;
export type SurveyState = z.infer<typeof surveySchema>;
export type RatingState = z.infer<typeof ratingSchema>;
export type Facts = z.infer<typeof factsSchema>;
export type OrderOnFile = z.infer<typeof orderOnFileSchema>;

/** Parses stored state; unreadable state (e.g. from an older version) starts fresh rather than failing the turn. */
export function parseFlowState(json: string): FlowState {
  try {
    const parsed = flowStateSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to a fresh state
  }
  return flowStateSchema.parse({});
}

/**
 * A deep copy of a flow state, the same as structuredClone's: a state is JSON data (plain objects,
 * arrays, strings, numbers, booleans), which is copied directly at a fifth of structuredClone's
 * cost; a state holding anything else (a Date, a shared or sparse array) goes to structuredClone.
 */
export function copyFlowState(state: FlowState): FlowState {
  const copy = copyPlainData(state, new Set());
  return copy === NOT_PLAIN ? structuredClone(state) : (copy as FlowState);
}

const NOT_PLAIN = Symbol('not plain data');

function copyPlainData(value: unknown, seen: Set<object>): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' ? NOT_PLAIN : value;
  // A value met twice would be one shared object in structuredClone's copy but two here.
  if (seen.has(value)) return NOT_PLAIN;
  seen.add(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return NOT_PLAIN;
    const copy: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return NOT_PLAIN;
      const item = copyPlainData(value[i], seen);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      copy.push(item);
    }
    return Object.keys(value).length === value.length ? copy : NOT_PLAIN;
  }
  if (proto !== Object.prototype && proto !== null) return NOT_PLAIN;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyPlainData((value as Record<string, unknown>)[key], seen);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    copy[key] = item;
  }
  return copy;
}
