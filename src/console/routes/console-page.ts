// Serves the staff console pages at /console/, /console/jobs.html, /console/audit.html, /console/customers.html, /console/insights.html and /console/webhooks.html
// (their <head> shared with the web chat, see http/page-shell.ts; assets under /console/, the charting
// library ECharts and Preact + htm from node_modules under /console/vendor/) and its wording
// (prompts/console-ui.json) at /console/strings.json. Registered outside the /api/staff plugin:
// the pages themselves are public; everything they show comes from the guarded API.

import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { renderPage } from '../../http/page-shell.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));
const STRINGS_FILE = fileURLToPath(new URL('../../../prompts/console-ui.json', import.meta.url));
const requireFrom = createRequire(import.meta.url);
/**
 * The vendor files the pages load, as npm installed them, by the name they have under
 * /console/vendor/: ECharts' browser build (the Insights charts) and Preact with its hooks and htm
 * in one ES module (the main console's components; htm's exports map hides the file, so it is
 * found beside the package's Preact entry).
 */
const VENDOR_FILES = new Map([
  ['echarts.min.js', requireFrom.resolve('echarts/dist/echarts.min.js')],
  ['preact-htm.js', join(dirname(requireFrom.resolve('htm/preact')), 'standalone.module.js')],
]);

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
  const pages = {
    main: renderPage(join(PUBLIC_DIR, 'index.html')),
    jobs: renderPage(join(PUBLIC_DIR, 'jobs.html')),
    audit: renderPage(join(PUBLIC_DIR, 'audit.html')),
    customers: renderPage(join(PUBLIC_DIR, 'customers.html')),
    insights: renderPage(join(PUBLIC_DIR, 'insights.html')),
    webhooks: renderPage(join(PUBLIC_DIR, 'webhooks.html')),
  };
  // A second @fastify/static (the web chat has the first): no reply decorators this time. The pages
  // themselves only as rendered, with the <head> they share with the web chat.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/console/', index: false, decorateReply: false, allowedPath: (path) => !path.endsWith('.html') });
  // From this origin like every script (CSP script-src 'self'), and only the files the pages use.
  app.get('/console/vendor/:file', { schema: { hide: true, params: z.object({ file: z.string() }) } }, async (request, reply) => {
    const file = VENDOR_FILES.get(request.params.file);
    if (!file) throw new DomainError('not_found', `no vendor file ${request.params.file}`);
    return reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(createReadStream(file));
  });
  const html = (page: string) => async (_request: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(page);
  app.get('/console/', { schema: { hide: true } }, html(pages.main));
  app.get('/console/index.html', { schema: { hide: true } }, html(pages.main));
  app.get('/console/jobs.html', { schema: { hide: true } }, html(pages.jobs));
  app.get('/console/audit.html', { schema: { hide: true } }, html(pages.audit));
  app.get('/console/customers.html', { schema: { hide: true } }, html(pages.customers));
  app.get('/console/insights.html', { schema: { hide: true } }, html(pages.insights));
  app.get('/console/webhooks.html', { schema: { hide: true } }, html(pages.webhooks));
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  app.get('/console/jobs', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/jobs.html'));
  app.get('/console/audit', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/audit.html'));
  app.get('/console/customers', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/customers.html'));
  app.get('/console/webhooks', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/webhooks.html'));
  // The filters travel with the redirect, so a shared /console/insights?from=… link keeps them.
  app.get('/console/insights', { schema: { hide: true } }, async (request, reply) => reply.redirect(`/console/insights.html${queryOf(request.url)}`));
  app.get('/console/strings.json', { schema: { hide: true } }, async () => strings);
};

/** The query string of a request's URL, with its '?', or ''. */
function queryOf(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at);
}
