// A loopback "channel" for follow-up tests and the greetings benchmark: an HTTP server that
// counts every message it receives per follow-up key, and the sender side that posts to it. It
// receives what a real channel would; duplicates and losses show up in its counts.

import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Channel } from '../../src/channels/channel.ts';
import { SENT } from '../../src/channels/outbound-port.ts';

export const SINK_CHANNEL = 'sink';

export interface SinkStats {
  /** Messages received, duplicates included. */
  received: number;
  /** Distinct follow-up keys received. */
  distinct: number;
  /** Messages beyond the first for a key. */
  duplicates: number;
  firstAt: number | undefined;
  lastAt: number | undefined;
}

export class SinkServer {
  private readonly counts = new Map<string, number>();
  private readonly server: Server;
  private firstAt: number | undefined;
  private lastAt: number | undefined;
  /** While set, every delivery is answered with this HTTP status (a channel outage). */
  failWith: number | undefined;
  url = '';

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/deliver') {
          if (this.failWith) {
            response.writeHead(this.failWith).end();
            return;
          }
          const { key } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key: string };
          this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
          const now = Date.now();
          this.firstAt ??= now;
          this.lastAt = now;
          response.writeHead(204).end();
          return;
        }
        const match = /^\/delivered\/(.+)$/.exec(request.url ?? '');
        if (request.method === 'GET' && match) {
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: this.counts.get(decodeURIComponent(match[1]!)) ?? 0 }));
          return;
        }
        response.writeHead(404).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  stats(): SinkStats {
    let received = 0;
    for (const n of this.counts.values()) received += n;
    return { received, distinct: this.counts.size, duplicates: received - this.counts.size, firstAt: this.firstAt, lastAt: this.lastAt };
  }

  reset(): void {
    this.counts.clear();
    this.firstAt = undefined;
    this.lastAt = undefined;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The sending side, added to an app's follow-up sender: `app.followUpSender.addChannel(sinkChannel(url))`. */
export function sinkChannel(url: string, perSecond?: number): Channel {
  // Plain node:http on kept-alive sockets: a loopback stand-in for a channel's API should cost the
  // sender what a request costs, not fetch's stream machinery (a third of a benchmark worker's CPU).
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    name: SINK_CHANNEL,
    start: async () => {},
    stop: async () => {},
    outbound: {
      deliversOnRecord: false,
      async send(target, messages, { key }) {
        for (const message of messages) {
          let status: number;
          try {
            status = await post(agent, `${url}/deliver`, JSON.stringify({ key, to: target.externalId, text: message.text }));
          } catch (error) {
            return { status: 'failed', reason: `sink unreachable: ${(error as Error).message}` };
          }
          if (status !== 204) return { status: status === 403 ? 'unreachable' : 'failed', reason: `sink answered ${status}` };
        }
        return SENT;
      },
      async wasDelivered(_target, key) {
        const response = await fetch(`${url}/delivered/${encodeURIComponent(key)}`);
        if (response.status !== 200) return undefined;
        return ((await response.json()) as { count: number }).count > 0;
      },
      limits: () => (perSecond ? [{ key: SINK_CHANNEL, perSecond }] : []),
    },
  };
}

/** POSTs a JSON body and resolves with the status once the answer has been read. */
function post(agent: Agent, url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    req.once('error', reject);
    req.end(body);
  });
}
