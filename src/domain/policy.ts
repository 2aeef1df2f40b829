// The company policy the bot works within (config/policy.yaml): which facts a complaint needs,
// which solutions may be offered to which tier, refund caps and promised times.

import { z } from 'zod';
import { CATEGORIES, WANTS, type Category, type Tier, type Want } from './types.ts';

const byTier = z.object({ A: z.number().int().nonnegative(), B: z.number().int().nonnegative(), C: z.number().int().nonnegative() });
/** Order number formats when config/policy.yaml lists none (the ones it ships with). */
export const DEFAULT_ORDER_NUMBER_FORMATS = ['[A-Z]{2,4}\\d{5,18}', '[A-Z]{2,4}-\\d{6,10}-\\d{3,6}', '\\d{3}-\\d{7}-\\d{7}', '\\d{6,20}'];
export const FACT_KEYS = ['orderNumber', 'product', 'problem', 'want', 'date', 'amount'] as const;
export type FactKey = (typeof FACT_KEYS)[number];

/** Kinds of solution that carry an amount of money; each has a per-tier cap in every option of it. */
export const AMOUNT_KINDS = ['refund', 'voucher'] as const;
export type AmountKind = (typeof AMOUNT_KINDS)[number];

const optionSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['refund', 'replacement', 'repair', 'reship', 'voucher', 'investigation']),
    dueMinutes: byTier,
    /** A refund's cap: the most the bot may promise, and staff below supervisor may record. */
    refundCapCents: byTier.optional(),
    /** A voucher's amount: what the bot offers, and the most staff below supervisor may record. */
    amountCents: byTier.optional(),
  })
  .superRefine((option, ctx) => {
    if (option.kind === 'refund' && !option.refundCapCents) ctx.addIssue({ code: 'custom', path: ['refundCapCents'], message: 'a refund option needs refundCapCents (its cap per tier)' });
    if (option.kind === 'voucher' && !option.amountCents) ctx.addIssue({ code: 'custom', path: ['amountCents'], message: 'a voucher option needs amountCents (its amount per tier)' });
    if (option.refundCapCents && option.kind !== 'refund') ctx.addIssue({ code: 'custom', path: ['refundCapCents'], message: 'only refund options have a refund cap' });
    if (option.amountCents && !isAmountKind(option.kind)) ctx.addIssue({ code: 'custom', path: ['amountCents'], message: `a ${option.kind} carries no amount` });
  });

const categoryTable = <T extends z.ZodTypeAny>(value: T) => z.object(Object.fromEntries(CATEGORIES.map((c) => [c, value])) as Record<Category, T>);

export const policySchema = z.object({
  currency: z.string().length(3),
  callbackMinutes: byTier,
  revisitDelayMinutes: z.number().int().positive(),
  handoffWaitMinutes: byTier,
  /** Order number formats: regular expressions for one whole token. */
  orderNumbers: z
    .array(
      z.string().refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression'),
    )
    .min(1)
    .default(DEFAULT_ORDER_NUMBER_FORMATS),
  facts: categoryTable(z.array(z.enum(FACT_KEYS)).min(1)),
  options: categoryTable(z.array(optionSchema).min(2).max(3)),
  wantsToKinds: z.object(Object.fromEntries(WANTS.map((w) => [w, z.array(optionSchema.shape.kind)])) as Record<Want, z.ZodArray<typeof optionSchema.shape.kind>>),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyOption = z.infer<typeof optionSchema>;
export type OptionKind = PolicyOption['kind'];

/** A solution as offered to one customer: amounts and times resolved for the tier. */
export interface Offer {
  id: string;
  kind: OptionKind;
  dueMinutes: number;
  refundCapCents?: number;
  amountCents?: number;
}

/** The 2–3 solutions for this category and tier; those matching the customer's wish come first. */
export function offersFor(policy: Policy, category: Category, tier: Tier, want?: string): Offer[] {
  const preferred = want && isWant(want) ? policy.wantsToKinds[want] : [];
  const offers = policy.options[category].map((o) => resolveOffer(o, tier));
  return [...offers].sort((a, b) => rank(preferred, a.kind) - rank(preferred, b.kind));
}

export function isAmountKind(kind: string): kind is AmountKind {
  return (AMOUNT_KINDS as readonly string[]).includes(kind);
}

/** The option's cap for the tier: a refund's refundCapCents, a voucher's amountCents. */
export function capOf(option: PolicyOption, tier: Tier): number | undefined {
  if (option.kind === 'refund') return option.refundCapCents?.[tier];
  if (option.kind === 'voucher') return option.amountCents?.[tier];
  return undefined;
}

function isWant(value: string): value is Want {
  return (WANTS as readonly string[]).includes(value);
}

function resolveOffer(option: PolicyOption, tier: Tier): Offer {
  const offer: Offer = { id: option.id, kind: option.kind, dueMinutes: option.dueMinutes[tier] };
  if (option.refundCapCents) offer.refundCapCents = option.refundCapCents[tier];
  if (option.amountCents) offer.amountCents = option.amountCents[tier];
  return offer;
}

function rank(preferred: readonly OptionKind[], kind: OptionKind): number {
  const index = preferred.indexOf(kind);
  return index === -1 ? preferred.length : index;
}

/** True when a requested refund exceeds what the bot may promise. */
export function exceedsRefundCap(offer: Offer, requestedCents: number | undefined): boolean {
  return offer.refundCapCents !== undefined && requestedCents !== undefined && requestedCents > offer.refundCapCents;
}
