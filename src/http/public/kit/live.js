// @ts-check
// A live event stream (Server-Sent Events) that stays up: named events parsed as JSON, a state
// callback for the page's "live" indicator, and a reconnect with growing pauses once the browser
// has given the stream up. Where the server numbers its events (src/http/sse-stream.ts), a
// reconnect resumes after the last one seen: the browser sends Last-Event-ID on its own retries,
// and a fresh connection carries it in the query (`resumeParam`).

/** @typedef {'connecting' | 'on' | 'off'} LiveState */

/**
 * The pause before reconnect attempt `attempt` (0 for the first): doubling from `minMs`, capped at `maxMs`.
 * @param {number} attempt
 * @param {{ minMs?: number, maxMs?: number }} [limits]
 */
export function backoffDelay(attempt, { minMs = 1000, maxMs = 30_000 } = {}) {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, attempt));
}

/**
 * `url` with `param=<lastId>` set when an event id was seen; the same url otherwise.
 * @param {string} url
 * @param {string | undefined} param
 * @param {string} lastId
 */
export function resumeUrl(url, param, lastId) {
  if (!param || !lastId) return url;
  const [path, query = ''] = url.split('?', 2);
  const params = new URLSearchParams(query);
  params.set(param, lastId);
  return `${path}?${params}`;
}

/**
 * @typedef {object} LiveOptions
 * @property {string | (() => Promise<string>)} url the stream's address, or a function that gets one (e.g. with a fresh ticket)
 * @property {Record<string, (data: any) => void>} events handlers by event name, given the parsed data
 * @property {(state: LiveState) => void} [onState] the indicator: 'on' once ready, 'off' while down
 * @property {string} [readyEvent] the event that means "subscribed" (default: the connection opening)
 * @property {() => Promise<boolean>} [beforeReconnect] asked before a fresh connection; false stops for good (e.g. signed out)
 * @property {string} [resumeParam] the query parameter that carries the last event id on a fresh connection
 * @property {boolean} [retryWithFreshUrl] the address works once (a one-use ticket): after any error reconnect through `url` (with the back-off) instead of letting the browser retry the spent address
 * @property {{ minMs?: number, maxMs?: number }} [backoff]
 */

/**
 * Opens the stream and keeps it open until close().
 * @param {LiveOptions} options
 * @returns {{ close(): void }}
 */
export function connectLive(options) {
  /** @type {EventSource | null} */
  let source = null;
  let closed = false;
  let attempt = 0;
  let lastId = '';
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const setState = (/** @type {LiveState} */ state) => options.onState?.(state);

  const ready = () => {
    attempt = 0;
    setState('on');
  };

  async function open() {
    if (closed) return;
    setState('connecting');
    let url;
    try {
      url = typeof options.url === 'string' ? options.url : await options.url();
    } catch {
      retryLater();
      return;
    }
    if (closed) return;
    const stream = new EventSource(resumeUrl(url, options.resumeParam, lastId));
    source = stream;
    if (!options.readyEvent) stream.addEventListener('open', ready);
    else stream.addEventListener(options.readyEvent, ready);
    for (const [name, handle] of Object.entries(options.events)) {
      stream.addEventListener(name, (event) => {
        const message = /** @type {MessageEvent} */ (event);
        if (message.lastEventId) lastId = message.lastEventId;
        let data;
        try {
          data = JSON.parse(message.data);
        } catch {
          return; // not ours to show
        }
        handle(data);
      });
    }
    stream.addEventListener('error', () => {
      if (source !== stream) return;
      setState('off');
      // CONNECTING: the browser retries by itself (sending Last-Event-ID). CLOSED: it gave up.
      if (options.retryWithFreshUrl || stream.readyState === EventSource.CLOSED) retryLater();
    });
  }

  function retryLater() {
    source?.close();
    source = null;
    setState('off');
    clearTimeout(timer);
    timer = setTimeout(
      async () => {
        if (closed) return;
        const go = options.beforeReconnect ? await options.beforeReconnect().catch(() => true) : true;
        if (!go || closed) return;
        void open();
      },
      backoffDelay(attempt++, options.backoff),
    );
  }

  void open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
      source = null;
    },
  };
}
