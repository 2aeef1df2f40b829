// A real webhook receiver for tests: a node:http server on 127.0.0.1 that keeps every request it
// gets (path, headers, the raw body) and answers each path as the test tells it (204 by default).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait-for.ts';

export interface ReceivedWebhook {
  path: string;
  headers: Record<string, string>;
  /** The raw body, exactly as sent (what a signature is checked against). */
  body: string;
}

/** The status to answer with; `n` counts the requests to this path, from 1. */
export type Answer = (n: number) => number;

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly answers = new Map<string, Answer>();
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
        this.received.push({ path, headers, body: Buffer.concat(chunks).toString('utf8') });
        const n = this.at(path).length;
        response.statusCode = (this.answers.get(path) ?? (() => 204))(n);
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  /** The URL of a path on this receiver; `answer` says how that path answers. */
  url(path: string, answer?: Answer): string {
    if (answer) this.answers.set(path, answer);
    return `http://127.0.0.1:${this.port}${path}`;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  /** Waits until `path` got at least `count` requests. */
  async waitFor(path: string, count = 1): Promise<ReceivedWebhook[]> {
    return waitFor(`${count} webhook(s) at ${path}`, async () => (this.at(path).length >= count ? this.at(path) : undefined), 15_000);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
