// Security headers on every answer (@fastify/helmet): a strict Content-Security-Policy — scripts
// and styles only from this origin, no plugins, framing only by FRAME_ANCESTORS — plus nosniff,
// a same-origin Referrer-Policy, and HSTS when the request came over TLS. The two third-party
// pages (the API docs and the job dashboard) style their markup inline, so they get 'unsafe-inline'
// styles; scripts stay 'self' everywhere.

import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Paths whose pages come from libraries that put style="" attributes in their HTML. */
const INLINE_STYLE_PAGES = ['/docs', '/console/queues'];
const HSTS = 'max-age=31536000; includeSubDomains';

export interface SecurityHeaderOptions {
  /** CSP frame-ancestors: "'none'", "'self'" or origins allowed to embed the pages. */
  frameAncestors: string;
}

export function contentSecurityPolicy(frameAncestors: string, inlineStyles: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    `style-src 'self'${inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): Promise<void> {
  const strict = contentSecurityPolicy(options.frameAncestors, false);
  const relaxed = contentSecurityPolicy(options.frameAncestors, true);
  await app.register(helmet, {
    // The policy is written here (one string per kind of page), not assembled by helmet per request.
    contentSecurityPolicy: false,
    // Set below only over TLS: a plain-HTTP answer claiming HSTS means nothing and confuses audits.
    strictTransportSecurity: false,
    // The pages and the web chat are served only to this origin's own pages; a widget on another
    // site embeds them in a frame (FRAME_ANCESTORS), which CSP governs, not COEP/CORP.
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'same-origin' },
    // X-Frame-Options cannot list origins; frame-ancestors supersedes it in every current browser.
    frameguard: options.frameAncestors === "'none'" ? { action: 'deny' } : false,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('content-security-policy', hasInlineStyles(request) ? relaxed : strict);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

function hasInlineStyles(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  return INLINE_STYLE_PAGES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
