// The figures behind the Insights page for supervisors and admins: conversations, complaints,
// the five-step funnel, escalations, containment, satisfaction (revisit surveys and chat ratings),
// people's response times, the customers' tier and lifecycle mix and the knowledge gaps over a
// date range of UTC days or of the time zone the request names (the Insights page names the
// staff's), optionally for one channel or language.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGES } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { buildInsights, INSIGHT_PERCENTILES } from '../../insights/build-insights.ts';
import type { InsightsStore } from '../../insights/insights-ports.ts';
import { DEFAULT_INSIGHTS_ZONE, DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, isTimeZone, resolveInsightsRange } from '../../insights/insights-range.ts';
import { CHANNEL_NAMES } from '../../domain/types.ts';
import { insightsSchema } from '../../insights/insights-schema.ts';
import { requireRole } from '../auth/staff-auth.ts';
import { errorSchema } from './wire-schemas.ts';

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'use an ISO date (2026-12-01) or date-time with its offset (2026-12-01T08:00:00+08:00)' });
const ianaZone = z.string().refine(isTimeZone, { error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone name such as Asia/Shanghai or America/New_York` });
const insightsQuery = z
  .object({
    from: instant.optional().describe(`start, inclusive: an ISO date (its midnight in timeZone, UTC by default) or date-time; default ${DEFAULT_RANGE_DAYS} days before to`),
    to: instant.optional().describe('end, exclusive: an ISO date (its midnight in timeZone, UTC by default) or date-time; default now'),
    channel: z.enum(CHANNEL_NAMES).optional().describe('only conversations on this channel'),
    language: z.enum(LANGUAGES).optional().describe('only conversations in this language'),
    timeZone: ianaZone
      .optional()
      .describe(
        `an IANA time zone name (e.g. Asia/Shanghai): a date alone in from or to starts at its midnight there, and the per-day figures count its calendar days (daylight saving included). Default ${DEFAULT_INSIGHTS_ZONE}; the answer's range.timeZone says which zone was used. The Insights page passes STAFF_TIMEZONE.`,
      ),
  })
  .strict();

export const insightsRoutes: FastifyPluginAsyncZod<{ insights: InsightsStore; clock: () => Date }> = async (app, { insights, clock }) => {
  app.get(
    '/api/staff/insights',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary:
          'Figures for the Insights page over a date range: conversations per day and channel, complaints by category and product, the five-step funnel, escalations by reason, containment, CSAT (revisit surveys and ratings after a chat, bot and people apart, per agent), first-response and resolution times, tier and lifecycle mix, knowledge gaps (supervisor)',
        description: `Counted from the store with SQL aggregates. \`to\` is exclusive; a range may span at most ${MAX_RANGE_DAYS} days; dates alone and days are those of the query's timeZone, UTC unless given (range.timeZone). Conversations, containment, the durations and the customer mix are of the conversations started in the range; complaints and the funnel of the cases opened in it; escalations, surveys, chat ratings and knowledge gaps of those recorded in it.`,
        tags: ['staff'],
        querystring: insightsQuery,
        response: { 200: insightsSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const { from, to, channel, language, timeZone = DEFAULT_INSIGHTS_ZONE } = request.query;
      const range = resolveInsightsRange({ from, to }, clock(), timeZone);
      if (!range.ok) throw new DomainError('invalid_request', range.message);
      const filter = { from: range.from, to: range.to, timeZone, ...(channel ? { channel } : {}), ...(language ? { language } : {}) };
      return buildInsights(filter, await insights.tallies(filter, INSIGHT_PERCENTILES));
    },
  );
};
