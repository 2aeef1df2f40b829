// What the request log may say about a request. Query strings carry secrets (the web chat's SSE
// token or ticket, sign-in links), so only the path is logged; headers (authorization, cookies)
// are never logged. Anything else that slips into a log line under a secret-looking key is redacted.
// A request is logged once, when it is answered (method, path, status, time), not also on arrival
// as fastify does by default: half the lines to format and write, the same facts in them.

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

const REDACTED_KEYS = ['authorization', 'cookie', 'token', 'ticket', 'password', 'secretHash', 'csrfToken'];

/** The path of a URL without its query string or fragment. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function safeRequest(request: FastifyRequest) {
  return { method: request.method, url: pathOnly(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/** A child of `logger` for the HTTP server: requests as path only, secrets redacted. */
export function requestLogger(logger: Logger): Logger {
  return logger.child(
    {},
    {
      serializers: { req: safeRequest },
      redact: {
        paths: [...REDACTED_KEYS.map((key) => `*.${key}`), ...REDACTED_KEYS.map((key) => `*.headers.${key}`), ...REDACTED_KEYS],
        censor: '[redacted]',
      },
    },
  );
}

/** fastify's request logging with the arrival line left out and the request's method and path on the completion line. */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
