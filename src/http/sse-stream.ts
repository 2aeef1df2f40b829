// Server-Sent Events for the web chat's and the console's live streams, written one way: caps on
// how many streams are open (per web chat session, per client network, per process), the
// headers, a heartbeat, and back-pressure. A client that stops reading is dropped once a bounded
// amount of events waits for it, so a slow or stalled reader cannot make the process hold ever
// more memory.

import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../domain/domain-error.ts';
import { clientNetwork } from './client-network.ts';

export interface SseCaps {
  /** Streams of one web chat session at once (SSE_MAX_PER_SESSION). */
  perSession: number;
  /** Streams from one client network at once (SSE_MAX_PER_IP). */
  perIp: number;
  /** Streams of this process at once (SSE_MAX_TOTAL). */
  total: number;
}

/** A place taken for one stream; given back when the stream closes. */
export interface SseSlot {
  release(): void;
}

/**
 * The live streams of this process, counted in memory: a stream lives on one process's socket,
 * so each process guards its own sockets (SSE_MAX_TOTAL is per process).
 */
export class SseStreams {
  private total = 0;
  private readonly byNetwork = new Map<string, number>();
  private readonly bySession = new Map<string, number>();

  constructor(
    private readonly caps: SseCaps,
    /** How often each stream sends its keep-alive line and re-checks who may read it (SSE_HEARTBEAT_MS). */
    readonly heartbeatMs = 15_000,
  ) {}

  /**
   * Takes a place for one more stream, or throws 429 (this session or client network has too
   * many) or 503 (the process has too many). Call it before anything is written to the response.
   */
  reserve(owner: { ip: string; session?: string }): SseSlot {
    const network = clientNetwork(owner.ip);
    const { perSession, perIp, total } = this.caps;
    if (owner.session !== undefined && (this.bySession.get(owner.session) ?? 0) >= perSession) {
      throw new DomainError('rate_limited', `this chat session already has ${perSession} live connections open, the most it may have; close another tab or window of the chat first`);
    }
    if ((this.byNetwork.get(network) ?? 0) >= perIp) {
      throw new DomainError('rate_limited', `your network already has ${perIp} live connections open, the most it may have; close some and try again`);
    }
    if (this.total >= total) throw new DomainError('unavailable', 'the server has as many live connections open as it can take; please try again in a minute');
    this.total += 1;
    increment(this.byNetwork, network, 1);
    if (owner.session !== undefined) increment(this.bySession, owner.session, 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        increment(this.byNetwork, network, -1);
        if (owner.session !== undefined) increment(this.bySession, owner.session, -1);
      },
    };
  }

  /** Streams open now. */
  get open(): number {
    return this.total;
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

export interface SseStreamOptions {
  /** The place reserved with SseStreams.reserve; released when the stream closes. */
  slot: SseSlot;
  /** A comment line this often keeps proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Asked at each heartbeat; false ends the stream (e.g. its sign-in is gone). It should log its own errors. */
  stillAllowed?: () => Promise<boolean>;
  /** Most bytes kept for a client that does not read (default 1 MiB); past it the client is dropped. */
  maxBufferedBytes?: number;
  /** How long the browser waits before it reconnects (default 2 s). */
  retryMs?: number;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** One open event stream. Writes after it closed are ignored. */
export class SseStream {
  private readonly res: ServerResponse;
  private readonly waiting: string[] = [];
  private waitingBytes = 0;
  private congested = false;
  private drainedSinceHeartbeat = true;
  private checking = false;
  private ended = false;
  private readonly closeListeners: (() => void)[] = [];
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBufferedBytes: number;

  /** Takes the response over from fastify and starts the stream. */
  static open(reply: FastifyReply, options: SseStreamOptions): SseStream {
    reply.hijack();
    return new SseStream(reply, options);
  }

  private constructor(
    reply: FastifyReply,
    private readonly options: SseStreamOptions,
  ) {
    this.res = reply.raw;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 1024 * 1024;
    // Headers other hooks set on the reply (security headers, rate-limit counts) still go out.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) this.res.setHeader(name, value);
    this.res.writeHead(200, SSE_HEADERS);
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs ?? 15_000);
    // The response's close means the connection went away (the request's fires once its body is read).
    this.res.on('close', () => this.closed());
    this.res.on('drain', () => this.flush());
    this.write(`retry: ${options.retryMs ?? 2000}\n\n`);
  }

  /** Sends one event; `id` lets the browser resume after it (Last-Event-ID). */
  send(event: string, data: unknown, id?: number): void {
    this.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream from our side. */
  close(): void {
    if (this.ended) return;
    this.res.end();
    this.closed();
  }

  /** Runs `listener` once, when the stream ends for any reason. */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  get isClosed(): boolean {
    return this.ended;
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.congested) {
      this.waiting.push(chunk);
      this.waitingBytes += Buffer.byteLength(chunk);
      if (this.waitingBytes > this.maxBufferedBytes) this.drop();
      return;
    }
    // false: the socket's buffer is full; what follows waits here, counted, until it drains.
    if (!this.res.write(chunk)) this.congested = true;
  }

  private flush(): void {
    this.congested = false;
    this.drainedSinceHeartbeat = true;
    while (this.waiting.length && !this.congested && !this.ended) {
      const chunk = this.waiting.shift()!;
      this.waitingBytes -= Buffer.byteLength(chunk);
      if (!this.res.write(chunk)) this.congested = true;
    }
  }

  private async beat(): Promise<void> {
    if (this.ended || this.checking) return;
    if (this.congested) {
      // Nothing read for a whole heartbeat: the client is gone or stalled; free its place.
      if (!this.drainedSinceHeartbeat) this.drop();
      this.drainedSinceHeartbeat = false;
      return;
    }
    if (this.options.stillAllowed) {
      this.checking = true;
      // The check logs its own failures; a failed check (a Redis blip) is no reason to cut anyone off.
      const allowed = await this.options.stillAllowed().catch(() => true);
      this.checking = false;
      if (!allowed) {
        this.close();
        return;
      }
    }
    this.write(': keep-alive\n\n');
  }

  /** A client that does not read: cut it off without waiting for what it was sent. */
  private drop(): void {
    this.waiting.length = 0;
    this.waitingBytes = 0;
    this.res.destroy();
    this.closed();
  }

  private closed(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.waiting.length = 0;
    this.waitingBytes = 0;
    this.options.slot.release();
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
