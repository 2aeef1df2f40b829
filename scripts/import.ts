// `npm run import -- customers file.csv [--dry-run] [--json]` (or `orders`): imports a CSV file
// straight into the configured database (DATABASE_URL, migrated first as the app does), with the
// same checks, matching and all-or-nothing write as the console's upload, then recomputes the
// segments. A progress bar on a terminal, a line per step otherwise; the summary at the end
// (--json: the same JSON the API answers). Exit code 0 when written (or a clean dry run), 1 when
// rows were rejected (nothing written), 2 when the file or the command cannot be used.

import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';
import { loadSegmentRules } from '../src/content/load-segment-rules.ts';
import { IMPORT_KINDS, type ImportKind } from '../src/console/csv/import-ports.ts';
import { runImport, type ImportSummary, type ImportTick } from '../src/console/csv/run-import.ts';
import { createRecomputeSegments } from '../src/console/segments/recompute-segments.ts';
import { DomainError } from '../src/domain/domain-error.ts';
import { connectRedis } from '../src/redis/connect-redis.ts';
import { openSqlDatabase } from '../src/store/database.ts';
import { SqlImportStore } from '../src/store/import-store.ts';
import { SqlSegmentStore } from '../src/store/segment-store.ts';
import type { SqlDriver } from '../src/store/sql/sql-driver.ts';

const USAGE = 'usage: npm run import -- customers|orders <file.csv> [--dry-run] [--json]';
const REJECTIONS_SHOWN = 50;

if (existsSync('.env')) process.loadEnvFile('.env');
process.exitCode = await main(process.argv.slice(2));

async function main(argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const [kind, file, ...rest] = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--dry-run' && f !== '--json');
  if (!isKind(kind) || !file || rest.length || unknown.length) return fail(USAGE);
  if (!existsSync(file)) return fail(`no file ${file}`);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    return fail(error instanceof ConfigError ? error.message : String(error));
  }
  const dryRun = flags.has('--dry-run');
  const json = flags.has('--json');
  const { sql } = await openSqlDatabase(config.DATABASE_URL, { poolSize: 2 });
  const bar = progressBar(statSync(file).size);
  try {
    const summary = await runImport(
      { store: new SqlImportStore(sql), afterImport: () => recomputeSegments(config, sql) },
      { kind, source: createReadStream(file), dryRun, actor: { system: 'cli' }, importId: randomUUID(), now: new Date(), phoneRegion: config.DEFAULT_PHONE_REGION, onProgress: bar.tick },
    );
    bar.end();
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : describe(summary, file));
    return summary.rejectedTotal ? 1 : 0;
  } catch (error) {
    bar.end();
    if (error instanceof DomainError) return fail(`${file}: ${error.message}`);
    throw error;
  } finally {
    await sql.close();
  }
}

function isKind(kind: string | undefined): kind is ImportKind {
  return IMPORT_KINDS.some((k) => k === kind);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}

/** Under the lock the app's runs take when a shared Redis is configured; alone otherwise (the embedded Redis is the app's own). */
async function recomputeSegments(config: Config, sql: SqlDriver): Promise<void> {
  const store = new SqlSegmentStore(sql, await loadSegmentRules(config.SEGMENTS_FILE));
  const logger = pino({ level: 'warn' });
  if (!config.REDIS_URL) {
    await store.recompute(new Date(), null);
    return;
  }
  const redis = connectRedis(config.REDIS_URL, logger, 'import');
  try {
    await createRecomputeSegments({ store, redis, redisPrefix: config.REDIS_PREFIX, logger, clock: () => new Date() })({ trigger: 'import', wait: true });
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** A bar redrawn in place on a terminal; a line per phase (and per tenth of the file) otherwise. */
function progressBar(totalBytes: number): { tick: (tick: ImportTick) => void; end: () => void } {
  const tty = process.stderr.isTTY;
  let lastPhase = '';
  let lastTenth = -1;
  let drawn = false;
  return {
    tick: (tick) => {
      const fraction = tick.phase === 'reading' ? tick.bytesRead / Math.max(totalBytes, 1) : tick.phase === 'writing' ? tick.rowsWritten / Math.max(tick.rowsToWrite, 1) : 1;
      const counts = tick.phase === 'writing' ? `${tick.rowsWritten.toLocaleString('en')} of ${tick.rowsToWrite.toLocaleString('en')} rows written` : `${tick.rowsRead.toLocaleString('en')} rows read`;
      if (tty) {
        const width = 30;
        const filled = Math.round(Math.min(fraction, 1) * width);
        process.stderr.write(`\r${tick.phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)} %  ${counts}\x1b[K`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tick.phase === lastPhase && tenth === lastTenth) return;
      lastPhase = tick.phase;
      lastTenth = tenth;
      process.stderr.write(`${tick.phase} ${Math.round(fraction * 100)} % (${counts})\n`);
    },
    end: () => {
      if (drawn) process.stderr.write('\n');
    },
  };
}

function describe(summary: ImportSummary, file: string): string {
  const lines = [
    `${file}: ${summary.rows.toLocaleString('en')} ${summary.kind} rows${summary.dryRun ? ' (dry run: nothing written)' : ''}`,
    summary.rejectedTotal
      ? `rejected: ${summary.rejectedTotal} problem(s); nothing was written — fix these rows and import again:`
      : `${summary.dryRun ? 'would import' : 'imported'} ${summary.imported.toLocaleString('en')}, ${summary.dryRun ? 'would update' : 'updated'} ${summary.updated.toLocaleString('en')}`,
    ...summary.rejected.slice(0, REJECTIONS_SHOWN).map((r) => `  line ${r.line}${r.field ? `, ${r.field}` : ''}: ${r.message}`),
    ...(summary.rejectedTotal > REJECTIONS_SHOWN ? [`  … and ${summary.rejectedTotal - REJECTIONS_SHOWN} more (--json lists ${summary.rejected.length})`] : []),
    ...(summary.ignoredColumns.length ? [`columns ignored (not ${summary.kind} columns): ${summary.ignoredColumns.join(', ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
