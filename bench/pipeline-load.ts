// The load phases of the pipeline benchmark: start web chat sessions, send their scripted messages
// with a fixed number in flight (never two at once for one conversation), and hammer the baseline.
// With several app instances a conversation's messages alternate between them: message k of
// conversation i goes to instance (i + k) % N, so each instance gets the same share.

import type { LoadClient } from './load-client.ts';
import { scriptFor, scriptLine, type Lang, type Load } from './pipeline-scripts.ts';
import type { TimedRequest } from './slow-requests.ts';

/** One customer message as sent, and what its POST answered (for the order check). */
export interface SentMessage {
  clientMessageId: string;
  instance: number;
  /** The ids of the replies the POST returned; undefined when it got no valid answer. */
  replyIds: number[] | undefined;
}

export interface Session {
  index: number;
  lang: Lang;
  script: string[];
  order: string;
  token: string;
  sent: SentMessage[];
  /** Resolves when this conversation's previous message is answered: one in flight per conversation. */
  tail: Promise<void>;
  status?: string;
}

export interface MessageRun {
  latencies: number[];
  /** The same latencies, by the instance that answered. */
  latenciesByInstance: number[][];
  /** The same answers with when they were sent and their place in the conversation (see slow-requests.ts). */
  requests: TimedRequest[];
  seconds: number;
  replies: number;
  silentTurns: number;
}

export interface LoadOptions {
  client: LoadClient;
  /** The app instances' ports. */
  ports: number[];
  concurrency: number;
  /** Which conversations the sessions play (pipeline-scripts.ts). */
  load: Load;
}

/** Runs `total` jobs with at most `concurrency` in flight; job i is `work(i)`. */
export async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next;
      next += 1;
      await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}

/** Starts `count` sessions numbered from `offset`; session i on instance i % N. */
export async function createSessions({ client, ports, concurrency, load }: LoadOptions, count: number, offset: number): Promise<Session[]> {
  const sessions = new Array<Session | undefined>(count);
  await pool(count, concurrency, async (i) => {
    const index = offset + i;
    const { lang, script } = scriptFor(index, load);
    const port = ports[index % ports.length] ?? 0;
    const result = await client.call('create session', port, 'POST', '/api/webchat/sessions', { name: `Bench ${index}`, locale: lang });
    const token = (result?.json as { token?: unknown } | undefined)?.token;
    if (result && typeof token !== 'string') client.failures.add('create session: no token in the answer', JSON.stringify(result.json));
    if (typeof token !== 'string') return;
    sessions[i] = { index, lang, script, order: `SO${String(20_250_000_000 + index)}`, token, sent: [], tail: Promise.resolve() };
  });
  return sessions.filter((s): s is Session => s !== undefined);
}

export interface SendOptions {
  label: string;
  /** Called after every message with the count done so far. */
  onDone?: (done: number) => Promise<void>;
  /** Prints every message and its replies for the first six conversations. */
  trace?: boolean;
}

/**
 * Sends `total` messages round-robin over the sessions, `concurrency` in flight, never two at once
 * for the same conversation (message k of a conversation waits for message k-1's answer).
 */
export async function sendMessages(load: LoadOptions, sessions: Session[], total: number, options: SendOptions): Promise<MessageRun> {
  const run: MessageRun = { latencies: [], latenciesByInstance: load.ports.map(() => []), requests: [], seconds: 0, replies: 0, silentTurns: 0 };
  let done = 0;
  const started = performance.now();
  await pool(total, load.concurrency, async (i) => {
    const session = sessions[i % sessions.length];
    if (!session) return;
    const previous = session.tail;
    let release = () => {};
    session.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      await sendOne(load, session, run, options, started);
    } finally {
      release();
    }
    done += 1;
    await options.onDone?.(done);
  });
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** `runStarted`: performance.now() when the run began. */
async function sendOne({ client, ports }: LoadOptions, session: Session, run: MessageRun, options: SendOptions, runStarted: number): Promise<void> {
  const k = session.sent.length;
  const instance = (session.index + k) % ports.length;
  const text = scriptLine(session.script, k, session.order);
  const sent: SentMessage = { clientMessageId: `b${session.index}-${k + 1}`, instance, replyIds: undefined };
  session.sent.push(sent);
  const phase = `${options.label} message`;
  const sentAt = performance.now();
  const result = await client.call(phase, ports[instance] ?? 0, 'POST', '/api/webchat/messages', { text, clientMessageId: sent.clientMessageId }, session.token);
  if (!result) return;
  const body = result.json as { replies?: { id?: unknown; text?: unknown }[]; conversation?: { status?: unknown } };
  const replies = body.replies;
  if (!Array.isArray(replies) || typeof body.conversation?.status !== 'string' || !replies.every((r) => Number.isInteger(r.id))) {
    client.failures.add(`${phase}: unexpected body`, JSON.stringify(body));
    return;
  }
  sent.replyIds = replies.map((r) => r.id as number);
  run.latencies.push(result.ms);
  run.latenciesByInstance[instance]?.push(result.ms);
  run.requests.push({ sentAtMs: sentAt - runStarted, ms: result.ms, place: k });
  run.replies += replies.length;
  if (replies.length === 0) run.silentTurns += 1;
  session.status = body.conversation.status;
  if (options.trace && session.index < 6) {
    const texts = replies.map((r) => String(r.text).replaceAll('\n', ' / '));
    console.log(`    [${session.index} ${session.lang} → instance ${instance + 1}] ${text}\n      → (${session.status}) ${texts.join(' | ')}`);
  }
}

/** `total` POSTs to the bare baseline route; returns the latencies of the good answers. */
export async function hammerBaseline(client: LoadClient, port: number, total: number, concurrency: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(total, concurrency, async (i) => {
    const result = await client.call('baseline', port, 'POST', '/baseline', { text: 'How long does delivery take?', clientMessageId: `b${i}` });
    if (!result) return;
    if ((result.json as { ok?: unknown }).ok !== true) client.failures.add('baseline: unexpected body', JSON.stringify(result.json));
    else latencies.push(result.ms);
  });
  return { latencies, seconds: (performance.now() - started) / 1000 };
}
