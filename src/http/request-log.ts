// What the request log may say about a request. Query strings carry secrets (the web chat's SSE
// token or ticket, sign-in links), so only the path is logged; headers (authorization, cookies)
// are never logged. Anything else that slips into a log line under a secret-looking key is censored
// (log-censor.ts).
// A request is logged once, when it is answered (method, path, status, time), not also on arrival
// as fastify does by default: half the lines to format and write, the same facts in them.

import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import { stdSerializers, type Logger } from 'pino';
import { censorFields, censorLine } from './log-censor.ts';

/** The path of a URL without its query string or fragment. */
export function pathOnly(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function safeRequest(request: FastifyRequest) {
  return { method: request.method, url: pathOnly(request.url), host: request.host, remoteAddress: request.ip, remotePort: request.socket?.remotePort };
}

/** What a line says of a reply: its status. */
function safeReply(reply: FastifyReply) {
  return { statusCode: reply.statusCode };
}

/** An error's message, type and stack, and its own fields with secret-looking keys censored. */
function safeError(error: unknown) {
  return censorFields(stdSerializers.err(error as Error));
}

const serializers = { req: safeRequest, res: safeReply, err: safeError };

/** A child of `logger` for the HTTP server: requests as path only, secrets censored. */
export function requestLogger(logger: Logger): Logger {
  return logger.child({}, { serializers, formatters: { log: censorLine(new Set(Object.keys(serializers))) } });
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
