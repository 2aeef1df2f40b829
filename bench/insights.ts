// The insights' SQL aggregates at scale: a generated data set (bench/insights-seed.ts; by default
// 1,000,000 messages in 50,000 conversations and 10,000 complaint cases over 90 days, with their
// contacts, chat ratings and customers' tiers) in a fresh database, then GET /api/staff/insights's
// work (SqlInsightsStore + buildInsights, without HTTP: every figure, the chat ratings, customer mix
// and knowledge gaps included) for the last 7 and the last 90 days, each timed BENCH_RUNS times after one warm-up. Baseline in
// the same run and on the same data: `SELECT COUNT(*) FROM "Message"`, a plain pass over the
// biggest table; figures are printed as multiples of it, so machines and runs compare.
//
//   npm run bench:insights                                   (SQLite, data/bench/insights.db)
//   BENCH_DATABASE=postgres npm run bench:insights           (a throwaway PostgreSQL cluster)
//   BENCH_DATABASE_URL=postgres://… npm run bench:insights   (that database; schema public is DROPPED first)
//   BENCH_MESSAGES=100000 BENCH_CONVERSATIONS=5000 BENCH_CASES=1000 BENCH_DAYS=90 BENCH_RUNS=5
//
// PostgreSQL tables are ANALYZEd after loading, as autovacuum would soon do; SQLite is left as the
// app leaves it (no ANALYZE). The last line is machine-readable:
//   insights: db=<kind> messages=<n> conversations=<n> baseline_ms=<n> week_ms=<n> quarter_ms=<n> week_ratio=<n> quarter_ratio=<n>

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInsights, INSIGHT_PERCENTILES } from '../src/insights/build-insights.ts';
import type { Insights } from '../src/insights/insights-schema.ts';
import { openSqlDatabase } from '../src/store/database.ts';
import { SqlInsightsStore } from '../src/store/insights-store.ts';
import type { SqlDriver } from '../src/store/sql/sql-driver.ts';
import { prepareDatabase, type DatabaseChoice } from './bench-database.ts';
import { BenchEnvError, choiceEnv, intEnv, postgresUrlEnv } from './bench-env.ts';
import { seedInsightsData, type SeedSizes } from './insights-seed.ts';
import { describeMachine } from './machine.ts';
import { releaseOnInterrupt, RunResources } from './run-resources.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/bench');
const DAY = 24 * 3600 * 1000;

function readSettings(): { sizes: SeedSizes; runs: number; database: DatabaseChoice } {
  const conversations = intEnv('BENCH_CONVERSATIONS', 50_000, 10, 10_000_000);
  const sizes: SeedSizes = {
    messages: intEnv('BENCH_MESSAGES', 1_000_000, 0, 100_000_000),
    conversations,
    cases: intEnv('BENCH_CASES', Math.min(10_000, conversations), 0, conversations),
    days: intEnv('BENCH_DAYS', 90, 7, 366),
  };
  const databaseUrl = postgresUrlEnv('BENCH_DATABASE_URL');
  const kind = choiceEnv('BENCH_DATABASE', ['sqlite', 'postgres'], databaseUrl ? 'postgres' : 'sqlite');
  if (databaseUrl && kind === 'sqlite') throw new BenchEnvError('BENCH_DATABASE=sqlite and BENCH_DATABASE_URL are both set: unset one of them');
  const database: DatabaseChoice = databaseUrl
    ? { kind: 'postgres-url', url: databaseUrl }
    : kind === 'postgres'
      ? { kind: 'postgres-throwaway' }
      : { kind: 'sqlite', file: join(DATA_DIR, 'insights.db') };
  return { sizes, runs: intEnv('BENCH_RUNS', 5, 1, 100), database };
}

/** Median milliseconds of `runs` timed calls after one warm-up, and the last result. */
async function timed<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor((times.length - 1) / 2)]!, result };
}

function summary(figures: Insights): string {
  const { conversations, funnel, firstResponseSeconds: first, resolutionSeconds: resolution } = figures;
  return [
    `${conversations.total} conversations`,
    `containment ${figures.containmentRate}`,
    `cases ${funnel.cases} (step 5: ${funnel.reached.step5}, recorded ${funnel.recorded})`,
    `escalations ${figures.escalationsByReason.reduce((n, r) => n + r.count, 0)}`,
    `csat ${figures.csat.responses} × ${figures.csat.average}`,
    `first response p50 ${first.median} s / p90 ${first.p90} s of ${first.count}`,
    `resolution p50 ${resolution.median} s of ${resolution.count}`,
    `chat ratings: people ${figures.chatCsat.people.responses} × ${figures.chatCsat.people.average}, bot ${figures.chatCsat.bot.responses} × ${figures.chatCsat.bot.average}, ${figures.chatCsat.byAgent.length} agents`,
    `customers ${figures.customerMix.customers} (${figures.customerMix.byTier.map((t) => `${t.tier} ${t.count}`).join(' / ')})`,
    `knowledge gaps ${figures.knowledgeGaps.length} (top: "${figures.knowledgeGaps[0]?.question ?? '-'}" × ${figures.knowledgeGaps[0]?.count ?? 0})`,
  ].join(', ');
}

async function main(): Promise<void> {
  const { sizes, runs, database: choice } = readSettings();
  mkdirSync(DATA_DIR, { recursive: true });
  const resources = new RunResources();
  releaseOnInterrupt(resources, 'insights');
  const database = await prepareDatabase(choice, resources);
  console.log(`insights: ${database.description}; ${describeMachine()}`);
  let sql: SqlDriver | undefined;
  try {
    sql = (await openSqlDatabase(database.url)).sql;
    const now = new Date();
    const started = performance.now();
    let reported = 0;
    const seeded = await seedInsightsData(sql, sizes, now, (counts) => {
      if (counts.messages - reported < 100_000 && counts.conversations < sizes.conversations) return;
      reported = counts.messages;
      const seconds = (performance.now() - started) / 1000;
      console.log(`  (not timed) ${counts.messages.toLocaleString('en')} messages in ${counts.conversations.toLocaleString('en')} conversations written, ${seconds.toFixed(0)} s`);
    });
    console.log(
      `  (not timed) data set: ${seeded.messages.toLocaleString('en')} messages, ${seeded.conversations.toLocaleString('en')} conversations (${seeded.handed.toLocaleString('en')} handed to people), ${seeded.cases.toLocaleString('en')} cases, ${seeded.commitments.toLocaleString('en')} commitments, ${seeded.surveys.toLocaleString('en')} surveys, ${seeded.auditEntries.toLocaleString('en')} audit entries, ${seeded.contacts.toLocaleString('en')} contacts (${seeded.unanswered.toLocaleString('en')} on an unanswered question), ${seeded.ratings.toLocaleString('en')} chat ratings (${seeded.ratingsAnswered.toLocaleString('en')} answered) over ${sizes.days} days in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    if (database.kind === 'postgres') await sql.execute('ANALYZE');

    const db = sql;
    const store = new SqlInsightsStore(db);
    const insightsFor = (days: number) => async () => {
      const filter = { from: new Date(now.getTime() - days * DAY), to: now };
      return buildInsights(filter, await store.tallies(filter, INSIGHT_PERCENTILES));
    };
    const baseline = await timed(runs, () => db.query('SELECT COUNT(*) AS "n" FROM "Message"'));
    // Context: a pass over every row (no index has "direction"); SQLite counts all rows from an index alone.
    const scan = await timed(runs, () => db.query(`SELECT COUNT(*) AS "n" FROM "Message" WHERE "direction" = 'in'`));
    const week = await timed(runs, insightsFor(7));
    const quarter = await timed(runs, insightsFor(sizes.days));
    const ratio = (ms: number) => (ms / baseline.ms).toFixed(2);
    console.log(`  baseline: SELECT COUNT(*) FROM "Message" — ${baseline.ms.toFixed(1)} ms (median of ${runs}); for context, a full scan counting the customers' messages — ${scan.ms.toFixed(1)} ms`);
    console.log(`  last 7 days:  ${week.ms.toFixed(1)} ms = ${ratio(week.ms)} × baseline; ${summary(week.result)}`);
    console.log(`  last ${sizes.days} days: ${quarter.ms.toFixed(1)} ms = ${ratio(quarter.ms)} × baseline; ${summary(quarter.result)}`);
    console.log(
      `insights: db=${database.kind} messages=${seeded.messages} conversations=${seeded.conversations} baseline_ms=${baseline.ms.toFixed(1)} week_ms=${week.ms.toFixed(1)} quarter_ms=${quarter.ms.toFixed(1)} week_ratio=${ratio(week.ms)} quarter_ratio=${ratio(quarter.ms)}`,
    );
  } finally {
    await sql?.close();
    await resources.release();
  }
}

await main();
