// POST /api/telegram/webhook: Telegram delivers updates here in webhook mode. The secret token
// header is checked first, before the body is even parsed; a forged call gets 401 and nothing else.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Update } from 'telegraf/types';
import { z } from 'zod';
import { errorSchema } from '../../http/error-envelope.ts';
import { DomainError } from '../../domain/domain-error.ts';

export const WEBHOOK_PATH = '/api/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export interface WebhookRouteOptions {
  /** TELEGRAM_WEBHOOK_SECRET, the secret_token given to setWebhook. */
  secret: string;
  /** Handles the update; errors are the handler's to log, Telegram is answered 200 regardless. */
  handleUpdate: (update: Update) => Promise<void>;
}

export function registerWebhookRoute(server: FastifyInstance, options: WebhookRouteOptions): void {
  const expected = digest(options.secret);
  server.withTypeProvider<ZodTypeProvider>().post(
    WEBHOOK_PATH,
    {
      schema: {
        summary: 'Telegram webhook: receives Bot API updates (X-Telegram-Bot-Api-Secret-Token required)',
        tags: ['telegram'],
        hide: false,
        headers: z.object({ [SECRET_HEADER]: z.string().optional().describe('the TELEGRAM_WEBHOOK_SECRET given to setWebhook') }),
        // Any update Telegram sends; the adapter reads the kinds it knows and ignores the rest.
        body: z.looseObject({ update_id: z.number().int() }),
        response: { 200: z.object({ ok: z.literal(true) }), 400: errorSchema, 401: errorSchema },
      },
      // Telegram calls from a handful of addresses; the per-IP limit for browsers would throttle it.
      config: { rateLimit: false },
      onRequest: async (request) => {
        const header = request.headers[SECRET_HEADER];
        // Hashing first gives equal lengths, so the comparison takes the same time for any guess.
        if (typeof header !== 'string' || !timingSafeEqual(digest(header), expected)) {
          throw new DomainError('unauthorized', 'missing or wrong X-Telegram-Bot-Api-Secret-Token header');
        }
      },
    },
    async (request) => {
      // Checked as far as we rely on it (update_id); the handler reads the kinds it knows.
      await options.handleUpdate(request.body as unknown as Update);
      return { ok: true as const };
    },
  );
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
