// The figures of GET /api/staff/insights as a zod schema: what build-insights.ts returns, what the
// route serialises, and what /docs shows (every definition is in a description).

import { z } from 'zod';
import { CHANNEL_NAMES, LANGUAGES } from '../domain/types.ts';
import { MAX_RANGE_DAYS } from './insights-range.ts';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();

const durationsSchema = (what: string) =>
  z
    .object({
      median: z.number().nullable().describe('seconds (to the millisecond); null when count is 0'),
      p90: z.number().nullable().describe('seconds (to the millisecond); null when count is 0'),
      count: count.describe('conversations measured'),
    })
    .describe(
      `${what} Percentiles interpolate linearly between the two nearest ranks, as PostgreSQL's percentile_cont: for n sorted durations the p-th is at position (n − 1)·p, counted from 0.`,
    );

export const insightsSchema = z.object({
  range: z
    .object({
      from: z.string().describe('inclusive, ISO 8601 UTC'),
      to: z.string().describe('exclusive, ISO 8601 UTC'),
      channel: z.enum(CHANNEL_NAMES).optional(),
      language: z.enum(LANGUAGES).optional(),
    })
    .describe(`the range and filters applied (at most ${MAX_RANGE_DAYS} days)`),
  conversations: z.object({
    total: count.describe('conversations started in the range'),
    byDay: z
      .array(z.object({ day: z.string().describe('UTC day, YYYY-MM-DD'), channel: z.string(), count }))
      .describe('conversations started per UTC day and channel: every day of the range for every channel seen in it (or the filtered one), zero where none started; by day, then channel'),
  }),
  complaintsByCategory: z.array(z.object({ category: z.string(), count })).describe('complaint cases opened in the range per category, most first'),
  complaintsByProduct: z
    .array(z.object({ product: z.string(), count }))
    .describe('complaint cases opened in the range per product named in step 2 (as the customer wrote it), most first, at most 20; cases with no product or "unknown" are left out'),
  funnel: z
    .object({
      cases: count.describe('complaint cases opened in the range'),
      reached: z
        .object({ step1: count, step2: count, step3: count, step4: count, step5: count })
        .describe('cases whose furthest step is at least this one (a case that got to step 4 reached steps 1–4, even if it went back a step after an offer was turned down)'),
      recorded: count.describe('cases with at least one recorded commitment (by the bot at step 4 or by staff)'),
      stoppedAt: z
        .object({ step1: count, step2: count, step3: count, step4: count })
        .describe('cases closed or escalated while at this step, never reaching step 5'),
    })
    .describe('the five-step procedure (seed 002) for the complaints opened in the range'),
  escalationsByReason: z
    .array(z.object({ reason: z.string(), count }))
    .describe('handoffs to people in the range per reason (the audit log’s conversation.escalated entries), most first; a waiting customer whose case became more urgent (safety, victimized) counts again under the new reason'),
  containmentRate: share.describe(
    'of the conversations started in the range, the share never handed to a person: never queued (by an escalation, a follow-up task or a supervisor), taken over, assigned or reassigned. A conversation still with the bot counts as contained so far. Null when no conversation started. Rounded to 4 decimals.',
  ),
  csat: z
    .object({
      responses: count.describe('revisit surveys answered in the range'),
      average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals; null without responses'),
      satisfiedShare: share.describe('share of responses that were satisfied, rounded to 4 decimals'),
      ratioAverage: z.number().nullable().describe('mean satisfaction ratio, perceived ÷ expected (< 1 unhappy, ≈ 1 satisfied, > 1 delighted), over the responses that have one; rounded to 4 decimals'),
    })
    .describe('customer satisfaction from the surveys answered in the range'),
  firstResponseSeconds: durationsSchema(
    'For conversations started in the range that were handed to people: from the first handoff (the first escalation, else the time it was queued) to the first message a staff member wrote after it. Conversations nobody has answered yet are not counted.',
  ),
  resolutionSeconds: durationsSchema('For conversations started in the range that people handled (as in containmentRate) and that are closed: from the conversation’s start to its close.'),
});

export type Insights = z.infer<typeof insightsSchema>;
