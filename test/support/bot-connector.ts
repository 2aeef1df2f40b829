// A loopback Bot Connector service for tests: the bot's serviceUrl. It records every activity the
// bot sends (replies and proactive sends) and answers 200 with an id, as the real connector does.

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentActivity {
  type: string;
  id: string;
  text?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  textFormat?: string;
  conversation: { id: string };
  recipient?: { id: string; name?: string };
  suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  attachments?: { contentType: string; name?: string; content?: unknown }[];
}

export interface ReceivedCall {
  method: string;
  path: string;
  conversationId: string;
  /** Set on replies: POST /v3/conversations/{id}/activities/{replyToId}. */
  replyToId?: string;
  authorization?: string;
  activity: SentActivity;
}

export class BotConnector {
  readonly calls: ReceivedCall[] = [];
  /** Conversations the connector answers 404 for, as when the customer removed the bot. */
  readonly gone = new Set<string>();
  /** While true, message activities are taken in but never answered (a connector that hangs); kept here, not in `calls`. */
  stall = false;
  readonly held: SentActivity[] = [];
  private readonly events = new EventEmitter();

  private readonly server: Server;
  private serviceUrlValue = '';

  private constructor() {
    this.server = createServer((req, res) => {
      readJson(req).then(
        (activity) => this.record(req, res, activity as SentActivity),
        () => res.writeHead(400).end(),
      );
    });
  }

  /** The base URL to put in activities' serviceUrl. */
  get serviceUrl(): string {
    return this.serviceUrlValue;
  }

  /** Listens on loopback, or on `host` (e.g. a LAN address, to stand for a serviceUrl off this machine). */
  static async start(host = '127.0.0.1'): Promise<BotConnector> {
    const connector = new BotConnector();
    await new Promise<void>((resolve) => connector.server.listen(0, host, resolve));
    const { port } = connector.server.address() as AddressInfo;
    connector.serviceUrlValue = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    return connector;
  }

  private record(req: IncomingMessage, res: ServerResponse, activity: SentActivity): void {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (!match || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const conversationId = decodeURIComponent(match[1]!);
    if (this.stall && activity.type === 'message') {
      this.held.push(activity);
      this.events.emit('held', activity);
      return;
    }
    if (this.gone.has(conversationId)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'ConversationNotFound', message: 'Conversation not found.' } }));
      return;
    }
    const call: ReceivedCall = {
      method: req.method,
      path: req.url ?? '',
      conversationId,
      ...(match[2] ? { replyToId: decodeURIComponent(match[2]) } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      activity,
    };
    this.calls.push(call);
    this.events.emit('call', call);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
  }

  /** Everything the bot sent into one conversation, in order. */
  sentTo(conversationId: string): SentActivity[] {
    return this.calls.filter((c) => c.conversationId === conversationId).map((c) => c.activity);
  }

  /** Resolves with the first call (already received or still to come) that matches. */
  waitFor(matches: (call: ReceivedCall) => boolean, timeoutMs = 10_000): Promise<ReceivedCall> {
    const seen = this.calls.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('call', listener);
        reject(new Error(`the bot sent nothing matching within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (call: ReceivedCall) => {
        if (!matches(call)) return;
        clearTimeout(timer);
        this.events.off('call', listener);
        resolve(call);
      };
      this.events.on('call', listener);
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
