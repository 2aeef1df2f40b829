// The figures of GET /api/staff/insights as a zod schema: what build-insights.ts returns, what the
// route serialises, and what /docs shows (every definition is in a description).

import { z } from 'zod';
import { CHANNEL_NAMES, LANGUAGES } from '../domain/types.ts';
import { LIFECYCLE_STAGES, TIERS } from '../domain/customer/card-vocabulary.ts';
import { MAX_RANGE_DAYS } from './insights-range.ts';
import { EXAMPLES_PER_GAP, TOP_GAPS } from './knowledge-gaps.ts';

const count = z.number().int().min(0);
const share = z.number().min(0).max(1).nullable();

const durationsSchema = (what: string) =>
  z
    .object({
      median: z.number().nullable().describe('seconds (to the millisecond); null when count is 0'),
      p90: z.number().nullable().describe('seconds (to the millisecond); null when count is 0'),
      count: count.describe('conversations measured'),
    })
    .describe(`${what} Percentiles interpolate linearly between the two nearest ranks, as PostgreSQL's percentile_cont: for n sorted durations the p-th is at position (n − 1)·p, counted from 0.`);

const chatRatingFigures = (who: string) =>
  z
    .object({
      responses: count.describe('ratings answered in the range'),
      average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals; null without responses'),
      satisfiedShare: share.describe('share of ratings of 4 or 5, rounded to 4 decimals'),
    })
    .describe(who);

const dayRatings = z.object({ responses: count, average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals; null without responses') });

const surveyFigures = z.object({
  responses: count,
  average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals'),
  satisfiedShare: share,
  ratioAverage: z.number().nullable().describe('mean satisfaction ratio, rounded to 4 decimals'),
});

export const insightsSchema = z.object({
  range: z
    .object({
      from: z.string().describe('inclusive, ISO 8601 UTC'),
      to: z.string().describe('exclusive, ISO 8601 UTC'),
      timeZone: z.string().describe('the IANA time zone whose calendar days the per-day figures count and a date alone in from or to starts at: the query’s timeZone, UTC when the query names none'),
      channel: z.enum(CHANNEL_NAMES).optional(),
      language: z.enum(LANGUAGES).optional(),
    })
    .describe(`the range and filters applied (at most ${MAX_RANGE_DAYS} days)`),
  conversations: z.object({
    total: count.describe('conversations started in the range'),
    byDay: z
      .array(z.object({ day: z.string().describe('day in range.timeZone, YYYY-MM-DD'), channel: z.string(), count }))
      .describe(
        'conversations started per day (of range.timeZone) and channel: every day of the range for every channel seen in it (or the filtered one), zero where none started; by day, then channel',
      ),
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
      stoppedAt: z.object({ step1: count, step2: count, step3: count, step4: count }).describe('cases closed or escalated while at this step, never reaching step 5'),
    })
    .describe('the five-step procedure (seed 002) for the complaints opened in the range'),
  escalationsByReason: z
    .array(z.object({ reason: z.string(), count }))
    .describe(
      'handoffs to people in the range per reason (the audit log’s conversation.escalated entries), most first; a waiting customer whose case became more urgent (safety, victimized) counts again under the new reason',
    ),
  containmentRate: share.describe(
    'of the conversations started in the range, the share never handed to a person: never queued (by an escalation, a follow-up task or a supervisor), taken over, assigned or reassigned. A conversation still with the bot counts as contained so far. Null when no conversation started. Rounded to 4 decimals.',
  ),
  csat: z
    .object({
      responses: count.describe('revisit surveys answered in the range'),
      average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals; null without responses'),
      satisfiedShare: share.describe('share of responses that were satisfied, rounded to 4 decimals'),
      ratioAverage: z
        .number()
        .nullable()
        .describe('mean satisfaction ratio, perceived ÷ expected (< 1 unhappy, ≈ 1 satisfied, > 1 delighted), over the responses that have one; rounded to 4 decimals'),
      bot: surveyFigures.describe('the surveys of complaints the bot handled alone (their conversation was never queued for or held by a person)'),
      people: surveyFigures.describe('the surveys of complaints people had a part in (their conversation was queued for or held by a person)'),
      byDay: z
        .array(
          z.object({
            day: z.string().describe('day in range.timeZone, YYYY-MM-DD'),
            responses: count,
            average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals'),
            ratioAverage: z.number().nullable().describe('mean satisfaction ratio, rounded to 4 decimals'),
          }),
        )
        .describe('per day of the range (every day, zero where none): the score and the satisfaction ratio over time'),
    })
    .describe('customer satisfaction from the revisit surveys (after a fulfilled commitment) answered in the range, with the satisfaction ratio; the ratings asked right after a chat are chatCsat'),
  firstResponseSeconds: durationsSchema(
    'For conversations started in the range that were handed to people: from the first handoff (the first escalation, else the time it was queued) to the first message a staff member wrote after it. Conversations nobody has answered yet are not counted.',
  ),
  resolutionSeconds: durationsSchema('For conversations started in the range that people handled (as in containmentRate) and that are closed: from the conversation’s start to its close.'),
  chatCsat: z
    .object({
      bot: chatRatingFigures('conversations the bot served alone'),
      people: chatRatingFigures('conversations a staff member served'),
      byAgent: z
        .array(
          z.object({
            staffId: z.string(),
            name: z.string().nullable().describe('the staff member’s name; null when the account is gone'),
            responses: count,
            average: z.number().nullable().describe('mean score 1–5, rounded to 4 decimals'),
            satisfiedShare: share.describe('share of ratings of 4 or 5, rounded to 4 decimals'),
          }),
        )
        .describe('per staff member who served, most ratings first, then by name'),
      byDay: z
        .array(z.object({ day: z.string().describe('day in range.timeZone, YYYY-MM-DD'), bot: dayRatings, people: dayRatings }))
        .describe('per day of the range (every day, zero where none), the bot and people apart'),
    })
    .describe(
      'the 1–5 rating asked right after a chat (ChatRating): those answered in the range, by who served the customer; satisfied is a score of 4 or 5. The channel and language filters apply to the rated conversation’s channel and the language it was asked in.',
    ),
  customerMix: z
    .object({
      customers: count.describe('distinct customers with a conversation started in the range'),
      byTier: z.array(z.object({ tier: z.string(), count })).describe(`those customers per ABC tier (seed 004): ${TIERS.join(', ')} always, in that order`),
      byLifecycle: z.array(z.object({ stage: z.string(), count })).describe(`those customers per lifecycle stage (seed 001): ${LIFECYCLE_STAGES.join(', ')} always, in that order`),
    })
    .describe(
      'tier and lifecycle mix of the customers who contacted in the range, as their cards say now (segments are recomputed nightly); the channel and language filters apply to the conversation',
    ),
  knowledgeGaps: z
    .array(
      z.object({
        question: z.string().describe('the group’s most frequent wording, trimmed and in lower case'),
        keywords: z.array(z.string()).describe('the keywords the group’s wordings share, in code point order (Chinese character pairs, English stems; no digits), as the crisis signal takes them'),
        count: count.describe('conversations left on such a question'),
        examples: z.array(z.string()).describe(`up to ${EXAMPLES_PER_GAP} wordings as stored (card and ID numbers masked), most frequent first`),
      }),
    )
    .describe(
      `questions the bot could not answer, most frequent first, at most ${TOP_GAPS}: conversations whose inquiry the bot last left unresolved (no knowledge entry close enough, or only "did you mean" choices) in the range, as the contact log records it; wordings with the same content words are one group. A question that was then handed to a person is not counted here (it is under escalationsByReason). Only questions from the last RETENTION_DAYS_MESSAGES days are shown, whatever the range: older customers’ words are anonymised.`,
    ),
});

export type Insights = z.infer<typeof insightsSchema>;
