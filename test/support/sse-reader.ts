// Reads a Server-Sent Events stream (the web chat's /api/webchat/events) in a test and waits for
// what a browser would have seen, without sleeping.

export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseReader {
  readonly events: SseEvent[] = [];
  private readonly controller = new AbortController();
  private buffer = '';
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  static async open(url: string): Promise<SseReader> {
    const sse = new SseReader();
    const response = await fetch(url, { signal: sse.controller.signal });
    if (!response.ok || !response.body) throw new Error(`SSE ${url}: ${response.status}`);
    sse.reader = response.body.getReader();
    // The stream sends a status event once it is subscribed; from then on nothing is missed.
    await sse.waitFor((e) => e.event === 'status');
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

  close(): void {
    this.controller.abort();
  }
}
