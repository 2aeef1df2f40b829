// CloudAdapter.process expects Express/restify-style request and response objects. This bridge
// hands it fastify's parsed body and headers, and records what it answers (status, body) so the
// route can reply through fastify: one error format, one place that maps statuses.

import type { Request as AdapterRequest, Response as AdapterResponse } from 'botbuilder';
import type { FastifyRequest } from 'fastify';

export function toAdapterRequest(request: FastifyRequest, body: Record<string, unknown>): AdapterRequest {
  return { body, headers: request.headers, method: request.method };
}

/** What CloudAdapter answered: it calls status(), then send() when there is a body, then end(). */
export class CapturedResponse implements AdapterResponse {
  readonly socket = null;
  statusCode = 200;
  body: unknown = undefined;
  ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  /** CloudAdapter sets no headers on plain HTTP answers; fastify sets content type and length. */
  header(_name: string, _value: unknown): this {
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }
}
