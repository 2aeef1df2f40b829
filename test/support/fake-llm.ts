// A local OpenAI-compatible server for the LLM tests: POST /v1/chat/completions answered by a
// script the test sets — JSON content, tool calls, malformed output, slowness, HTTP errors, and
// streamed answers (server-sent chunks, as the real API sends them). It records every request.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name: string } };
  tools?: { function: { name: string } }[];
}

export interface Scripted {
  content?: string;
  toolCalls?: { name: string; arguments: string }[];
  /** Wait this long before answering (a slow model). */
  delayMs?: number;
  /** Answer with this HTTP status and an error body. */
  status?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Pause between streamed chunks of 8 characters (default 5 ms; 0: sent at once). */
  chunkDelayMs?: number;
}

/** Decides the answer to one request; `purpose` tells the understanding call from the reply call. */
export type Script = (request: ChatRequest, purpose: 'understand' | 'reply') => Scripted;

export class FakeLlm {
  readonly requests: ChatRequest[] = [];
  script: Script = () => ({ status: 500 });
  private readonly server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    this.requests.push(request);
    const purpose = request.response_format?.type === 'json_schema' || request.tools?.length ? 'understand' : 'reply';
    const answer = this.script(request, purpose);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (res.destroyed) return;
    if (answer.status && answer.status >= 400) {
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
      return;
    }
    const usage = answer.usage ?? { prompt_tokens: 100, completion_tokens: 20 };
    const toolCalls = (answer.toolCalls ?? []).map((t, i) => ({ id: `call_${i}`, type: 'function', function: t }));
    if (request.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: request.model };
      const text = answer.content ?? '';
      for (let i = 0; i < text.length; i += 8) {
        send({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + 8) }, finish_reason: null }] });
        const pause = answer.chunkDelayMs ?? 5;
        if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
      }
      send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      send({ ...base, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model: request.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: answer.content ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
          },
        ],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }
}

/** The drafts the service asked the model to reword (inside <drafts>, separated by ---). */
export function draftsOf(request: ChatRequest): string[] {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const inner = /<drafts>\n([\s\S]*)\n<\/drafts>/.exec(user)?.[1] ?? '';
  return inner.split(/\n---\n/);
}

/** The customer's message as the model saw it. */
export function customerMessageOf(request: ChatRequest): string {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  return /<customer_message>\n([\s\S]*?)\n<\/customer_message>/.exec(user)?.[1] ?? '';
}

/** The embedded NLU's reading the service sent along with the message (<embedded_reading>), if any. */
export function embeddedReadingOf(request: ChatRequest): Record<string, unknown> | undefined {
  const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
  const json = /<embedded_reading>\n([\s\S]*?)\n<\/embedded_reading>/.exec(user)?.[1];
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
