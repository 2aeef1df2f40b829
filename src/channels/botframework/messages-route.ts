// POST /api/messages, the Bot Framework endpoint: checks the activity's shape, lets CloudAdapter
// authenticate and run the turn, and answers in our error format. Closed (401) without
// credentials unless anonymous mode is switched on; anonymous mode answers only loopback serviceUrls.

import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { z } from 'zod';
import { errorSchema } from '../../http/error-envelope.ts';
import { cleanText } from '../../conversation/clean-text.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { CapturedResponse, toAdapterRequest } from './adapter-bridge.ts';
import type { BotFrameworkMode } from './botframework-mode.ts';
import { isLoopbackUrl } from './loopback-url.ts';

/** Channels send activities with cards, entities and channel data; larger than the API's default limit. */
const BODY_LIMIT = 1024 * 1024;

export const NOT_CONFIGURED =
  'the Bot Framework channel is not configured: set MicrosoftAppId and MicrosoftAppPassword (your Azure Bot’s credentials), ' +
  'or BOTFRAMEWORK_ALLOW_ANONYMOUS=true for local testing with the Bot Framework Emulator';

export const LOOPBACK_ONLY =
  'body.serviceUrl: in anonymous mode (BOTFRAMEWORK_ALLOW_ANONYMOUS) the bot answers only on this machine ' +
  '(http(s)://127.x.x.x, [::1] or localhost); set MicrosoftAppId and MicrosoftAppPassword to serve a real channel';

const account = z.looseObject({ id: z.string().min(1), name: z.string().nullish() });
/** botbuilder reads every entity's type, and a mention's `mentioned.id` when it strips the bot's @mention. */
const entity = z
  .looseObject({ type: z.string(), mentioned: z.looseObject({ id: z.string() }).optional() })
  .refine((e) => e.type.toLowerCase() !== 'mention' || e.mentioned !== undefined, { message: 'a mention entity needs `mentioned` with an id', path: ['mentioned'] });
/**
 * The fields every activity needs for the bot to answer it; the rest passes through to botbuilder
 * (and to the Agents SDK at /api/agents/messages, which needs the same ones).
 * Each one is read unchecked by botbuilder or the bot (recipient when it strips @mentions and
 * addresses replies, entities when it looks for mentions), so missing ones are a 400 here rather
 * than a failed turn later.
 */
export const activitySchema = z.looseObject({
  type: z.string().min(1),
  id: z.string().nullish(),
  channelId: z.string().min(1),
  serviceUrl: z.string().url(),
  from: account,
  recipient: account,
  conversation: z.looseObject({ id: z.string().min(1), isGroup: z.boolean().nullish() }),
  /** Cleaned here (control and stray invisible characters, surrounding white space): '' when nothing visible is left, which the bot answers politely (a card or file alone is a message too). */
  text: z.string().transform(cleanText).nullish(),
  locale: z.string().nullish(),
  attachments: z.array(z.looseObject({ contentType: z.string() })).nullish(),
  entities: z.array(entity).optional(),
  membersAdded: z.array(account).nullish(),
});

export interface BotRuntime {
  adapter: CloudAdapter;
  onTurn: (context: TurnContext) => Promise<void>;
}

export interface MessagesRouteOptions {
  /** The adapter and turn logic, loaded on the first activity (botbuilder weighs ~50 MB). */
  runtime: () => Promise<BotRuntime>;
  mode: BotFrameworkMode;
  /** Activities per minute per client IP (BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE). */
  ratePerMinute: number;
  logger: Logger;
}

export function registerMessagesRoute(server: FastifyInstance, { runtime, mode, ratePerMinute, logger }: MessagesRouteOptions): void {
  server.withTypeProvider<ZodTypeProvider>().post(
    '/api/messages',
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
        summary: 'Bot Framework endpoint: an activity from a channel (Teams, Web Chat, Direct Line …)',
        tags: ['botframework'],
        headers: z.looseObject({ authorization: z.string().optional().describe('Bearer <Bot Framework token>; required unless anonymous mode (BOTFRAMEWORK_ALLOW_ANONYMOUS) is on') }),
        body: activitySchema,
        response: { 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const response = new CapturedResponse();
      const { adapter, onTurn } = await runtime();
      await adapter.process(toAdapterRequest(request, request.body), response, onTurn);
      const { statusCode, body } = response;
      if (statusCode === 401) throw new DomainError('unauthorized', 'the request carries no valid Bot Framework token');
      if (statusCode === 400) throw new DomainError('invalid_request', typeof body === 'string' && body ? body : 'the activity is malformed');
      if (statusCode >= 500 && statusCode !== 501) {
        logger.error({ status: statusCode, detail: body, activityId: request.body.id, channelId: request.body.channelId }, 'CloudAdapter could not process an activity');
        throw new DomainError('internal', 'the bot could not process this activity; please retry');
      }
      // Invoke and expect-replies answers carry the status and body the turn chose, outside the schema.
      return (reply as FastifyReply).status(statusCode).send(body);
    },
  );
}
