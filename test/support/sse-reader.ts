// Reads a Server-Sent Events stream (the web chat's /api/webchat/events, the console's
// /api/staff/events) in a test and waits for what a browser would have seen, without sleeping.

export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private buffer = '';
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  /**
   * Opens the stream and waits for its first `ready` event (the web chat's first `status`, the
   * console's `ready`): from then on nothing is missed. `cookie` signs a staff member in.
   */
  static async open(url: string, options: { cookie?: string; ready?: string } = {}): Promise<SseReader> {
    const sse = new SseReader();
    const response = await fetch(url, { signal: sse.controller.signal, ...(options.cookie ? { headers: { cookie: options.cookie } } : {}) });
    if (!response.ok || !response.body) throw new Error(`SSE ${url}: ${response.status}`);
    sse.reader = response.body.getReader();
    const ready = options.ready ?? 'status';
    await sse.waitFor((e) => e.event === ready);
    return sse;
  }

  /** Resolves with the first event (seen or still to come) that matches. */
  async waitFor(matches: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching SSE event within ${timeoutMs} ms; saw ${JSON.stringify(this.events)}`);
      const { value, done } = await this.reader!.read();
      if (done) throw new Error('the SSE stream ended');
      this.buffer += new TextDecoder().decode(value);
      let end: number;
      while ((end = this.buffer.indexOf('\n\n')) >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) this.events.push({ event, data: JSON.parse(data) as unknown });
      }
    }
  }

  /** Resolves once the server ends the stream, keeping the events seen before; throws if it stays open past the timeout. */
  async ended(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const timer = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), Math.max(0, deadline - Date.now())).unref());
      const next = await Promise.race([this.reader!.read(), timer]);
      if (next === 'open') throw new Error(`the SSE stream is still open after ${timeoutMs} ms; saw ${JSON.stringify(this.events)}`);
      if (next.done) return;
      this.buffer += new TextDecoder().decode(next.value);
    }
  }

  close(): void {
    this.controller.abort();
  }
}
