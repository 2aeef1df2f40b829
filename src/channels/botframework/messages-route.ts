// POST /api/messages, the Bot Framework endpoint: checks the activity's shape, lets CloudAdapter
// authenticate and run the turn, and answers in our error format.

import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../http/app-error.ts';
import { CapturedResponse, toAdapterRequest } from './adapter-bridge.ts';

/** Channels send activities with cards, entities and channel data; larger than the API's default limit. */
const BODY_LIMIT = 1024 * 1024;

const account = z.looseObject({ id: z.string().min(1), name: z.string().nullish() });
/** The fields every activity needs for the bot to answer it; the rest passes through to botbuilder. */
const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().nullish(),
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  from: account,
  recipient: account.nullish(),
  conversation: z.looseObject({ id: z.string().min(1), isGroup: z.boolean().nullish() }),
  text: z.string().nullish(),
  locale: z.string().nullish(),
  attachments: z.array(z.looseObject({ contentType: z.string() })).nullish(),
  membersAdded: z.array(account).nullish(),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface BotRuntime {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
}

export interface MessagesRouteOptions {
  /** The adapter and turn logic, loaded on the first activity (botbuilder weighs ~50 MB). */
  runtime: () => Promise<BotRuntime>;
  logger: Logger;
}

export function registerMessagesRoute(server: FastifyInstance, { runtime, logger }: MessagesRouteOptions): void {
  server.withTypeProvider<ZodTypeProvider>().post(
    '/api/messages',
    {
      bodyLimit: BODY_LIMIT,
      // The Bot Connector calls from a handful of addresses; the per-IP limit for browsers would throttle it.
      config: { rateLimit: false },
      schema: {
        summary: 'Bot Framework endpoint: an activity from a channel (Teams, Web Chat, Direct Line …)',
        tags: ['botframework'],
        headers: z.looseObject({ authorization: z.string().optional().describe('Bearer <Bot Framework token>; required when MicrosoftAppId is set') }),
        body: activitySchema,
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request, reply) => {
      const response = new CapturedResponse();
      const { adapter, onTurn } = await runtime();
      await adapter.process(toAdapterRequest(request, request.body), response, onTurn);
      const { statusCode, body } = response;
      if (statusCode === 401) throw new AppError('unauthorized', 'the request carries no valid Bot Framework token');
      if (statusCode === 400) throw new AppError('invalid_request', typeof body === 'string' && body ? body : 'the activity is malformed');
      if (statusCode >= 500 && statusCode !== 501) {
        logger.error({ status: statusCode, detail: body, activityId: request.body.id, channelId: request.body.channelId }, 'CloudAdapter could not process an activity');
        throw new AppError('internal', 'the bot could not process this activity; please retry');
      }
      // Invoke and expect-replies answers carry the status and body the turn chose, outside the schema.
      return (reply as FastifyReply).status(statusCode).send(body);
    },
  );
}
