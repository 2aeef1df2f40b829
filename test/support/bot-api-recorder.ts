// A pass-through proxy in front of the Telegram emulator that records which Bot API methods the
// bot called and with what, for calls the emulator does not keep (answerCallbackQuery).

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
}

export class BotApiRecorder {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly calls: RecordedCall[],
  ) {}

  static async start(target: string): Promise<BotApiRecorder> {
    const upstream = new URL(target);
    const calls: RecordedCall[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const method = (req.url ?? '').split('?')[0]!.split('/').pop() ?? '';
        calls.push({ method, body: parse(body.toString('utf8')) });
        const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forward.on('error', (err) => res.destroy(err));
        forward.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new BotApiRecorder(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls);
  }

  close(): Promise<void> {
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
