#!/usr/bin/env node
// First-run setup, idempotent and fast when nothing changed: installs npm packages, generates the
// Prisma clients for SQLite and PostgreSQL, compiles the service to dist/ (scripts/build.mjs), and
// makes sure a redis-server binary exists when the app will start its own Redis. Plain Node with no dependencies, so it runs before `npm install`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, statSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from './build.mjs';
import { root, sqliteSchemaPath, postgresSchemaPath, writePostgresSchema } from './prisma-schemas.mjs';

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const say = (line) => {
  if (!quiet) console.log(`[setup] ${line}`);
};
const run = (cmd, cmdArgs) => execFileSync(cmd, cmdArgs, { cwd: root, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });

loadDotEnv();
installPackages();
generatePrismaClients();
if (!args.has('--generate-only')) {
  buildApp({ quiet });
  ensureRedisServer();
}
say('ready');

function loadDotEnv() {
  const file = join(root, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

function installPackages() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  say('installing npm packages (first run)…');
  // `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (rollup's) out of the
  // lock file and then refuses `npm ci`. With a lock file present, install still pins its versions.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function generatePrismaClients() {
  const schema = readFileSync(sqliteSchemaPath, 'utf8');
  const pkg = readFileSync(join(root, 'package-lock.json'), 'utf8');
  const hash = createHash('sha256').update(schema).update(pkg).digest('hex');
  const stamp = join(root, 'src/store/generated/.schema-hash');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  say('generating the Prisma clients…');
  writePostgresSchema();
  const prisma = join(root, 'node_modules/.bin/prisma');
  // The CLI needs a parseable datasource URL to see `engineType = "client"`; without one it tries to
  // download a query engine, which fails offline.
  const targets = [
    [sqliteSchemaPath, 'file:./data/generate.db'],
    [postgresSchemaPath, 'postgresql://localhost:5432/generate'],
  ];
  for (const [schemaPath, url] of targets) {
    const env = { ...process.env, DATABASE_URL: url };
    execFileSync(prisma, ['generate', '--schema', schemaPath], { cwd: root, env, stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' });
  }
  mkdirSync(join(root, 'src/store/generated'), { recursive: true });
  writeFileSync(stamp, hash);
}

function ensureRedisServer() {
  if (process.env.REDIS_URL) return;
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    say('installing redis-server with apt-get (REDIS_URL is unset, so the app runs its own Redis)…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'redis-server']);
    return;
  }
  console.error(
    '[setup] redis-server is not installed. Install it (Debian/Ubuntu: sudo apt-get install redis-server, macOS: brew install redis)\n' + '        or set REDIS_URL to a Redis you already run.',
  );
  process.exit(1);
}
