// Canned replies for staff (prompts/canned-replies.yaml) in the console's language. Variables such
// as {customerName} stay in the text: the console fills them from the open conversation.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parse } from 'yaml';
import { z } from 'zod';
import { LANGUAGES } from '../../domain/types.ts';
import { errorSchema } from './wire-schemas.ts';

const CANNED_FILE = fileURLToPath(new URL('../../../prompts/canned-replies.yaml', import.meta.url));

const localized = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const cannedFileSchema = z
  .array(z.object({ id: z.string().regex(/^[a-z0-9_]+$/), title: localized, text: localized }).strict())
  .min(1)
  .refine((list) => new Set(list.map((r) => r.id)).size === list.length, 'ids must be unique');

export type CannedReplies = z.infer<typeof cannedFileSchema>;

/** Reads and checks the canned replies; throws naming the file and the bad entry. */
export function loadCannedReplies(file: string = CANNED_FILE): CannedReplies {
  const parsed = cannedFileSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const cannedRepliesRoutes: FastifyPluginAsyncZod = async (app) => {
  const replies = loadCannedReplies();

  app.get(
    '/api/staff/canned-replies',
    {
      schema: {
        summary: 'Canned replies in one language; {customerName}, {agentName}, {orderNumber}, {reference} are left for the console to fill',
        tags: ['staff'],
        querystring: z.object({ lang: z.enum(LANGUAGES).default('en') }),
        response: { 200: z.object({ replies: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })) }), 401: errorSchema },
      },
    },
    async (request) => {
      const { lang } = request.query;
      return { replies: replies.map((r) => ({ id: r.id, title: r.title[lang], text: r.text[lang] })) };
    },
  );
};
