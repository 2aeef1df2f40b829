// POST /api/nlu/parse: the embedded NLU's reading of a text (language, intent, emotion, entities).

import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CATEGORIES, EMOTIONS, INTENTS, LANGUAGES, WANTS } from '../../domain/types.ts';
import { cleanText } from '../../conversation/clean-text.ts';
import { DomainError } from '../../domain/domain-error.ts';
import type { HttpServices } from '../services.ts';

const entitiesSchema = z.object({
  category: z.enum(CATEGORIES).optional(),
  orderNumbers: z.array(z.string()).optional(),
  phones: z.array(z.string()).optional(),
  emails: z.array(z.string()).optional(),
  dates: z.array(z.string()).optional(),
  amounts: z.array(z.object({ value: z.number(), currency: z.string().optional() })).optional(),
  want: z.enum(WANTS).optional(),
  name: z.string().optional(),
  safety: z.boolean().optional(),
  goBack: z.boolean().optional(),
  choiceIndex: z.number().optional(),
});

export const nluRoutes: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  app.post(
    '/api/nlu/parse',
    {
      schema: {
        summary: 'Understand a message',
        tags: ['nlu'],
        body: z.object({ text: z.string().describe('the message to understand') }),
        response: {
          200: z.object({
            language: z.enum(LANGUAGES),
            intent: z.enum(INTENTS),
            confidence: z.number(),
            emotion: z.enum(EMOTIONS),
            entities: entitiesSchema,
          }),
        },
      },
    },
    async (request) => {
      const text = cleanText(request.body.text);
      if (!text) throw new DomainError('empty_text', 'text must contain at least one visible character');
      if (text.length > services.maxMessageChars) throw new DomainError('text_too_long', `text is ${text.length} characters; the limit is ${services.maxMessageChars}`);
      return services.content.nlu.parse(text);
    },
  );
};
