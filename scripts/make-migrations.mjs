#!/usr/bin/env node
// Writes a new migration for SQLite and PostgreSQL from the change in prisma/schema.prisma since the
// last migration, by diffing against the schema snapshot kept beside each migrations folder.
// Prisma's JS schema engine needs a PostgreSQL to talk to for the PostgreSQL diff: point
// MIGRATION_PG_URL at a scratch one. Hand-written migrations (e.g. partial indexes, which the schema
// language cannot express) sit beside the generated ones. Usage: npm run db:migrations -- add_survey_fields
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, sqliteSchemaPath, postgresSchemaPath, writePostgresSchema } from './prisma-schemas.mjs';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:migrations -- <migration_name>');
  process.exit(2);
}
writePostgresSchema();
mkdirSync(join(root, 'data'), { recursive: true }); // the SQLite diff needs a folder for its scratch file
const prisma = join(root, 'node_modules/.bin/prisma');
const providers = [
  { dir: 'sqlite', schema: sqliteSchemaPath, url: 'file:./data/generate.db', lock: 'sqlite' },
  { dir: 'postgres', schema: postgresSchemaPath, url: process.env.MIGRATION_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres', lock: 'postgresql' },
];
for (const provider of providers) {
  const folder = join(root, 'prisma/migrations', provider.dir);
  const snapshot = join(folder, 'schema.snapshot.prisma');
  mkdirSync(folder, { recursive: true });
  const from = existsSync(snapshot) ? ['--from-schema-datamodel', snapshot] : ['--from-empty'];
  const sql = execFileSync(prisma, ['migrate', 'diff', ...from, '--to-schema-datamodel', provider.schema, '--script'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: provider.url, PRISMA_SCHEMA: provider.dir },
    encoding: 'utf8',
  });
  if (/^-- This is an empty migration\.\s*$/m.test(sql) || sql.trim() === '') {
    console.log(`${provider.dir}: no schema change`);
    continue;
  }
  const number = String(readdirSync(folder).filter((f) => /^\d{4}_/.test(f)).length + 1).padStart(4, '0');
  const target = join(folder, `${number}_${name}`);
  mkdirSync(target);
  writeFileSync(join(target, 'migration.sql'), sql);
  writeFileSync(join(folder, 'migration_lock.toml'), `provider = "${provider.lock}"\n`);
  copyFileSync(provider.schema, snapshot);
  console.log(`${provider.dir}: wrote ${target}`);
}
