// End-to-end throughput of the web chat pipeline, measured the way an outside load test does: the
// service (fastify + zod, rate limit on Redis, session lookup, NLU, knowledge lookup, flow, the turn's
// transaction, Redis lock and live events, follow-up jobs running in process — default settings) runs
// in processes of its own (bench/app-process.ts), the bare fastify baseline in another
// (bench/baseline-process.ts), both compiled into dist/ as `npm start` runs the service, and this
// process only generates the load over loopback HTTP and reports.
//
//   npm run bench                       (defaults: SQLite, 1 instance, 1,000 sessions, 5,000 measured messages)
//   BENCH_SESSIONS=200 BENCH_MESSAGES=2000 BENCH_WARMUP=100 BENCH_CONCURRENCY=32 npm run bench
//   BENCH_LOAD=questions                questions and small talk only (default mixed: complaints too; see pipeline-scripts.ts)
//   BENCH_TRACE=1                       prints every measured message and its replies for six conversations
//   BENCH_DATABASE=postgres             a throwaway PostgreSQL cluster (initdb in a temp folder, fsync=off as in
//                                       the tests; removed after)
//   BENCH_DATABASE_URL=postgres://…     that database; its schema `public` is DROPPED and created again first
//   BENCH_INSTANCES=2                   two app processes on one PostgreSQL and one Redis; a conversation's
//                                       messages alternate between them (PostgreSQL only)
//   DATABASE_POOL_SIZE=10               passed on to the apps (PostgreSQL connections per pool)
//   NLU_THREAD=true                     passed on to the apps (the NLU parses on a worker thread)
//   LOG_LEVEL=warn                      passed on to the apps (default info, as npm start's: a line per request,
//                                       written to /dev/null; warnings and errors are counted whatever the level)
//   BENCH_JOBS_IN_PROCESS=false         the apps without the follow-up jobs (default: with them, as deployed)
//   BENCH_NODE_FLAGS="--flag …"          node flags of the apps instead of npm start's (src/app-node-flags.ts, with its
//                                       MALLOC_ARENA_MAX); empty: none
//   BENCH_CPU_PROFILE=/tmp/prof         each app writes a V8 CPU profile of the measured phase there;
//                                       then: npx tsx bench/profile-summary.ts /tmp/prof/app-<pid>.cpuprofile
//
// The first lines name the machine (CPU, memory, node, load average) and the database: quote the
// figures with them. Every answer is checked; non-2xx answers, transport errors, malformed bodies
// and warnings or errors the app logged are counted and printed. Afterwards every conversation's
// history is read back and checked: customer messages in the order sent, none lost or duplicated,
// each followed by its replies. Any of these fails the run (exit code 1). The last line is
// machine-readable (rss = the app process's peak resident set; with several instances, the largest):
//   bench: msgs_per_s=<n> p50_ms=<n> p99_ms=<n> rss_mb=<n> ratio=<n>

import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppProcessSettings } from './app-process.ts';
import { BenchEnvError, choiceEnv, flagEnv, intEnv, nodeFlagsEnv, postgresUrlEnv } from './bench-env.ts';
import { prepareDatabase, type BenchDatabase, type DatabaseChoice } from './bench-database.ts';
import type { ProcessStats } from './child-protocol.ts';
import { round2, runStats, tableRow, type RunStats } from './latency-stats.ts';
import { describeSlowRequests } from './slow-requests.ts';
import { LOADS, type Load } from './pipeline-scripts.ts';
import { LoadClient } from './load-client.ts';
import { describeMachine } from './machine.ts';
import { checkOrder, type OrderReport } from './order-check.ts';
import { createSessions, hammerBaseline, sendMessages, type LoadOptions, type MessageRun, type Session } from './pipeline-load.ts';
import { releaseOnInterrupt, RunResources } from './run-resources.ts';
import { ServerProcess } from './server-process.ts';
import { APP_NODE_FLAGS, APP_PROCESS_ENV } from '../src/app-node-flags.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/bench');
const LOOPBACK = '127.0.0.1';
const PROGRESS_EVERY = 1_000;

const TARGET_PER_S = 1_000;
const TARGET_P99_MS = 50;
const TARGET_RSS_MB = 250;

interface Settings {
  sessions: number;
  messages: number;
  warmup: number;
  concurrency: number;
  trace: boolean;
  load: Load;
  instances: number;
  database: DatabaseChoice;
  profileDir: string | undefined;
  /** Node flags of the app processes: `npm start`'s (APP_NODE_FLAGS) unless BENCH_NODE_FLAGS says otherwise. */
  nodeFlags: readonly string[];
  /** What `npm start` sets in the app's environment (APP_PROCESS_ENV), unless BENCH_NODE_FLAGS is set (then nothing). */
  processEnv: Readonly<Record<string, string>>;
}

function readSettings(): Settings {
  const databaseUrl = postgresUrlEnv('BENCH_DATABASE_URL');
  const kind = choiceEnv('BENCH_DATABASE', ['sqlite', 'postgres'], databaseUrl ? 'postgres' : 'sqlite');
  if (databaseUrl && kind === 'sqlite') throw new BenchEnvError('BENCH_DATABASE=sqlite and BENCH_DATABASE_URL are both set: unset one of them');
  const database: DatabaseChoice = databaseUrl
    ? { kind: 'postgres-url', url: databaseUrl }
    : kind === 'postgres'
      ? { kind: 'postgres-throwaway' }
      : { kind: 'sqlite', file: join(DATA_DIR, 'bench.db') };
  const instances = intEnv('BENCH_INSTANCES', 1, 1, 8);
  if (instances > 1 && database.kind === 'sqlite') {
    throw new BenchEnvError(
      `BENCH_INSTANCES=${instances} needs PostgreSQL (instances share one database; SQLite is one file on one machine): add BENCH_DATABASE=postgres or BENCH_DATABASE_URL=postgres://…`,
    );
  }
  const profileDir = process.env.BENCH_CPU_PROFILE ? resolve(process.env.BENCH_CPU_PROFILE) : undefined;
  return {
    sessions: intEnv('BENCH_SESSIONS', 1_000, 1, 100_000),
    messages: intEnv('BENCH_MESSAGES', 5_000, 1, 1_000_000),
    warmup: intEnv('BENCH_WARMUP', 200, 0, 100_000),
    concurrency: intEnv('BENCH_CONCURRENCY', 32, 1, 1_024),
    trace: flagEnv('BENCH_TRACE'),
    load: choiceEnv('BENCH_LOAD', LOADS, 'mixed'),
    instances,
    database,
    profileDir,
    nodeFlags: nodeFlagsEnv('BENCH_NODE_FLAGS', APP_NODE_FLAGS),
    processEnv: process.env.BENCH_NODE_FLAGS === undefined ? APP_PROCESS_ENV : {},
  };
}

// ---- the server processes -----------------------------------------------------------------------

/** The app's settings: defaults, except that every simulated customer comes from loopback (no per-address limits). */
function appEnvironment(databaseUrl: string, redisUrl: string | undefined): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    // PostgreSQL connections per pool in each app (the service's default unless set).
    ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
    // The NLU on a thread of its own (the service's default unless set).
    ...(process.env.NLU_THREAD ? { NLU_THREAD: process.env.NLU_THREAD } : {}),
    DATA_DIR,
    // The service's log level (info unless set): its lines go to /dev/null, as npm start's go to stdout.
    ...(process.env.LOG_LEVEL ? { LOG_LEVEL: process.env.LOG_LEVEL } : {}),
    RATE_LIMIT_PER_MINUTE: '10000000',
    WEBCHAT_SESSIONS_PER_IP_PER_HOUR: '10000000',
    PORT: '0',
    HOST: LOOPBACK,
    PROMPTS_DIR: join(ROOT, 'prompts'),
    POLICY_FILE: join(ROOT, 'config/policy.yaml'),
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    // BENCH_JOBS_IN_PROCESS=false: the same run without the follow-up jobs, to see what they cost the chat path.
    ...(process.env.BENCH_JOBS_IN_PROCESS ? { JOBS_IN_PROCESS: process.env.BENCH_JOBS_IN_PROCESS } : {}),
  };
}

/**
 * Starts the instances one after another: the first starts the embedded redis-server (default
 * settings), the others use it through REDIS_URL, like N copies of one deployment.
 */
async function startApps(settings: Settings, database: BenchDatabase, resources: RunResources): Promise<ServerProcess[]> {
  const apps: ServerProcess[] = [];
  let redisUrl: string | undefined;
  for (let i = 0; i < settings.instances; i += 1) {
    const redisName = `bench-${i + 1}`;
    // The embedded Redis keeps an append-only file; start it empty too (the trained models stay cached).
    if (!redisUrl) rmSync(join(DATA_DIR, `redis-${redisName}`, 'appendonlydir'), { recursive: true, force: true });
    const appSettings: AppProcessSettings = { env: appEnvironment(database.url, redisUrl), redisName, ...(settings.profileDir ? { profileDir: settings.profileDir } : {}) };
    const app = resources.track(
      new ServerProcess(`app ${i + 1}`, join(ROOT, 'dist/bench/app-process.js'), [JSON.stringify(appSettings)], ROOT, { nodeFlags: settings.nodeFlags, env: settings.processEnv }),
    );
    const ready = await app.started();
    redisUrl ??= ready.redisUrl;
    const flags = [...Object.entries(settings.processEnv).map(([name, value]) => `${name}=${value}`), ...settings.nodeFlags].join(' ') || 'no node flags';
    console.log(`bench: app ${i + 1} (pid ${app.pid ?? '?'}) on ${LOOPBACK}:${ready.port}: ${ready.details ?? ''}; ${flags}; redis ${ready.redisUrl ?? '?'}`);
    apps.push(app);
  }
  return apps;
}

async function startBaseline(resources: RunResources): Promise<ServerProcess> {
  const baseline = resources.track(new ServerProcess('baseline', join(ROOT, 'dist/bench/baseline-process.js'), [], ROOT));
  const ready = await baseline.started();
  console.log(`bench: baseline (pid ${baseline.pid ?? '?'}) on ${LOOPBACK}:${ready.port}: ${ready.details ?? ''}`);
  return baseline;
}

const statsOf = (apps: ServerProcess[]) => Promise.all(apps.map((app) => app.ask('stats')));

// ---- the run --------------------------------------------------------------------------------------

interface Measured {
  run: MessageRun;
  pipe: RunStats;
  before: ProcessStats[];
  after: ProcessStats[];
  loadCpuMs: number;
  profiles: string[];
}

async function runMeasured(settings: Settings, load: LoadOptions, apps: ServerProcess[], sessions: Session[]): Promise<Measured> {
  const progress = progressPrinter('pipeline', settings.messages, apps);
  const before = await statsOf(apps);
  const profiling = await Promise.all(apps.map((app) => app.ask('phase-start')));
  const loadCpu = process.cpuUsage();
  const run = await sendMessages(load, sessions, settings.messages, { label: 'pipeline', trace: settings.trace, onDone: progress });
  const loadCpuUsed = process.cpuUsage(loadCpu);
  const profiles = profiling.some(Boolean) ? (await Promise.all(apps.map((app) => app.ask('profile-stop')))).filter((f): f is string => f !== null) : [];
  const after = await statsOf(apps);
  return { run, pipe: runStats(run.latencies, settings.messages, run.seconds), before, after, loadCpuMs: (loadCpuUsed.user + loadCpuUsed.system) / 1000, profiles };
}

/** Prints a progress line every PROGRESS_EVERY messages and at the end, with the apps' rss. */
function progressPrinter(label: string, total: number, apps: ServerProcess[]) {
  const started = performance.now();
  let lastAt = started;
  let lastDone = 0;
  return async (done: number): Promise<void> => {
    if (done % PROGRESS_EVERY !== 0 && done !== total) return;
    const now = performance.now();
    const recent = (done - lastDone) / ((now - lastAt) / 1000);
    lastAt = now;
    lastDone = done;
    const rss = (await statsOf(apps)).map((s) => mb(s.rssBytes)).join(' + ');
    console.log(`  ${label}: ${done}/${total} messages · ${((now - started) / 1000).toFixed(1)} s · ~${recent.toFixed(0)} msg/s recently · app rss ${rss} MB`);
  };
}

async function runBaseline(settings: Settings, client: LoadClient, baseline: ServerProcess): Promise<RunStats> {
  // Same concurrency and request count as the pipeline, after a short warm-up of its own.
  await hammerBaseline(client, baseline.port, Math.min(settings.warmup, settings.messages), settings.concurrency);
  const run = await hammerBaseline(client, baseline.port, settings.messages, settings.concurrency);
  const base = runStats(run.latencies, settings.messages, run.seconds);
  console.log(`  baseline: ${base.ok}/${settings.messages} requests in ${base.seconds.toFixed(2)} s`);
  return base;
}

// ---- the report -----------------------------------------------------------------------------------

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const cpuMs = (s: ProcessStats) => s.cpuUserMs + s.cpuSystemMs;

function printResults(settings: Settings, measured: Measured, base: RunStats, finals: ProcessStats[], liveHeaps: number[], baselineStats: ProcessStats, sessions: Session[]): void {
  const { run, pipe } = measured;
  const rows: Record<string, ReturnType<typeof tableRow>> = { 'pipeline (POST /api/webchat/messages)': tableRow(pipe) };
  if (settings.instances > 1) {
    run.latenciesByInstance.forEach((latencies, i) => (rows[`  of which app ${i + 1}`] = tableRow(runStats(latencies, latencies.length, run.seconds))));
  }
  rows['baseline (bare fastify POST)'] = tableRow(base);
  console.log('');
  console.table(rows);
  const statuses = new Map<string, number>();
  for (const s of sessions) statuses.set(s.status ?? '(no answer)', (statuses.get(s.status ?? '(no answer)') ?? 0) + 1);
  for (const line of describeSlowRequests(run.requests, pipe.p99)) console.log(line);
  console.log(`  replies per message: ${(run.replies / Math.max(1, run.latencies.length)).toFixed(2)} · turns with no reply: ${run.silentTurns}`);
  console.log(`  conversation status at the end: ${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')}`);
  finals.forEach((s, i) => {
    const cpu = cpuMs(measured.after[i] ?? s) - cpuMs(measured.before[i] ?? s);
    const answered = run.latenciesByInstance[i]?.length ?? 0;
    const perMessage = answered > 0 ? `${(cpu / answered).toFixed(2)} ms per answered message` : 'no message answered';
    const delay = (measured.after[i] ?? s).eventLoopDelayMs;
    console.log(`  app ${i + 1} (pid ${s.pid}): event loop delay in the measured phase p50 ${delay.p50.toFixed(1)} ms, p99 ${delay.p99.toFixed(1)} ms, max ${delay.max.toFixed(1)} ms`);
    console.log(
      `  app ${i + 1} (pid ${s.pid}): peak RSS ${mb(s.maxRssBytes)} MB (sampled peak ${mb(s.sampledPeakRssBytes)} MB; now ${mb(s.rssBytes)} MB, V8 heap ${mb(s.heapUsedBytes)} of ${mb(s.heapTotalBytes)} MB, ${mb(liveHeaps[i] ?? 0)} MB live after a full GC, external ${mb(s.externalBytes)} MB) · CPU in the measured phase ${(cpu / 1000).toFixed(1)} s = ${perMessage}, ${(cpu / 1000 / run.seconds).toFixed(2)} cores busy`,
    );
  });
  console.log(`  load generator (this process): CPU in the measured phase ${(measured.loadCpuMs / 1000).toFixed(1)} s = ${(measured.loadCpuMs / 1000 / run.seconds).toFixed(2)} cores busy`);
  console.log(`  baseline process: peak RSS ${mb(baselineStats.maxRssBytes)} MB`);
  // Other work on the machine moves every figure: the load at the end says whether there was any.
  console.log(
    `  load average at the end: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')} (${cpus().length} cores)`,
  );
}

function printTargets(pipe: RunStats, peakRssBytes: number, ratio: number, instances: number): void {
  const mark = (met: boolean) => (met ? 'met' : 'MISSED');
  console.log(`  ratio pipeline ÷ baseline: ${ratio.toFixed(4)}`);
  if (instances === 1) {
    console.log(
      `  targets: ≥${TARGET_PER_S} msg/s ${mark(pipe.perSecond >= TARGET_PER_S)} · p99 <${TARGET_P99_MS} ms ${mark(pipe.p99 < TARGET_P99_MS)} · RSS <${TARGET_RSS_MB} MB ${mark(peakRssBytes / 1024 / 1024 < TARGET_RSS_MB)}`,
    );
  } else {
    console.log(`  target (${instances} instances, combined): ≥600 msg/s ${mark(pipe.perSecond >= 600)} · RSS <${TARGET_RSS_MB} MB each ${mark(peakRssBytes / 1024 / 1024 < TARGET_RSS_MB)}`);
  }
}

function orderViolations(order: OrderReport): number {
  return order.lost + order.duplicated + order.outOfOrder + order.unknown + order.unreadable;
}

function printOrder(order: OrderReport): void {
  console.log(`order: conversations=${order.conversations} in_order=${order.inOrder} lost=${order.lost} duplicated=${order.duplicated} out_of_order=${order.outOfOrder}`);
  if (order.unknown > 0) console.log(`  customer messages the bench never sent: ${order.unknown}`);
  if (order.unreadable > 0) console.log(`  conversations whose history could not be read: ${order.unreadable}`);
  if (order.others > 0) console.log(`  other messages in the histories (follow-ups, notices; not checked): ${order.others}`);
  for (const sample of order.samples) console.log(`    e.g. ${sample}`);
}

/** Prints what went wrong; returns whether anything did. */
function printProblems(client: LoadClient, finals: ProcessStats[], order: OrderReport): boolean {
  const logged = new Map<string, number>();
  finals.forEach((s, i) => s.logged.forEach(([message, count]) => logged.set(`app ${i + 1}: ${message}`, count)));
  if (logged.size > 0) {
    console.log('  the app logged warnings/errors:');
    for (const [message, count] of logged) console.log(`    ${count}× ${message}`);
  }
  if (client.failures.total > 0) {
    console.log(`  FAILED requests: ${client.failures.total}`);
    client.failures.print(console.log);
  } else {
    console.log('  failed requests: 0 (every answer was 2xx with the expected body)');
  }
  return client.failures.total > 0 || logged.size > 0 || orderViolations(order) > 0;
}

// ---- main ---------------------------------------------------------------------------------------

async function main(settings: Settings, client: LoadClient, resources: RunResources): Promise<number> {
  console.log(`bench: machine ${describeMachine()}`);
  const database = await prepareDatabase(settings.database, resources);
  console.log(`bench: database ${database.description}`);
  const apps = await startApps(settings, database, resources);
  const baseline = await startBaseline(resources);
  console.log(
    `bench: ${settings.sessions} sessions (${settings.load === 'mixed' ? 'mixed load: questions, small talk and complaints' : 'questions and small talk'}), ${settings.messages} measured messages, ${settings.warmup} warm-up messages, ${settings.concurrency} in flight, ${settings.instances} app instance(s)`,
  );

  const load: LoadOptions = { client, ports: apps.map((app) => app.port), concurrency: settings.concurrency, load: settings.load };

  // 1. Sessions.
  const sessionStarted = performance.now();
  const sessions = await createSessions(load, settings.sessions, 0);
  const sessionSeconds = (performance.now() - sessionStarted) / 1000;
  console.log(`  sessions: ${sessions.length}/${settings.sessions} created in ${sessionSeconds.toFixed(2)} s (${(sessions.length / sessionSeconds).toFixed(0)}/s)`);
  if (sessions.length === 0) throw new Error('no session could be created; see the failures below');

  // 2. Warm-up (JIT, query plans, nlp.js caches), on conversations of its own so the measured ones start at their first line.
  const warmSessions: Session[] = [];
  if (settings.warmup > 0) {
    warmSessions.push(...(await createSessions(load, Math.min(settings.concurrency, settings.warmup), settings.sessions)));
    const warm = await sendMessages(load, warmSessions, settings.warmup, { label: 'warm-up' });
    console.log(`  warm-up: ${warm.latencies.length}/${settings.warmup} messages in ${warm.seconds.toFixed(2)} s (not measured)`);
  }

  // 3. The measured run.
  const measured = await runMeasured(settings, load, apps, sessions);
  for (const file of measured.profiles) console.log(`  CPU profile of the measured phase: ${file}\n    summary: npx tsx bench/profile-summary.ts ${file}`);

  // 4. Every conversation read back and checked.
  const order = await checkOrder(load, [...sessions, ...warmSessions]);

  // 5. The baseline, in its own process.
  const base = await runBaseline(settings, client, baseline);

  const finals = await statsOf(apps);
  const liveHeaps = await Promise.all(apps.map((app) => app.ask('live-heap')));
  const baselineStats = await baseline.ask('stats');
  const peakRssBytes = Math.max(...finals.map((s) => s.maxRssBytes));
  const ratio = base.perSecond > 0 ? measured.pipe.perSecond / base.perSecond : 0;
  printResults(settings, measured, base, finals, liveHeaps, baselineStats, sessions);
  printTargets(measured.pipe, peakRssBytes, ratio, settings.instances);
  const failed = printProblems(client, finals, order);
  printOrder(order);
  await resources.stopServers();
  const { pipe } = measured;
  console.log(`bench: msgs_per_s=${round2(pipe.perSecond)} p50_ms=${round2(pipe.p50)} p99_ms=${round2(pipe.p99)} rss_mb=${round2(peakRssBytes / 1024 / 1024)} ratio=${round2(ratio)}`);
  return failed ? 1 : 0;
}

let settings: Settings;
try {
  settings = readSettings();
} catch (error) {
  if (!(error instanceof BenchEnvError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exit(1);
}
const client = new LoadClient();
const resources = new RunResources();
resources.onRelease(() => Promise.resolve(client.close()));
// Ctrl-C: the server processes stop on their own too; the throwaway PostgreSQL must be removed here.
releaseOnInterrupt(resources, 'bench');
try {
  process.exitCode = await main(settings, client, resources);
} catch (error) {
  console.error('bench failed:', error);
  client.failures.print(console.error);
  process.exitCode = 1;
} finally {
  await resources.release();
}
