// A pass-through proxy in front of the Telegram emulator, one per app instance, so a test can tell
// the instances apart: it counts each Bot API method called through it (which instance polls with
// getUpdates), keeps every sendMessage (which instance wrote to which chat, and when it reached the
// proxy), and can answer a chat's next sendMessage with 429 Too Many Requests and a retry_after, as
// Telegram does under its flood limits (the emulator itself never does).

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  chatId: string;
  text: string;
  /** Date.now() when the call reached the proxy. */
  at: number;
  /** Answered 429 here instead of passed on. */
  flooded: boolean;
}

export class BotApiProxy {
  /** Calls per Bot API method. */
  readonly counts = new Map<string, number>();
  readonly sent: SentMessage[] = [];
  private readonly floods = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<BotApiProxy> {
    const upstream = new URL(target);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new BotApiProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('error', () => undefined); // a client killed mid-call (SIGKILL)
      res.on('error', () => undefined);
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const method = (req.url ?? '').split('?')[0]!.split('/').pop() ?? '';
        proxy.counts.set(method, proxy.count(method) + 1);
        if (method === 'sendMessage') {
          const { chat_id: chatId, text } = parse(body.toString('utf8'));
          const retryAfter = proxy.floods.get(String(chatId));
          proxy.floods.delete(String(chatId));
          proxy.sent.push({ chatId: String(chatId), text: String(text), at: Date.now(), flooded: retryAfter !== undefined });
          if (retryAfter !== undefined) {
            res.writeHead(429, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } }));
            return;
          }
        }
        const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', (err) => res.destroy(err));
        forward.end(body);
      });
    });
    return proxy;
  }

  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  /** Messages that reached the emulator through here for `chatId` (not the flooded ones). */
  sentTo(chatId: number | string): SentMessage[] {
    return this.sent.filter((m) => m.chatId === String(chatId) && !m.flooded);
  }

  /** The next sendMessage to `chatId` through this proxy is answered 429 with this retry_after. */
  floodNext(chatId: number | string, retryAfterSeconds: number): void {
    this.floods.set(String(chatId), retryAfterSeconds);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
