// Who may read the metrics, for the app's GET /metrics and the worker's metrics server alike:
// - METRICS_TOKEN set: exactly the requests that carry `Authorization: Bearer <METRICS_TOKEN>`,
//   from anywhere — loopback too. A reverse proxy on the same host makes every outside request
//   come from 127.0.0.1, so once a token exists it is the only key.
// - METRICS_TOKEN unset: requests whose socket comes from a loopback address and that passed no
//   proxy (no Forwarded / X-Forwarded-For / X-Real-IP header). The socket's address, never a
//   forwarded one: headers are the client's to write; one that adds them only locks itself out.

import { createHash, timingSafeEqual } from 'node:crypto';

export interface ScrapeRequest {
  /** The Authorization header as sent. */
  authorization: string | undefined;
  /** The TCP peer's address (request.socket.remoteAddress). */
  socketAddress: string | undefined;
  /** True when the request names a client behind a proxy (Forwarded, X-Forwarded-For, X-Real-IP). */
  forwarded: boolean;
}

export type ScrapeVerdict = { allowed: true } | { allowed: false; status: 401 | 403; code: 'unauthorized' | 'forbidden'; message: string };

const LOOPBACK = /^(?:::1|(?:::ffff:)?127(?:\.\d{1,3}){3})$/i;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && LOOPBACK.test(address);
}

export function scrapeAccess(request: ScrapeRequest, token: string | undefined): ScrapeVerdict {
  const presented = request.authorization ? BEARER.exec(request.authorization)?.[1] : undefined;
  if (token) {
    // No credentials is 401 too (RFC 6750): the client can still authenticate; 403 is for one that cannot.
    if (presented === undefined) return { allowed: false, status: 401, code: 'unauthorized', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' };
    return sameSecret(presented, token) ? { allowed: true } : { allowed: false, status: 401, code: 'unauthorized', message: 'the metrics token is not valid' };
  }
  if (isLoopback(request.socketAddress) && !request.forwarded) return { allowed: true };
  return { allowed: false, status: 403, code: 'forbidden', message: 'metrics are served to loopback only; set METRICS_TOKEN to let a remote scraper in' };
}

/** The headers that name a client behind a proxy. */
export function isForwarded(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['forwarded'] !== undefined || headers['x-forwarded-for'] !== undefined || headers['x-real-ip'] !== undefined;
}

/** Compared in constant time: digests of equal length, so neither content nor length leaks. */
function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
