// The rules of the computed segments as config/segments.yaml states them (ABC tier, lifecycle,
// loyalty): thresholds only, checked at start so a typo names the file and the field.

import { z } from 'zod';

export { LIFECYCLE_STAGES, LOYALTY_TYPES, TIERS, type LifecycleStage, type LoyaltyType } from '../customer/card-vocabulary.ts';

export const SEGMENT_KINDS = ['tier', 'lifecycle', 'loyalty'] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

const days = z.number().int().positive();
const count = z.number().int().positive();
const quarters = z.number().int().min(1).max(4);
const percent = z.number().gt(0).lt(100);
const amount = z.number().positive();

const tierSchema = z
  .object({
    method: z.enum(['pareto', 'fixed']),
    /** Shares of the trailing-12-month revenue: the customers making the first `a` % are A, the next `b` % B. */
    pareto: z.object({ aPercent: percent, bPercent: percent }).strict(),
    /** Purchase value (major units, e.g. yuan) from which a customer is A or B. */
    fixed: z.object({ aMinAmount: amount, bMinAmount: amount }).strict().optional(),
  })
  .strict()
  .superRefine((tier, ctx) => {
    if (tier.pareto.aPercent + tier.pareto.bPercent >= 100) ctx.addIssue({ code: 'custom', path: ['pareto', 'bPercent'], message: 'aPercent + bPercent must stay under 100 (the rest is C)' });
    if (tier.method === 'fixed' && !tier.fixed) ctx.addIssue({ code: 'custom', path: ['fixed'], message: 'method fixed needs fixed.aMinAmount and fixed.bMinAmount' });
    if (tier.fixed && tier.fixed.bMinAmount >= tier.fixed.aMinAmount) ctx.addIssue({ code: 'custom', path: ['fixed', 'bMinAmount'], message: 'must be below fixed.aMinAmount' });
  });

const lifecycleSchema = z
  .object({
    decline: z
      .object({
        silenceDays: days,
        volumeWindowDays: days,
        minPreviousOrders: count,
        dropRatio: z.number().min(0).lt(1),
        unsatisfiedRevisitDays: days,
      })
      .strict(),
    formation: z.object({ minOrders: count }).strict(),
    stability: z.object({ minOrders: count, minActiveQuarters: quarters, minRelationshipDays: days }).strict(),
  })
  .strict()
  .superRefine((lifecycle, ctx) => {
    if (lifecycle.stability.minOrders < lifecycle.formation.minOrders) ctx.addIssue({ code: 'custom', path: ['stability', 'minOrders'], message: 'must be at least formation.minOrders' });
  });

const loyaltySchema = z
  .object({
    loyal: z.object({ minOrders: count, minActiveQuarters: quarters }).strict(),
    switching: z.object({ minOrders: z.number().int().min(2), minHistoryDays: days }).strict(),
  })
  .strict();

export const segmentRulesSchema = z
  .object({
    /** The currency purchase values are shown in (amounts are summed as the orders state them). */
    currency: z.string().regex(/^[A-Z]{3}$/, 'a three-letter currency code such as CNY'),
    tier: tierSchema,
    lifecycle: lifecycleSchema,
    loyalty: loyaltySchema,
  })
  .strict();

export type SegmentRules = z.infer<typeof segmentRulesSchema>;
export type TierRules = SegmentRules['tier'];
