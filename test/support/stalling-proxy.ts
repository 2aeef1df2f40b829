// An HTTP proxy in front of a local API (the Telegram Bot API emulator) that can hold chosen
// requests without answering, as a channel that hangs would: the client waits, and if it dies
// meanwhile the request never reaches the API. Everything else passes through.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export class StallingProxy {
  /** While set, requests whose path it matches are held, never forwarded nor answered. */
  stallWhen: ((path: string) => boolean) | undefined;
  /** Paths of the requests held so far. */
  readonly held: string[] = [];
  url = '';
  private readonly server: Server;

  constructor(private readonly target: string) {
    this.server = createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    if (this.stallWhen?.(path)) {
      this.held.push(path);
      req.resume();
      return;
    }
    const target = new URL(path, this.target);
    const forward = request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
