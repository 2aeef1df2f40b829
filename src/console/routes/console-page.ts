// Serves the staff console page at /console/ (assets under /console/) and its wording
// (prompts/console-ui.json) at /console/strings.json. Registered outside the /api/staff plugin:
// the page itself is public; everything it shows comes from the guarded API.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const STRINGS_FILE = fileURLToPath(new URL('../../../prompts/console-ui.json', import.meta.url));

const stringsSchema = z
  .object({ zh: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) })
  .refine((s) => Object.keys(s.en).every((key) => key in s.zh) && Object.keys(s.zh).every((key) => key in s.en), 'zh and en must have the same keys');

/** Reads and checks the console wording; throws naming the file and what is wrong. */
export function loadConsoleStrings(file: string = STRINGS_FILE): z.infer<typeof stringsSchema> {
  const parsed = stringsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const consolePage: FastifyPluginAsyncZod = async (app) => {
  const strings = loadConsoleStrings();
  // A second @fastify/static (the web chat has the first): no reply decorators this time.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/console/', index: ['index.html'], decorateReply: false });
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/jobs', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/jobs.html'));
  app.get('/console/strings.json', { schema: { hide: true } }, async () => strings);
};
