// Serves the web chat page at / (its <head> shared with the console, see http/page-shell.ts), its
// assets, and its wording (prompts/webchat-ui.json) at /webchat/strings.json.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { renderPage } from '../../http/page-shell.ts';
import type { HttpServices } from '../../http/services.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export const webchatPage: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  const page = renderPage(join(PUBLIC_DIR, 'index.html'));
  // The page itself only as rendered, with the shared head.
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/', index: false, allowedPath: (path) => path !== '/index.html' });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/webchat/strings.json', { schema: { hide: true } }, async () => services.content.uiStrings);
};
