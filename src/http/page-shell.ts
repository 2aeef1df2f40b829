// What the service's pages (web chat, staff console) share: the first lines of their <head>
// (src/http/page-head.html: charset, viewport, colour scheme, icon, the shared stylesheet) and the
// stylesheet itself (src/http/public/base.css), served under /assets/.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

const ASSETS_DIR = fileURLToPath(new URL('./public/', import.meta.url));
const HEAD_FILE = fileURLToPath(new URL('./page-head.html', import.meta.url));
/** Where a page wants the shared head lines. */
const MARKER = '<!-- shared head -->';

/**
 * A page's HTML with the shared head lines in place of its `<!-- shared head -->` line. Read once
 * at start; throws naming the file when the marker is missing.
 */
export function renderPage(file: string): string {
  const html = readFileSync(file, 'utf8');
  if (!html.includes(MARKER)) throw new Error(`${file}: no "${MARKER}" line in its <head>`);
  const head = readFileSync(HEAD_FILE, 'utf8').trim();
  return html.replace(MARKER, () => head);
}

/** Serves the shared stylesheet at /assets/base.css. */
export const pageShell: FastifyPluginAsync = async (app) => {
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: '/assets/', decorateReply: false });
};
