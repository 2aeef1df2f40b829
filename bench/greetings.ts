// A festival greeting to every customer, end to end: customers in the embedded store (SQLite), the
// planner and the outbox relay turning them into FollowUp rows and BullMQ jobs, then worker
// processes sending through a loopback sink channel paced at a configured rate — with one worker
// killed (SIGKILL) mid-run. Baselines measured in the same run: a bare INSERT of the same rows, and
// a bare paced loop (the same Redis limiter and sink, no store, no queue).
//
//   npm run bench:greetings                       (defaults: 100,000 customers, 2,000 sends/s)
//   BENCH_CUSTOMERS=5000 BENCH_RATE=500 npm run bench:greetings
//   BENCH_WORKERS=2 BENCH_KILL_AT=0.4 (0: no kill; the killed worker is replaced, as a supervisor would)
//   FOLLOWUP_CONCURRENCY=… and the other FOLLOWUP_* tune the workers; BENCH_PROFILE_DIR=dir writes their CPU profiles;
//   BENCH_WORKER_FLAGS="--max-semi-space-size=32" adds node flags to theirs
//
// Targets: plan + enqueue ≤ 10 s, delivery rate within ±5 % of the configured one, no duplicate and
// no lost greeting. The exit code is 0 when the run completed, whether or not targets were met.
// The last line is machine-readable:
//   greetings: customers=<n> enqueue_s=<n> rate_per_s=<n> target_per_s=<n> duplicates=<n> lost=<n> rss_mb=<n>

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countingLogger } from './counting-logger.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { FollowUpPlanner } from '../src/jobs/follow-up-planner.ts';
import { FollowUpQueue } from '../src/jobs/follow-up-queue.ts';
import { OutboxRelay } from '../src/jobs/outbox-relay.ts';
import type { Logger } from 'pino';
import { RedisConversationEvents } from '../src/redis/redis-conversation-events.ts';
import { connectRedis } from '../src/redis/connect-redis.ts';
import { openSqlDatabase } from '../src/store/database.ts';
import { SqlFollowUpStore } from '../src/store/follow-ups.ts';
import type { SqlDriver } from '../src/store/sql/sql-driver.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/redis/embedded-redis.ts';
import { SINK_CHANNEL, SinkServer, type SinkStats } from '../test/support/sink-channel.ts';
import { bareInsertSeconds, seedCustomers } from './greetings-seed.ts';
import { cpuSecondsOf, peakRssOf, WorkerProcess } from './greetings-workers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/bench');
const DB_FILE = join(DATA_DIR, 'greetings.db');
const SCRATCH_FILE = join(DATA_DIR, 'greetings-baseline.db');
const LOOPBACK = '127.0.0.1';

const CUSTOMERS = intEnv('BENCH_CUSTOMERS', 100_000, 1, 1_000_000);
const RATE = intEnv('BENCH_RATE', 2_000, 1, 100_000);
const WORKERS = intEnv('BENCH_WORKERS', 2, 1, 16);
const KILL_AT = fractionEnv('BENCH_KILL_AT', 0.4);

const ENQUEUE_TARGET_S = 10;
const RATE_TOLERANCE = 0.05;
/** Spring Festival 2027, 09:00 in Shanghai: the planner's clock. One greeting per seeded customer. */
const FESTIVAL_MORNING = new Date('2027-02-06T09:00:00+08:00');
const FESTIVAL_KEY = '2027-spring-festival';
const PROGRESS_EVERY_MS = 2_000;
const POLL_MS = 250;
/** Sends of the bare paced loop: five seconds' worth, at most one per customer. */
const BASELINE_SENDS = Math.min(CUSTOMERS, RATE * 5);
const BASELINE_LANES = 64;

/**
 * Worker settings (any FOLLOWUP_* in the environment wins). A short lease and job lock, so the rows
 * a killed worker held are taken over within seconds, while the rest of the greetings are still
 * going out; QUIET_HOURS 0-0 (none) because the workers check quiet hours on the real clock in the
 * customers' zone, and the benchmark must not depend on the hour it is run at.
 */
const WORKER_SETTINGS: Record<string, string> = {
  FOLLOWUP_BATCH_SIZE: '50',
  FOLLOWUP_CONCURRENCY: '8',
  FOLLOWUP_PARALLEL_SENDS: '16',
  FOLLOWUP_LEASE_MS: '5000',
  FOLLOWUP_JOB_LOCK_MS: '5000',
  FOLLOWUP_RELAY_INTERVAL_MS: '1000',
  ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('FOLLOWUP_') && e[1] !== undefined)),
  QUIET_HOURS: '0-0',
};

// ---- small helpers ------------------------------------------------------------------------------

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

function fractionEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value >= 1) throw new Error(`${name} must be a fraction from 0 (no kill) to below 1 (got "${raw}")`);
  return value;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const round2 = (n: number) => Math.round(n * 100) / 100;
const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

/** Sends per second at the sink between its first and last delivery. */
function sinkRate(stats: SinkStats): number {
  if (stats.firstAt === undefined || stats.lastAt === undefined || stats.lastAt <= stats.firstAt) return 0;
  return (stats.received - 1) / ((stats.lastAt - stats.firstAt) / 1000);
}

/** Sends per second at the sink from the moment of `earlier` to its last delivery. */
function rateSince(earlier: SinkStats, later: SinkStats): number {
  if (earlier.lastAt === undefined || later.lastAt === undefined || later.lastAt <= earlier.lastAt) return 0;
  return (later.received - earlier.received) / ((later.lastAt - earlier.lastAt) / 1000);
}

/**
 * What the bench process itself needs: the store (seeding, the planner, the relay, the counts) and a
 * publisher of live events for the relay. Not the whole app: its live-event subscriber alone would
 * read every one of the workers' 2,000 events a second, on the same two cores as the workers.
 */
interface BenchParts {
  database: { sql: SqlDriver };
  followUps: SqlFollowUpStore;
  events: RedisConversationEvents;
  logger: Logger;
  close(): Promise<void>;
}

async function openBenchParts(config: Config, redisUrl: string, logger: Logger): Promise<BenchParts> {
  const { sql } = await openSqlDatabase(config.DATABASE_URL);
  const publisher = connectRedis(redisUrl, logger, 'bench-events');
  return {
    database: { sql },
    followUps: new SqlFollowUpStore(sql),
    events: new RedisConversationEvents(publisher, publisher, config.REDIS_PREFIX),
    logger,
    async close() {
      await publisher.quit().catch(() => publisher.disconnect());
      await sql.close();
    },
  };
}

async function statusCounts(app: BenchParts): Promise<Map<string, number>> {
  const rows = await app.database.sql.query<{ status: string; n: number }>('SELECT "status", COUNT(*) AS "n" FROM "FollowUp" GROUP BY "status"');
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

const FINAL = new Set(['sent', 'failed', 'cancelled']);
const unfinished = (counts: Map<string, number>) => [...counts].filter(([status]) => !FINAL.has(status)).reduce((sum, [, n]) => sum + n, 0);
const describeCounts = (counts: Map<string, number>) => [...counts].map(([status, n]) => `${status} ${n}`).join(', ') || 'none';

// ---- phases -------------------------------------------------------------------------------------

interface EnqueueResult {
  planSeconds: number;
  relaySeconds: number;
  planned: number;
  relayed: number;
  jobs: number;
}

async function planAndEnqueue(app: BenchParts, config: Config, redisUrl: string): Promise<EnqueueResult> {
  const redis = connectRedis(redisUrl, app.logger, 'bench-main');
  const queueConnection = connectRedis(redisUrl, app.logger, 'bench-queue', { maxRetriesPerRequest: null });
  const queue = new FollowUpQueue(queueConnection, config.REDIS_PREFIX);
  try {
    // The same parts startFollowUpJobs composes, built here so that one pass of each can be timed.
    const planner = new FollowUpPlanner({
      store: app.followUps,
      logger: app.logger,
      clock: () => FESTIVAL_MORNING,
      horizonDays: config.GREETING_HORIZON_DAYS,
      window: config.GREETING_HOURS,
      quiet: config.QUIET_HOURS,
      silentMs: config.OUTREACH_SILENT_MS,
    });
    const relay = new OutboxRelay({
      store: app.followUps,
      queue,
      events: app.events,
      logger: app.logger,
      clock: () => new Date(),
      lookaheadMs: config.FOLLOWUP_LOOKAHEAD_MS,
      requeueAfterMs: Math.max(config.FOLLOWUP_LEASE_MS, config.FOLLOWUP_JOB_LOCK_MS) * 2,
      batchSize: config.FOLLOWUP_BATCH_SIZE,
      callbackGraceMs: config.CALLBACK_GRACE_MS,
      redis,
      markerKey: `${config.REDIS_PREFIX}jobs:alive`,
    });
    // A deployment whose Redis has been up all along (the relay would otherwise warn that it lost its data).
    await redis.set(`${config.REDIS_PREFIX}jobs:alive`, String(Date.now()));

    let started = performance.now();
    const plan = await planner.plan();
    const planSeconds = seconds(started);
    console.log(`  plan: ${plan.greetings} greetings and ${plan.checkIns} check-ins planned in ${planSeconds.toFixed(2)} s (${(plan.greetings / planSeconds).toFixed(0)} rows/s)`);
    const [festive] = await app.database.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "FollowUp" WHERE "dedupeKey" LIKE ?`, [`greeting:${FESTIVAL_KEY}:%`]);
    if (Number(festive?.n) !== CUSTOMERS) console.log(`  ! expected one ${FESTIVAL_KEY} greeting per customer, found ${festive?.n} of ${CUSTOMERS}`);

    // The planner spreads the greetings over the first three hours of the festival morning, which
    // paces their delivery by design (~9/s per 100,000). To measure the sending path at its
    // configured rate they are all made due now, on the real clock the relay and the workers run
    // on (so leases and repairs behave as in production). Not timed: it is the benchmark's doing.
    started = performance.now();
    const moved = await app.database.sql.execute(`UPDATE "FollowUp" SET "dueAt" = ? WHERE "kind" = 'greeting' AND "status" = 'scheduled'`, [new Date()]);
    console.log(`  (not timed) ${moved} greetings made due now in ${seconds(started).toFixed(2)} s`);

    started = performance.now();
    const relayed = await relay.tick();
    const relaySeconds = seconds(started);
    const counts = await queue.queue.getJobCounts('wait', 'delayed', 'prioritized');
    const jobs = (counts.wait ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0);
    console.log(`  relay: ${relayed} rows → ${jobs} BullMQ jobs of ≤ ${config.FOLLOWUP_BATCH_SIZE} in ${relaySeconds.toFixed(2)} s (${(relayed / relaySeconds).toFixed(0)} rows/s)`);
    return { planSeconds, relaySeconds, planned: plan.greetings, relayed, jobs };
  } finally {
    await queue.close();
    await Promise.all([redis, queueConnection].map((c) => c.quit().catch(() => c.disconnect())));
  }
}

let pacedLoop: ChildProcess | undefined;

/**
 * The bare paced loop (bench/greetings-paced-loop.ts) in a process of its own, as the workers are:
 * the same Redis limiter and rate, POSTs to a sink of its own, no store and no queue.
 */
async function pacedLoopBaseline(redisUrl: string): Promise<number> {
  const sink = await new SinkServer().start();
  try {
    const env = { ...process.env, REDIS_URL: redisUrl, SINK_URL: sink.url, SINK_RATE: String(RATE), SENDS: String(BASELINE_SENDS), LANES: String(BASELINE_LANES) };
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/greetings-paced-loop.ts')], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    pacedLoop = child;
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    pacedLoop = undefined;
    if (code !== 0) throw new Error(`the paced loop exited with code ${code}`);
    return sinkRate(sink.stats());
  } finally {
    await sink.close();
  }
}

interface DeliveryResult {
  stats: SinkStats;
  counts: Map<string, number>;
  messages: number;
  seconds: number;
  completed: boolean;
  killedAt: number | undefined;
  heldAtKill: number | undefined;
  /** The sink's counts when the worker was killed. */
  atKill: SinkStats | undefined;
}

async function deliver(app: BenchParts, workers: WorkerProcess[], spawnWorker: (name: string) => WorkerProcess, sink: SinkServer, sampleRss: () => void): Promise<DeliveryResult> {
  const timeoutMs = (CUSTOMERS / RATE) * 3_000 + 120_000;
  const started = performance.now();
  let lastReport = started;
  let lastReceived = 0;
  let killedAt: number | undefined;
  let heldAtKill: number | undefined;
  let atKill: SinkStats | undefined;
  let counts = await statusCounts(app);
  let lastCountAt = 0;
  for (;;) {
    await sleep(POLL_MS);
    sampleRss();
    const stats = sink.stats();
    if (KILL_AT > 0 && killedAt === undefined && stats.distinct >= CUSTOMERS * KILL_AT) {
      const victim = workers.find((w) => w.alive);
      if (victim) {
        killedAt = stats.distinct;
        atKill = stats;
        await victim.kill();
        heldAtKill = (await statusCounts(app)).get('sending') ?? 0;
        console.log(`  ✗ killed ${victim.name} (pid ${victim.pid}) with SIGKILL at ${stats.distinct} delivered; rows held ('sending', all workers) just after: ${heldAtKill}`);
        // A supervisor starts another; until it is ready the others carry the load alone.
        const replacement = spawnWorker(`worker-${workers.length + 1}`);
        workers.push(replacement);
        void replacement.ready().then(
          () => console.log(`  ${replacement.name} (pid ${replacement.pid}) started in the killed worker's place`),
          (err: unknown) => console.log(`  ${replacement.name} could not start: ${(err as Error).message}`),
        );
      }
    }
    const now = performance.now();
    if (now - lastCountAt >= 1_000) {
      counts = await statusCounts(app);
      lastCountAt = now;
    }
    const done = unfinished(counts) === 0 && counts.size > 0;
    if (now - lastReport >= PROGRESS_EVERY_MS || done) {
      const recent = (stats.received - lastReceived) / ((now - lastReport) / 1000);
      lastReport = now;
      lastReceived = stats.received;
      const rss = workers.filter((w) => w.alive).map((w) => `${mb(w.peakRss).toFixed(0)}`);
      console.log(
        `  deliver: ${stats.distinct}/${CUSTOMERS} greetings · ${seconds(started).toFixed(1)} s · ~${recent.toFixed(0)}/s recently · dup ${stats.duplicates} · rows: ${describeCounts(counts)} · worker peak RSS ${rss.join('/')} MB`,
      );
    }
    if (done || now - started > timeoutMs) {
      // Anything still in flight (a duplicate would be) lands within a relay pass or two.
      await sleep(2_000);
      const [stored] = await app.database.sql.query<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Message" WHERE "channelMessageId" LIKE 'followup:%'`);
      return { stats: sink.stats(), counts: await statusCounts(app), messages: Number(stored?.n ?? 0), seconds: seconds(started), completed: done, killedAt, heldAtKill, atKill };
    }
    if (workers.every((w) => !w.alive)) throw new Error(`every worker process has exited; ${describeCounts(counts)}`);
  }
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const benchStarted = performance.now();
  let benchPeak = 0;
  const sampleSelf = () => (benchPeak = Math.max(benchPeak, process.memoryUsage().rss, peakRssOf(process.pid)));
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${DB_FILE}${suffix}`, { force: true });

  let redis: EmbeddedRedis | undefined;
  let app: BenchParts | undefined;
  const sink = new SinkServer();
  const workers: WorkerProcess[] = [];
  // Interrupted (Ctrl-C, a timeout): leave no worker or redis-server behind.
  const abandon = (signal: NodeJS.Signals) => {
    console.log(`\nbench:greetings: ${signal}; killing the workers`);
    for (const w of workers) if (w.alive) process.kill(w.pid!, 'SIGKILL');
    if (pacedLoop?.exitCode === null) pacedLoop.kill('SIGKILL');
    void (redis?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', abandon);
  process.once('SIGTERM', abandon);
  try {
    redis = await startEmbeddedRedis({ dataDir: DATA_DIR, name: 'greetings', persist: false });
    await sink.start();
    const config = loadConfig({
      DATABASE_URL: `file:${DB_FILE}`,
      REDIS_URL: redis.url,
      DATA_DIR,
      LOG_LEVEL: 'silent',
      PORT: '0',
      HOST: LOOPBACK,
      PROMPTS_DIR: join(ROOT, 'prompts'),
      POLICY_FILE: join(ROOT, 'config/policy.yaml'),
      ...WORKER_SETTINGS,
      // The planner keeps the product's greeting window and quiet hours; only the workers drop quiet hours.
      QUIET_HOURS: process.env.QUIET_HOURS ?? '21-8',
    });
    const logs = countingLogger();
    console.log(
      `greetings: ${CUSTOMERS} customers, ${RATE} sends/s configured, ${WORKERS} worker processes, kill at ${KILL_AT ? `${KILL_AT * 100} %` : 'never'}; SQLite ${DB_FILE}, redis-server ${redis.url} (no persistence, noeviction)`,
    );
    console.log(
      `  worker settings: ${Object.entries(WORKER_SETTINGS)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}${process.env.BENCH_WORKER_FLAGS ? `; extra node flags: ${process.env.BENCH_WORKER_FLAGS}` : ''}`,
    );
    app = await openBenchParts(config, redis.url, logs.logger);
    sampleSelf();

    // 1. Customers.
    let started = performance.now();
    // Last in touch the day before: nobody is due a check-in, so the planner's work is the greetings.
    seedCustomers(DB_FILE, CUSTOMERS, SINK_CHANNEL, new Date(FESTIVAL_MORNING.getTime() - 24 * 3600_000));
    console.log(`  seed: ${CUSTOMERS} customers with a '${SINK_CHANNEL}' identity in ${seconds(started).toFixed(2)} s`);

    // 2. Plan + enqueue (timed), and its baseline.
    const enqueue = await planAndEnqueue(app, config, redis.url);
    const enqueueSeconds = enqueue.planSeconds + enqueue.relaySeconds;
    const insertSeconds = bareInsertSeconds(DB_FILE, SCRATCH_FILE, CUSTOMERS, new Date());
    console.log(`  baseline: a bare INSERT of ${CUSTOMERS} greeting rows (one transaction, same table and indexes) took ${insertSeconds.toFixed(2)} s`);
    sampleSelf();

    // 3. Baseline of the delivery: what the limiter and the sink allow without the job system.
    const pacedRate = await pacedLoopBaseline(redis.url);
    console.log(`  baseline: a bare paced loop in its own process (same limiter and sink, ${BASELINE_LANES} lanes, ${BASELINE_SENDS} POSTs, no store or queue) reached ${pacedRate.toFixed(0)}/s`);

    // 4. Delivery by worker processes, one of them killed mid-run.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...WORKER_SETTINGS,
      DATABASE_URL: `file:${DB_FILE}`,
      REDIS_URL: redis.url,
      REDIS_PREFIX: config.REDIS_PREFIX,
      DATA_DIR,
      PROMPTS_DIR: join(ROOT, 'prompts'),
      POLICY_FILE: join(ROOT, 'config/policy.yaml'),
      SINK_URL: sink.url,
      SINK_RATE: String(RATE),
      JOB_PARTS: 'worker,relay',
      LOG_LEVEL: 'silent',
      WORKER_LOG_LEVEL: 'warn',
    };
    const spawnWorker = (name: string) => new WorkerProcess(name, ROOT, env);
    started = performance.now();
    for (let i = 1; i <= WORKERS; i += 1) workers.push(spawnWorker(`worker-${i}`));
    await Promise.all(workers.map((w) => w.ready()));
    console.log(`  ${WORKERS} workers ready in ${seconds(started).toFixed(1)} s (pids ${workers.map((w) => w.pid).join(', ')})`);
    const sampleRss = () => {
      sampleSelf();
      for (const w of workers) w.sample();
    };
    const delivery = await deliver(app, workers, spawnWorker, sink, sampleRss);
    sampleRss();
    const redisCalls = await redisCommandCalls(redis.url, app.logger);

    const { stats } = delivery;
    const rate = sinkRate(stats);
    const lost = CUSTOMERS - stats.distinct;
    const workerPeak = Math.max(0, ...workers.map((w) => w.peakRss));
    const redisPeak = peakRssOf(redisPid());
    const peak = Math.max(benchPeak, workerPeak);

    console.log('');
    console.table({
      'plan + enqueue (s)': {
        measured: round2(enqueueSeconds),
        baseline: round2(insertSeconds),
        ratio: round2(enqueueSeconds / insertSeconds),
        target: `≤ ${ENQUEUE_TARGET_S}`,
        verdict: verdict(enqueueSeconds <= ENQUEUE_TARGET_S),
      },
      'delivery rate (/s)': {
        measured: round2(rate),
        baseline: round2(pacedRate),
        ratio: round2(rate / pacedRate),
        target: `${RATE} ± ${RATE_TOLERANCE * 100} %`,
        verdict: verdict(Math.abs(rate / RATE - 1) <= RATE_TOLERANCE),
      },
      duplicates: { measured: stats.duplicates, baseline: '', ratio: '', target: 0, verdict: verdict(stats.duplicates === 0) },
      lost: { measured: lost, baseline: '', ratio: '', target: 0, verdict: verdict(lost === 0) },
    });
    console.log(`  plan ${enqueue.planSeconds.toFixed(2)} s + relay ${enqueue.relaySeconds.toFixed(2)} s; ${enqueue.planned} planned, ${enqueue.relayed} relayed into ${enqueue.jobs} jobs`);
    console.log(`  ratios: plan + enqueue ÷ bare INSERT of the same rows (the floor for writing them); delivery rate ÷ bare paced loop (what the limiter and sink allow)`);
    console.log(
      `  delivery: ${stats.received} received (${stats.distinct} distinct) over ${((stats.lastAt ?? 0) - (stats.firstAt ?? 0)) / 1000} s at the sink; ${delivery.completed ? 'every row finished' : 'TIMED OUT with rows unfinished'} after ${delivery.seconds.toFixed(1)} s; rows: ${describeCounts(delivery.counts)}; messages stored: ${delivery.messages}`,
    );
    const perGreeting = [...redisCalls]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([command, calls]) => `${command} ${(calls / CUSTOMERS).toFixed(2)}`);
    console.log(`  redis commands per greeting, whole run: ${perGreeting.join(', ')}`);
    if (delivery.atKill) {
      console.log(
        `  one worker killed (SIGKILL) at ${delivery.killedAt} delivered, holding ${delivery.heldAtKill} rows with it; rate until then ${round2(sinkRate(delivery.atKill))}/s, after it ${round2(rateSince(delivery.atKill, stats))}/s (one worker alone until its replacement was up)`,
      );
    }
    const workerCpu = workers.reduce((sum, w) => sum + Math.max(0, w.cpuSeconds - w.cpuAtReady), 0);
    console.log(
      `  CPU: workers ${workerCpu.toFixed(1)} s after start-up (${((workerCpu * 1000) / Math.max(1, stats.distinct)).toFixed(2)} ms per greeting), bench process ${(process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6).toFixed(1)} s, redis-server ${cpuSecondsOf(redisPid()).toFixed(1)} s; machine load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  peak RSS: bench process (planner, relay, sink) ${mb(benchPeak).toFixed(1)} MB · workers ${workers.map((w) => `${w.name} ${mb(w.peakRss).toFixed(1)}`).join(', ')} MB · redis-server ${mb(redisPeak).toFixed(1)} MB`,
    );
    const warnings = [...logs.seen, ...workers.flatMap((w) => [...w.logs].map(([m, n]) => [`${w.name}: ${m}`, n] as const))];
    if (warnings.length) {
      console.log('  warnings and errors logged:');
      for (const [message, count] of warnings) console.log(`    ${count}× ${message}`);
    }
    for (const w of workers) if (w.crashed) console.log(`  ${w.name} exited on its own`);
    console.log(`  total bench time ${seconds(benchStarted).toFixed(0)} s`);
    console.log(
      `greetings: customers=${CUSTOMERS} enqueue_s=${round2(enqueueSeconds)} rate_per_s=${round2(rate)} target_per_s=${RATE} duplicates=${stats.duplicates} lost=${lost} rss_mb=${round2(mb(peak))}`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await app?.close();
    await sink.close();
    await redis?.stop();
  }
}

/** Calls per Redis command since the server started (INFO commandstats). */
async function redisCommandCalls(url: string, logger: Logger): Promise<Map<string, number>> {
  const redis = connectRedis(url, logger, 'bench-stats');
  try {
    const info = await redis.info('commandstats');
    return new Map([...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** The embedded redis-server's pid, from the pid file it writes in its folder. */
function redisPid(): number | undefined {
  try {
    return Number(readFileSync(join(DATA_DIR, 'redis-greetings', 'redis.pid'), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

try {
  await main();
} catch (error) {
  console.error('bench:greetings failed:', error);
  process.exitCode = 1;
}
