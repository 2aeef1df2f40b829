// End-to-end throughput of the web chat pipeline: the full service (fastify + zod, rate limit on
// Redis, session lookup, NLU, knowledge lookup, flow, Prisma/SQLite turn transaction, Redis lock
// and live events) driven over real loopback HTTP, next to a bare fastify route as the baseline.
//
//   npm run bench                       (defaults: 1,000 sessions, 5,000 measured messages)
//   BENCH_SESSIONS=200 BENCH_MESSAGES=2000 BENCH_WARMUP=100 BENCH_CONCURRENCY=32 npm run bench
//
// The last line is machine-readable:
//   bench: msgs_per_s=<n> p50_ms=<n> p99_ms=<n> rss_mb=<n> ratio=<n>
// Every response is checked; non-2xx answers, transport errors, malformed bodies and turns the
// engine could only answer through its fail-safe are counted and printed (exit code 1 if any).

import { rmSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import Fastify from 'fastify';
import { countingLogger } from './counting-logger.ts';
import { createApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/bench');
const DB_FILE = join(DATA_DIR, 'bench.db');
const LOOPBACK = '127.0.0.1';

const SESSIONS = intEnv('BENCH_SESSIONS', 1_000, 1, 100_000);
const MESSAGES = intEnv('BENCH_MESSAGES', 5_000, 1, 1_000_000);
const WARMUP = intEnv('BENCH_WARMUP', 200, 0, 100_000);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 32, 1, 1_024);
const PROGRESS_EVERY = 1_000;
/** BENCH_TRACE=1 prints every measured message and its replies for the first six conversations. */
const TRACE = process.env.BENCH_TRACE === '1';
const REQUEST_TIMEOUT_MS = 30_000;
/** Warm-up traffic goes to its own conversations so the measured ones start at their first line. */
const WARMUP_SESSIONS = Math.min(Math.max(CONCURRENCY, 1), Math.max(WARMUP, 1));

// ---- the conversations --------------------------------------------------------------------------

type Lang = 'en' | 'zh';

/** Per-conversation scripts; `{order}` becomes an order number unique to the conversation. */
const SCRIPTS: Record<Lang, string[][]> = {
  en: [
    [
      'Hi there',
      'How long does delivery take?',
      'My order {order} arrived damaged, the kettle lid is cracked and I am really annoyed',
      'The electric kettle',
      'The lid is cracked and it leaks when I pour',
      'A replacement please',
      'Yes, that is correct',
      'Thanks, bye',
    ],
    [
      'Hello',
      'Are your products genuine?',
      'Do you ship internationally?',
      'How much is shipping?',
      'Where is my package? Order number {order}',
      'Thank you!',
      'Goodbye',
    ],
    [
      'Good morning',
      'I was charged twice for order {order}, this is not acceptable',
      '$59.90',
      'I only bought one blender but two payments were taken from my card',
      'I want a refund',
      'Yes',
      'How long does a refund take?',
      'Thanks',
    ],
  ],
  zh: [
    [
      '你好',
      '发货要多久？',
      '我的订单{order}收到的电水壶盖子裂了，太让人生气了',
      '电水壶',
      '盖子裂了，倒水的时候会漏',
      '换货吧',
      '对，没错',
      '谢谢，再见',
    ],
    [
      '您好',
      '你们的产品是正品吗？',
      '可以寄到国外吗？',
      '运费多少钱？',
      '我的包裹到哪了？订单号{order}',
      '谢谢！',
      '再见',
    ],
    [
      '早上好',
      '订单{order}被重复扣款了两次，太过分了',
      '59.9元',
      '我只买了一台搅拌机，卡上却扣了两次钱',
      '我要退款',
      '是的',
      '退款要多久？',
      '谢谢',
    ],
  ],
};

interface Session {
  index: number;
  lang: Lang;
  script: string[];
  order: string;
  token: string;
  sent: number;
  /** Resolves when this conversation's previous message is answered: one in flight per conversation. */
  tail: Promise<void>;
  status?: string;
}

function messageText(session: Session): string {
  const line = session.script[session.sent % session.script.length] ?? 'Hello';
  return line.replaceAll('{order}', session.order);
}

// ---- HTTP client (node:http with a keep-alive agent; undici is not a dependency here) ------------

interface Reply {
  status: number;
  body: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });

function request(port: number, method: 'GET' | 'POST', path: string, payload: unknown, token?: string): Promise<Reply> {
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  const headers: http.OutgoingHttpHeaders = {};
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  if (token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: LOOPBACK, port, method, path, headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
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

// ---- bookkeeping of every answer ----------------------------------------------------------------

class Failures {
  readonly byKind = new Map<string, { count: number; sample: string }>();
  total = 0;

  add(kind: string, sample: string): void {
    this.total += 1;
    const entry = this.byKind.get(kind);
    if (entry) entry.count += 1;
    else this.byKind.set(kind, { count: 1, sample: sample.slice(0, 300) });
  }
}

const failures = new Failures();

/** Sends one request and checks it; returns the parsed body of a 2xx answer, undefined otherwise. */
async function call(phase: string, port: number, method: 'GET' | 'POST', path: string, payload: unknown, token?: string): Promise<{ json: unknown; ms: number } | undefined> {
  let reply: Reply;
  try {
    reply = await request(port, method, path, payload, token);
  } catch (error) {
    failures.add(`${phase}: transport error`, (error as Error).message);
    return undefined;
  }
  if (reply.status < 200 || reply.status > 299) {
    failures.add(`${phase}: HTTP ${reply.status}`, reply.body);
    return undefined;
  }
  try {
    return { json: JSON.parse(reply.body) as unknown, ms: reply.ms };
  } catch {
    failures.add(`${phase}: body is not JSON`, reply.body);
    return undefined;
  }
}


// ---- statistics -------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}

interface RunStats {
  count: number;
  ok: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function stats(latencies: number[], count: number, seconds: number): RunStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count,
    ok: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

// ---- load phases --------------------------------------------------------------------------------

/** Runs `total` jobs with at most `concurrency` in flight; job i is `work(i)`. */
async function pool(total: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
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

async function createSessions(port: number, count: number, offset: number): Promise<Session[]> {
  const sessions: (Session | undefined)[] = new Array<Session | undefined>(count);
  await pool(count, CONCURRENCY, async (i) => {
    const index = offset + i;
    const lang: Lang = index % 2 === 0 ? 'en' : 'zh';
    const scripts = SCRIPTS[lang];
    const script = scripts[Math.floor(index / 2) % scripts.length] ?? scripts[0] ?? [];
    const result = await call('create session', port, 'POST', '/api/webchat/sessions', { name: `Bench ${index}`, locale: lang });
    const token = (result?.json as { token?: unknown } | undefined)?.token;
    if (result && typeof token !== 'string') failures.add('create session: no token in the answer', JSON.stringify(result.json));
    if (typeof token !== 'string') return;
    sessions[i] = { index, lang, script, order: `SO${String(20_250_000_000 + index)}`, token, sent: 0, tail: Promise.resolve() };
  });
  return sessions.filter((s): s is Session => s !== undefined);
}

interface MessageRun {
  latencies: number[];
  seconds: number;
  replies: number;
  silentTurns: number;
}

/**
 * Sends `total` messages round-robin over the sessions, `CONCURRENCY` in flight, never two at once
 * for the same conversation (message k of a conversation waits for message k-1's answer).
 */
async function sendMessages(port: number, sessions: Session[], total: number, label: string, onProgress: boolean): Promise<MessageRun> {
  const latencies: number[] = [];
  let replies = 0;
  let silentTurns = 0;
  let done = 0;
  const started = performance.now();
  let lastReport = started;
  let lastDone = 0;
  await pool(total, CONCURRENCY, async (i) => {
    const session = sessions[i % sessions.length];
    if (!session) return;
    const previous = session.tail;
    let release = () => {};
    session.tail = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      const text = messageText(session);
      session.sent += 1;
      const result = await call(`${label} message`, port, 'POST', '/api/webchat/messages', { text, clientMessageId: `b${session.index}-${session.sent}` }, session.token);
      if (result) {
        const body = result.json as { replies?: unknown; conversation?: { status?: unknown } };
        if (!Array.isArray(body.replies) || typeof body.conversation?.status !== 'string') {
          failures.add(`${label} message: unexpected body`, JSON.stringify(body));
        } else {
          latencies.push(result.ms);
          replies += body.replies.length;
          if (body.replies.length === 0) silentTurns += 1;
          session.status = body.conversation.status;
          if (TRACE && onProgress && session.index < 6) {
            const texts = (body.replies as { text?: unknown }[]).map((r) => String(r.text).replaceAll('\n', ' / '));
            console.log(`    [${session.index} ${session.lang}] ${text}\n      → (${body.conversation.status}) ${texts.join(' | ')}`);
          }
        }
      }
    } finally {
      release();
    }
    done += 1;
    if (onProgress && (done % PROGRESS_EVERY === 0 || done === total)) {
      const now = performance.now();
      const recent = (done - lastDone) / ((now - lastReport) / 1000);
      lastReport = now;
      lastDone = done;
      console.log(`  ${label}: ${done}/${total} messages · ${((now - started) / 1000).toFixed(1)} s · ~${recent.toFixed(0)} msg/s recently · rss ${mb(process.memoryUsage().rss)} MB`);
    }
  });
  return { latencies, seconds: (performance.now() - started) / 1000, replies, silentTurns };
}

async function hammerBaseline(port: number, total: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(total, CONCURRENCY, async (i) => {
    const result = await call('baseline', port, 'POST', '/baseline', { text: 'How long does delivery take?', clientMessageId: `b${i}` });
    if (!result) return;
    if ((result.json as { ok?: unknown }).ok !== true) failures.add('baseline: unexpected body', JSON.stringify(result.json));
    else latencies.push(result.ms);
  });
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  sampler.unref();

  for (const file of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`]) rmSync(file, { force: true });
  // The embedded Redis keeps an append-only file per app port; start it empty too (models stay cached).
  rmSync(join(DATA_DIR, 'redis-0', 'appendonlydir'), { recursive: true, force: true });

  const config = loadConfig({
    DATABASE_URL: `file:${DB_FILE}`,
    DATA_DIR,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '10000000',
    // Every simulated customer comes from loopback: no per-address session limit in the benchmark.
    WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '10000000',
    PORT: '0',
    HOST: LOOPBACK,
    PROMPTS_DIR: join(ROOT, 'prompts'),
    POLICY_FILE: join(ROOT, 'config/policy.yaml'),
  });
  const logs = countingLogger();
  console.log(`bench: starting the service (SQLite ${DB_FILE}, embedded redis-server, data in ${DATA_DIR})…`);
  const bootStarted = performance.now();
  let app: App | undefined;
  const baseline = Fastify({ logger: false });
  try {
    app = await createApp(config, { logger: logs.logger });
    await app.server.listen({ port: 0, host: LOOPBACK });
    const appPort = portOf(app.server.server.address());
    baseline.post('/baseline', async () => ({ ok: true, replies: [{ id: 1, text: 'constant' }], conversation: { status: 'bot' } }));
    await baseline.listen({ port: 0, host: LOOPBACK });
    const basePort = portOf(baseline.server.address());
    const bootSeconds = (performance.now() - bootStarted) / 1000;
    console.log(`bench: service on ${LOOPBACK}:${appPort} (up in ${bootSeconds.toFixed(1)} s), baseline on ${LOOPBACK}:${basePort}; redis ${app.redisUrl}`);
    console.log(`bench: ${SESSIONS} sessions, ${MESSAGES} measured messages, ${WARMUP} warm-up messages, ${CONCURRENCY} in flight`);

    // 1. Sessions.
    const sessionStarted = performance.now();
    const sessions = await createSessions(appPort, SESSIONS, 0);
    const sessionSeconds = (performance.now() - sessionStarted) / 1000;
    console.log(`  sessions: ${sessions.length}/${SESSIONS} created in ${sessionSeconds.toFixed(2)} s (${(sessions.length / sessionSeconds).toFixed(0)}/s)`);
    if (sessions.length === 0) throw new Error('no session could be created; see the failures below');

    // 2. Warm-up (JIT, Prisma query plans, nlp.js caches), on conversations of its own.
    if (WARMUP > 0) {
      const warmSessions = await createSessions(appPort, WARMUP_SESSIONS, SESSIONS);
      const warm = await sendMessages(appPort, warmSessions, WARMUP, 'warm-up', false);
      console.log(`  warm-up: ${warm.latencies.length}/${WARMUP} messages in ${warm.seconds.toFixed(2)} s (not measured)`);
    }

    // 3. Measured pipeline run.
    const run = await sendMessages(appPort, sessions, MESSAGES, 'pipeline', true);
    const pipe = stats(run.latencies, MESSAGES, run.seconds);
    const rssAfterPipeline = peakRss;

    // 4. Baseline: same concurrency, same request count, after its own short warm-up.
    await hammerBaseline(basePort, Math.min(WARMUP, MESSAGES));
    const baseRun = await hammerBaseline(basePort, MESSAGES);
    const base = stats(baseRun.latencies, MESSAGES, baseRun.seconds);
    console.log(`  baseline: ${base.ok}/${MESSAGES} requests in ${base.seconds.toFixed(2)} s`);

    const statuses = new Map<string, number>();
    for (const s of sessions) statuses.set(s.status ?? '(no answer)', (statuses.get(s.status ?? '(no answer)') ?? 0) + 1);
    const ratio = base.perSecond > 0 ? pipe.perSecond / base.perSecond : 0;

    console.log('');
    console.table({
      'pipeline (POST /api/webchat/messages)': row(pipe),
      'baseline (bare fastify POST)': row(base),
    });
    console.log(`  replies per message: ${(run.replies / Math.max(1, run.latencies.length)).toFixed(2)} · turns with no reply: ${run.silentTurns}`);
    console.log(`  conversation status at the end: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    console.log(`  peak RSS (bench process, app in-process): ${mb(peakRss)} MB (after the pipeline phase: ${mb(rssAfterPipeline)} MB)`);
    console.log(`  ratio pipeline ÷ baseline: ${ratio.toFixed(4)}`);
    console.log(`  targets: ≥1000 msg/s ${pipe.perSecond >= 1000 ? 'met' : 'MISSED'} · p99 <50 ms ${pipe.p99 < 50 ? 'met' : 'MISSED'} · RSS <250 MB ${peakRss / 1024 / 1024 < 250 ? 'met' : 'MISSED'}`);

    if (logs.seen.size > 0) {
      console.log('  the app logged warnings/errors:');
      for (const [msg, count] of logs.seen) console.log(`    ${count}× ${msg}`);
    }
    if (failures.total > 0) {
      console.log(`  FAILED requests: ${failures.total}`);
      for (const [kind, { count, sample }] of failures.byKind) console.log(`    ${count}× ${kind} — e.g. ${sample}`);
    } else {
      console.log('  failed requests: 0 (every answer was 2xx with the expected body)');
    }
    const failed = failures.total > 0 || [...logs.seen.keys()].length > 0;
    await closeAll(app, baseline);
    app = undefined;
    console.log(`bench: msgs_per_s=${round2(pipe.perSecond)} p50_ms=${round2(pipe.p50)} p99_ms=${round2(pipe.p99)} rss_mb=${round2(peakRss / 1024 / 1024)} ratio=${round2(ratio)}`);
    return failed ? 1 : 0;
  } finally {
    clearInterval(sampler);
    if (app) await closeAll(app, baseline);
  }
}

function row(s: RunStats) {
  return {
    requests: s.count,
    ok: s.ok,
    seconds: round2(s.seconds),
    'per s': round2(s.perSecond),
    'p50 ms': round2(s.p50),
    'p90 ms': round2(s.p90),
    'p99 ms': round2(s.p99),
    'max ms': round2(s.max),
  };
}

async function closeAll(app: App, baseline: ReturnType<typeof Fastify>): Promise<void> {
  agent.destroy();
  await baseline.close();
  await app.close();
}

function portOf(address: ReturnType<http.Server['address']>): number {
  if (typeof address === 'object' && address) return address.port;
  throw new Error(`unexpected listen address ${String(address)}`);
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error('bench failed:', error);
  if (failures.total > 0) for (const [kind, { count, sample }] of failures.byKind) console.error(`  ${count}× ${kind} — e.g. ${sample}`);
  process.exitCode = 1;
}
