// Serves the web chat page at / and its wording (prompts/webchat-ui.json) at /webchat/strings.json.

import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { HttpServices } from '../../http/services.ts';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

export const webchatPage: FastifyPluginAsyncZod<{ services: HttpServices }> = async (app, { services }) => {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/', index: ['index.html'] });
  app.get('/webchat/strings.json', { schema: { hide: true } }, async () => services.content.uiStrings);
};
