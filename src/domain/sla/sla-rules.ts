// The SLA targets as config/sla.yaml states them: per customer tier, the minutes of staff time
// until the first staff reply and until resolution, and how much of a target is used before its
// timer turns amber. Checked at start so a typo names the file and the field.

import { z } from 'zod';
import type { Tier } from '../types.ts';

/** Minutes of staff time (STAFF_HOURS on STAFF_DAYS); fractions allowed (0.5 is thirty seconds). */
const minutes = z
  .number()
  .positive()
  .max(365 * 24 * 60);

const tierTargetsSchema = z
  .object({
    firstReplyMinutes: minutes,
    resolutionMinutes: minutes,
  })
  .strict()
  .refine((t) => t.resolutionMinutes > t.firstReplyMinutes, { path: ['resolutionMinutes'], message: 'must be longer than firstReplyMinutes' });

export const slaRulesSchema = z
  .object({
    /** A timer turns amber once this share of its target is used (and red when all of it is). */
    amberAtPercent: z.number().gt(0).lt(100),
    tiers: z.object({ A: tierTargetsSchema, B: tierTargetsSchema, C: tierTargetsSchema }).strict(),
  })
  .strict();

export type SlaRules = z.infer<typeof slaRulesSchema>;
export type SlaTargets = SlaRules['tiers'][Tier];
