// Follow-up jobs under faults, with real processes: a worker killed with SIGKILL mid-run, Redis
// restarted empty, the database stopped and started again, a batch paced for longer than its
// lease, and a channel that refuses messages. Every due follow-up must end sent exactly once —
// counted by the loopback sink that stands in for the customer's channel, and by the messages
// stored — or, on a channel that stays unreachable, failed after a bounded number of tries.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { ANY_HOUR_ENV, insertSinkGreetings, tallyFollowUps } from '../support/follow-up-fixtures.ts';
import { startRedis, type TestRedis } from '../support/redis-server.ts';
import { startRestartablePostgres, type RestartablePostgres } from '../support/restartable-postgres.ts';
import { SinkServer, sinkChannel } from '../support/sink-channel.ts';
import { spawnSinkWorker, type SinkWorkerProcess } from '../support/sink-worker-process.ts';
import { freshDatabaseUrl, startTestApp, type StoreKind, type TestApp, type TestAppOptions } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';

/** Settings that bring a crashed worker's follow-ups back within a couple of seconds. */
const FAST_RECOVERY_ENV = {
  ...ANY_HOUR_ENV,
  FOLLOWUP_LEASE_MS: '1500',
  FOLLOWUP_JOB_LOCK_MS: '1000',
  FOLLOWUP_RELAY_INTERVAL_MS: '100',
};

/** A service running the follow-up jobs in-process, whose customers live on a loopback sink. */
async function startSinkApp(options: TestAppOptions & { perSecond?: number }): Promise<{ t: TestApp; sink: SinkServer; close(): Promise<void> }> {
  const sink = await new SinkServer().start();
  const t = await startTestApp({
    ...options,
    // Planning runs once at start (nothing to plan yet) and not again during the test.
    env: { JOBS_IN_PROCESS: 'true', FOLLOWUP_PLAN_INTERVAL_MS: String(24 * 60 * 60_000), ...FAST_RECOVERY_ENV, ...options.env },
  });
  t.app.followUpSender.addChannel(sinkChannel(sink.url, options.perSecond));
  return {
    t,
    sink,
    async close() {
      await t.close();
      await sink.close();
    },
  };
}

/** Waits until every follow-up of `ids` is sent; a timeout shows where they got stuck. */
async function allSent(sql: Database['sql'], ids: readonly string[], timeoutMs = 30_000, log?: () => string): Promise<void> {
  let last = {};
  await waitFor(
    `all ${ids.length} follow-ups to be sent`,
    async () => {
      const tally = await tallyFollowUps(sql, ids);
      last = tally.statuses;
      return tally.statuses.sent === ids.length;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}; statuses ${JSON.stringify(last)}${log ? `\nworker log:\n${log().slice(-3000)}` : ''}`, { cause: error });
  });
}

describe.each<StoreKind>(['sqlite', 'postgres'])('a worker killed with SIGKILL mid-run, on %s', (store) => {
  const N = 300;
  let redis: TestRedis;
  let sink: SinkServer;
  let database: Database;
  let databaseUrl: string;
  const workers: SinkWorkerProcess[] = [];

  beforeAll(async () => {
    // A redis-server of its own: the killed worker leaves its connections and jobs behind in it.
    [redis, sink, databaseUrl] = await Promise.all([startRedis(), new SinkServer().start(), freshDatabaseUrl(store)]);
    database = await openDatabase(databaseUrl);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await database?.close();
    await sink?.close();
    await redis?.stop();
  });

  it('sends every due follow-up exactly once: the survivor takes over what the dead worker held', async () => {
    const env = {
      ...FAST_RECOVERY_ENV,
      // A worker sends only while its lease has at least half its length left (follow-up-runner.ts),
      // so a worker that stalls for longer than that between the check and the send can overlap
      // the one that took its rows over. 60 s in production; at 1.5 s a clean-clone run on a loaded
      // CI machine once got one duplicate, most likely from such a stall (750 ms of margin). Four
      // seconds keeps the takeover quick and the margin well beyond the stalls seen.
      FOLLOWUP_LEASE_MS: '4000',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `faults:${randomUUID()}:`,
      SINK_URL: sink.url,
      // 300 sends at 100 a second for both workers together: the run lasts about three seconds.
      // Batches of 50, 4 at a time per worker: each worker holds at least 100 rows from the start.
      SINK_RATE: '100',
      FOLLOWUP_BATCH_SIZE: '50',
      FOLLOWUP_CONCURRENCY: '4',
    };
    workers.push(spawnSinkWorker(env), spawnSinkWorker(env));
    await Promise.all(workers.map((w) => w.ready));
    const [victim, survivor] = workers as [SinkWorkerProcess, SinkWorkerProcess];
    const ids = await insertSinkGreetings(database.sql, N);

    await waitFor('the sink to receive a quarter of the greetings', async () => sink.stats().received >= N / 4);
    await victim.kill();
    expect(sink.stats().received).toBeLessThan(N);

    await allSent(database.sql, ids, 30_000, () => survivor.output());
    expect(sink.stats()).toMatchObject({ distinct: N, duplicates: 0 });
    const tally = await tallyFollowUps(database.sql, ids);
    expect(tally).toMatchObject({ statuses: { sent: N }, messages: N, repeated: 0 });
    // Rows claimed twice: those the dead worker held, which the survivor took over.
    expect(tally.reclaimed).toBeGreaterThan(0);
  });
});

describe('a batch paced for longer than its lease', () => {
  let s: Awaited<ReturnType<typeof startSinkApp>>;

  beforeAll(async () => {
    // 30 rows in one batch at 20 a second take 1.5 s, three leases of 500 ms.
    s = await startSinkApp({ perSecond: 20, env: { FOLLOWUP_LEASE_MS: '500', FOLLOWUP_BATCH_SIZE: '50' } });
  });
  afterAll(async () => s?.close());

  it('is sent once: the worker keeps the lease on rows it is still pacing', async () => {
    const ids = await insertSinkGreetings(s.t.app.database.sql, 30);
    await allSent(s.t.app.database.sql, ids, 15_000);
    expect(s.sink.stats()).toMatchObject({ distinct: 30, duplicates: 0 });
    expect(await tallyFollowUps(s.t.app.database.sql, ids)).toEqual({ statuses: { sent: 30 }, messages: 30, repeated: 0, reclaimed: 0 });
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])('a Redis restart that loses every queued job, on %s', (store) => {
  let redis: TestRedis;
  let s: Awaited<ReturnType<typeof startSinkApp>>;

  beforeAll(async () => {
    redis = await startRedis(); // started with --save '' and no AOF: a restart comes back empty
    // A long lease: rows whose job was lost are found by the relay's Redis check at once, not by
    // the slow path that waits twice the lease (10 s) past their due time.
    s = await startSinkApp({ store, redisUrl: redis.url, env: { FOLLOWUP_LEASE_MS: '5000' } });
  });
  afterAll(async () => {
    await s?.close();
    await redis?.stop();
  });

  it('sends every follow-up exactly once, those due before the restart and those waiting as delayed jobs, on time', async () => {
    const sql = s.t.app.database.sql;
    const now = Date.now();
    const early = await insertSinkGreetings(sql, 20);
    const late = await insertSinkGreetings(sql, 40, (i) => new Date(now + 3000 + i * 20));
    await allSent(sql, early, 10_000);
    await waitFor('the later greetings to wait in Redis as delayed jobs', async () => (await tallyFollowUps(sql, late)).statuses.queued === late.length);
    expect(await s.t.app.jobs!.queue.queue.getDelayedCount()).toBeGreaterThan(0);

    await redis.stop(); // SIGKILL
    redis = await startRedis(redis.port);
    expect(await tallyFollowUps(sql, late)).toMatchObject({ statuses: { queued: late.length } });

    // Due about two seconds from now; the slow path would take more than ten.
    await allSent(sql, late, 8_000);
    expect(s.sink.stats()).toMatchObject({ distinct: 60, duplicates: 0 });
    expect(await tallyFollowUps(sql, [...early, ...late])).toMatchObject({ statuses: { sent: 60 }, messages: 60, repeated: 0 });
  });
});

describe('a database outage mid-run (PostgreSQL stopped and started again)', () => {
  /** How long the database stays down: the fault itself, not a wait for something to happen. */
  const OUTAGE_MS = 2000;
  const N = 150;
  let postgres: RestartablePostgres;
  let database: Database;
  let databaseUrl: string;
  let sink: SinkServer;
  let worker: SinkWorkerProcess | undefined;

  beforeAll(async () => {
    // A server of its own: stopping the run's shared PostgreSQL would break the other test files.
    [postgres, sink] = await Promise.all([startRestartablePostgres(), new SinkServer().start()]);
    databaseUrl = await postgres.createDatabase('faults');
    database = await openDatabase(databaseUrl);
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.close();
    await sink?.close();
    await postgres?.destroy();
  });

  it('sends every follow-up exactly once: the relay and the worker ride out the outage and carry on', async () => {
    worker = spawnSinkWorker({
      ...FAST_RECOVERY_ENV,
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      REDIS_PREFIX: `faults:${randomUUID()}:`,
      SINK_URL: sink.url,
      // 150 sends at 50 a second: about three seconds of sending, with the outage in the middle.
      SINK_RATE: '50',
    });
    await worker.ready;
    const ids = await insertSinkGreetings(database.sql, N);
    await waitFor('the sink to receive a third of the greetings', async () => sink.stats().received >= N / 3);
    await postgres.stop();
    const atStop = sink.stats().received;
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await postgres.start();
    expect(atStop).toBeLessThan(N);

    const died = worker.exited.then((how) => {
      throw new Error(`the worker died of the outage (${how}):\n${worker!.output().slice(-3000)}`);
    });
    await Promise.race([allSent(database.sql, ids, 30_000, () => worker!.output()), died]);
    expect(sink.stats()).toMatchObject({ distinct: N, duplicates: 0 });
    expect(await tallyFollowUps(database.sql, ids)).toMatchObject({ statuses: { sent: N }, messages: N, repeated: 0 });
  });
});

describe('an unreachable channel', () => {
  const BASE_MS = 500;
  let s: Awaited<ReturnType<typeof startSinkApp>>;
  /** When each delivery was tried, per follow-up key. */
  const tries = new Map<string, number[]>();

  beforeAll(async () => {
    s = await startSinkApp({
      env: {
        FOLLOWUP_MAX_ATTEMPTS: '3',
        FOLLOWUP_RETRY_BASE_MS: String(BASE_MS),
        // A long lease: a row whose retry job went missing would wait 10 s for the relay's repair.
        FOLLOWUP_LEASE_MS: '5000',
      },
    });
    // The sink's sending side, noting each try before it goes out.
    const sink = sinkChannel(s.sink.url);
    s.t.app.followUpSender.addChannel({
      ...sink,
      outbound: {
        ...sink.outbound,
        send: async (target, messages, options) => {
          tries.set(options.key!, [...(tries.get(options.key!) ?? []), Date.now()]);
          return sink.outbound.send(target, messages, options);
        },
      },
    });
  });
  afterAll(async () => s?.close());

  it('retries a channel that answers 500 with growing pauses, then gives up: failed, with the reason', async () => {
    s.sink.failWith = 500;
    const [id] = await insertSinkGreetings(s.t.app.database.sql, 1);
    const row = await waitFor('the follow-up to fail', async () => {
      const found = await s.t.app.database.db.followUp.findUniqueOrThrow({ where: { id: id! } });
      return found.status === 'failed' ? found : undefined;
    });
    expect(row).toMatchObject({ attempts: 3, lastError: 'sink answered 500', lockedUntil: null });
    const at = tries.get(`followup:${id}`) ?? [];
    expect(at).toHaveLength(3);
    // Backoff doubles from FOLLOWUP_RETRY_BASE_MS: at least 500 ms, then at least 1000 ms.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(BASE_MS);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(2 * BASE_MS);
    expect(s.sink.stats().received).toBe(0);
    expect(await tallyFollowUps(s.t.app.database.sql, [id!])).toMatchObject({ messages: 0 });
  });

  it('gives up at once on a channel that answers 403 (the customer blocked us)', async () => {
    s.sink.failWith = 403;
    const [id] = await insertSinkGreetings(s.t.app.database.sql, 1);
    const row = await waitFor('the follow-up to fail', async () => {
      const found = await s.t.app.database.db.followUp.findUniqueOrThrow({ where: { id: id! } });
      return found.status === 'failed' ? found : undefined;
    });
    expect(row).toMatchObject({ attempts: 1, lastError: 'sink answered 403' });
    expect(tries.get(`followup:${id}`)).toHaveLength(1);
  });
});
