// What the Agents SDK answered. Its authorizeJWT and CloudAdapter.process write to an Express-style
// response; this one records the status and body so the route answers through fastify instead: one
// error format, one place that maps statuses.

import type { WebResponse } from '@microsoft/agents-hosting';

export class CapturedResponse implements WebResponse {
  statusCode = 200;
  body: unknown = undefined;
  headersSent = false;
  writableEnded = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  /** The SDK sets only the content type of invoke answers; fastify sets its own. */
  setHeader(_name: string, _value: string): this {
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.writableEnded = true;
    return this;
  }
}
