// The figures behind the Insights page for supervisors and admins: conversations, complaints,
// the five-step funnel, escalations, containment, satisfaction (revisit surveys and chat ratings),
// people's response times, the customers' tier and lifecycle mix and the knowledge gaps over a
// date range of the staff's calendar (STAFF_TIMEZONE), optionally for one channel or language.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGES } from '../../domain/types.ts';
import { AppError } from '../../http/app-error.ts';
import { buildInsights, INSIGHT_PERCENTILES } from '../../insights/build-insights.ts';
import type { InsightsStore } from '../../insights/insights-ports.ts';
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, resolveInsightsRange } from '../../insights/insights-range.ts';
import { CHANNEL_NAMES } from '../../domain/types.ts';
import { insightsSchema } from '../../insights/insights-schema.ts';
import { requireRole } from '../auth/staff-auth.ts';
import { errorSchema } from './wire-schemas.ts';

const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'use an ISO date (2026-12-01) or date-time with its offset (2026-12-01T08:00:00+08:00)' });
const insightsQuery = z
  .object({
    from: instant.optional().describe(`start, inclusive: an ISO date (its midnight in STAFF_TIMEZONE) or date-time; default ${DEFAULT_RANGE_DAYS} days before to`),
    to: instant.optional().describe('end, exclusive: an ISO date (its midnight in STAFF_TIMEZONE) or date-time; default now'),
    channel: z.enum(CHANNEL_NAMES).optional().describe('only conversations on this channel'),
    language: z.enum(LANGUAGES).optional().describe('only conversations in this language'),
  })
  .strict();

/** `timeZone`: STAFF_TIMEZONE, whose calendar days the figures count. */
export const insightsRoutes: FastifyPluginAsyncZod<{ insights: InsightsStore; clock: () => Date; timeZone: string }> = async (app, { insights, clock, timeZone }) => {
  app.get(
    '/api/staff/insights',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary:
          'Figures for the Insights page over a date range: conversations per day and channel, complaints by category and product, the five-step funnel, escalations by reason, containment, CSAT (revisit surveys and ratings after a chat, bot and people apart, per agent), first-response and resolution times, tier and lifecycle mix, knowledge gaps (supervisor)',
        description: `Counted from the store with SQL aggregates. \`to\` is exclusive; a range may span at most ${MAX_RANGE_DAYS} days; days are those of STAFF_TIMEZONE (range.timeZone). Conversations, containment, the durations and the customer mix are of the conversations started in the range; complaints and the funnel of the cases opened in it; escalations, surveys, chat ratings and knowledge gaps of those recorded in it.`,
        tags: ['staff'],
        querystring: insightsQuery,
        response: { 200: insightsSchema, 400: errorSchema, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const { from, to, channel, language } = request.query;
      const range = resolveInsightsRange({ from, to }, clock(), timeZone);
      if (!range.ok) throw new AppError('invalid_request', range.message);
      const filter = { from: range.from, to: range.to, timeZone, ...(channel ? { channel } : {}), ...(language ? { language } : {}) };
      return buildInsights(filter, await insights.tallies(filter, INSIGHT_PERCENTILES));
    },
  );
};
