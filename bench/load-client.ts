// The load generator's HTTP client: node:http with a keep-alive agent over loopback (undici is not a
// dependency here). Every answer is checked; what went wrong is counted by kind with a sample.

import http from 'node:http';

const LOOPBACK = '127.0.0.1';
const REQUEST_TIMEOUT_MS = 30_000;

interface RawReply {
  status: number;
  body: string;
  ms: number;
}

export class Failures {
  readonly byKind = new Map<string, { count: number; sample: string }>();
  total = 0;

  add(kind: string, sample: string): void {
    this.total += 1;
    const entry = this.byKind.get(kind);
    if (entry) entry.count += 1;
    else this.byKind.set(kind, { count: 1, sample: sample.slice(0, 300) });
  }

  print(log: (line: string) => void): void {
    for (const [kind, { count, sample }] of this.byKind) log(`    ${count}× ${kind} — e.g. ${sample}`);
  }
}

export class LoadClient {
  readonly failures = new Failures();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });

  /** Sends one request and checks it; returns the parsed body of a 2xx answer, undefined otherwise (counted in failures). */
  async call(phase: string, port: number, method: 'GET' | 'POST', path: string, payload: unknown, token?: string): Promise<{ json: unknown; ms: number } | undefined> {
    let reply: RawReply;
    try {
      reply = await this.request(port, method, path, payload, token);
    } catch (error) {
      this.failures.add(`${phase}: transport error`, (error as Error).message);
      return undefined;
    }
    if (reply.status < 200 || reply.status > 299) {
      this.failures.add(`${phase}: HTTP ${reply.status}`, reply.body);
      return undefined;
    }
    try {
      return { json: JSON.parse(reply.body) as unknown, ms: reply.ms };
    } catch {
      this.failures.add(`${phase}: body is not JSON`, reply.body);
      return undefined;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private request(port: number, method: 'GET' | 'POST', path: string, payload: unknown, token?: string): Promise<RawReply> {
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    const headers: http.OutgoingHttpHeaders = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const started = performance.now();
    return new Promise<RawReply>((resolve, reject) => {
      const req = http.request({ host: LOOPBACK, port, method, path, headers, agent: this.agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
