// POST /api/agents/messages, the Microsoft 365 Agents SDK endpoint: checks the activity's shape (the
// same as /api/messages), has the SDK check the channel's token and run the turn, and answers in our
// error format. Closed (401) without credentials unless anonymous mode is on; anonymous mode
// answers only loopback serviceUrls.

import type { CloudAdapter, Request as SdkRequest, TurnContext } from '@microsoft/agents-hosting';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorSchema } from '../../http/error-envelope.ts';
import { DomainError } from '../../domain/domain-error.ts';
import type { BotFrameworkMode } from '../botframework/botframework-mode.ts';
import { isLoopbackUrl } from '../botframework/loopback-url.ts';
import { activitySchema, LOOPBACK_ONLY } from '../botframework/messages-route.ts';
import { authorizeRequest } from './authorize-request.ts';
import { CapturedResponse } from './captured-response.ts';
import { withoutNulls } from './without-nulls.ts';

export const AGENTS_ROUTE = '/api/agents/messages';

/** Channels send activities with cards, entities and channel data; larger than the API's default limit. */
const BODY_LIMIT = 1024 * 1024;

export const NOT_CONFIGURED =
  'the Agents SDK endpoint is not configured: set MicrosoftAppId and MicrosoftAppPassword (your Azure Bot’s credentials), ' +
  'or BOTFRAMEWORK_ALLOW_ANONYMOUS=true for local testing with the Bot Framework Emulator';

export interface AgentsRuntime {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
  /** Where the SDK's own activity schema refuses the body (it is stricter about empty strings), or undefined. */
  problemWith: (activity: Record<string, unknown>) => string | undefined;
}

export interface AgentsRouteOptions {
  /** The adapter and turn logic, loaded on the first activity (the SDK weighs ~35 MB). */
  runtime: () => Promise<AgentsRuntime>;
  mode: BotFrameworkMode;
  /** Activities per minute per client IP (BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE). */
  ratePerMinute: number;
  logger: Logger;
}

export function registerAgentsRoute(server: FastifyInstance, { runtime, mode, ratePerMinute, logger }: AgentsRouteOptions): void {
  server.withTypeProvider<ZodTypeProvider>().post(
    AGENTS_ROUTE,
    {
      bodyLimit: BODY_LIMIT,
      // Its own limit: the Bot Connector calls from a handful of addresses, which the per-IP limit for browsers would throttle.
      config: { rateLimit: { max: ratePerMinute, timeWindow: 60_000 } },
      // Closed: refused before the body is even read.
      onRequest: async () => {
        if (mode === 'closed') throw new DomainError('unauthorized', NOT_CONFIGURED);
      },
      // Anonymous: nothing is sent (not even a typing indicator) to a serviceUrl off this machine.
      preHandler: async (request) => {
        if (mode === 'anonymous' && !isLoopbackUrl(request.body.serviceUrl)) throw new DomainError('invalid_request', LOOPBACK_ONLY);
      },
      schema: {
        summary: 'Microsoft 365 Agents SDK endpoint: an activity from a channel (Teams, Web Chat, Direct Line …)',
        tags: ['botframework'],
        headers: z.looseObject({ authorization: z.string().optional().describe('Bearer <channel token>; required unless anonymous mode (BOTFRAMEWORK_ALLOW_ANONYMOUS) is on') }),
        body: activitySchema,
        response: { 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const { adapter, onTurn, problemWith } = await runtime().catch((error: unknown) => {
        logger.error({ err: error }, 'could not start the Agents SDK');
        throw new DomainError('internal', 'the bot could not process this activity; please retry', { cause: error });
      });
      // JSON null stands for "absent" here; the SDK's schema takes absent fields only.
      const body = withoutNulls(request.body);
      const sdkRequest: SdkRequest = { body, headers: request.headers, method: request.method };
      if (mode === 'authenticated') await authorizeRequest(adapter, sdkRequest, logger);
      const problem = problemWith(body);
      if (problem) throw new DomainError('invalid_request', problem);
      const response = new CapturedResponse();
      try {
        await adapter.process(sdkRequest, response, onTurn);
      } catch (error) {
        // Outside the turn (its errors go to onTurnError): signing in for the reply, an activity the SDK cannot read.
        logger.error({ err: error, activityId: body.id, channelId: body.channelId }, 'the Agents SDK could not process an activity');
        throw new DomainError('internal', 'the bot could not process this activity; please retry', { cause: error });
      }
      const { statusCode, body: answer } = response;
      // Our schema has checked the shape; what is left for a 400 is a serviceUrl the token was not issued for.
      if (statusCode === 400) {
        logger.warn({ activityId: body.id, channelId: body.channelId }, 'refused an Agents SDK activity: its serviceUrl is not the one its token was issued for');
        throw new DomainError('invalid_request', 'body.serviceUrl: not the serviceUrl the channel token was issued for');
      }
      if (statusCode >= 500 && statusCode !== 501) {
        logger.error({ status: statusCode, detail: answer, activityId: body.id, channelId: body.channelId }, 'the Agents SDK could not process an activity');
        throw new DomainError('internal', 'the bot could not process this activity; please retry');
      }
      // Invoke and expect-replies answers carry the status and body the turn chose, outside the schema.
      return (reply as FastifyReply).status(statusCode).send(answer);
    },
  );
}
