// Security headers on every answer: a strict Content-Security-Policy — scripts and styles only
// from this origin, no plugins, framing only by FRAME_ANCESTORS — plus what helmet's defaults set
// (nosniff, same-origin opener and resource policies, …), a same-origin Referrer-Policy, and HSTS
// when the request came over TLS. The two third-party pages (the API docs and the job dashboard)
// style their markup inline, so they get 'unsafe-inline' styles; scripts stay 'self' everywhere.
//
// The headers are the same for every answer, so they are built once here: @fastify/helmet ran
// helmet's middleware on each request, ~2 % of the service's CPU per chat message.

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

/** The headers of every answer but CSP and HSTS. */
export function fixedSecurityHeaders(frameAncestors: string): Record<string, string> {
  return {
    'cross-origin-opener-policy': 'same-origin',
    // The pages and the web chat are served only to this origin's own pages; a widget on another
    // site embeds them in a frame (FRAME_ANCESTORS), which CSP governs, not COEP (not sent).
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    // X-Frame-Options cannot list origins; frame-ancestors supersedes it in every current browser.
    ...(frameAncestors === "'none'" ? { 'x-frame-options': 'DENY' } : {}),
    'x-permitted-cross-domain-policies': 'none',
    // The old XSS auditors did more harm than good; 0 turns off what is left of them.
    'x-xss-protection': '0',
  };
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const fixed = Object.entries(fixedSecurityHeaders(options.frameAncestors));
  const strict = contentSecurityPolicy(options.frameAncestors, false);
  const relaxed = contentSecurityPolicy(options.frameAncestors, true);
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of fixed) reply.header(name, value);
    reply.header('content-security-policy', hasInlineStyles(request) ? relaxed : strict);
    // Only over TLS: a plain-HTTP answer claiming HSTS means nothing and confuses audits.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
  });
}

function hasInlineStyles(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  return INLINE_STYLE_PAGES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
