// Derives the PostgreSQL schema from prisma/schema.prisma (the single source of truth).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const sqliteSchemaPath = join(root, 'prisma/schema.prisma');
export const postgresSchemaPath = join(root, 'prisma/postgres/schema.prisma');

/** Writes prisma/postgres/schema.prisma and returns its text. */
export function writePostgresSchema() {
  const source = readFileSync(sqliteSchemaPath, 'utf8');
  const derived = source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "../src/store/generated/sqlite"', 'output       = "../../src/store/generated/postgres"')
    .replace(/^\/\/ .*\n/gm, '');
  if (derived === source || !derived.includes('postgresql') || !derived.includes('generated/postgres')) {
    throw new Error('could not derive the PostgreSQL schema: prisma/schema.prisma no longer has the expected provider/output lines');
  }
  const text = `// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: do not edit.\n${derived}`;
  mkdirSync(dirname(postgresSchemaPath), { recursive: true });
  writeFileSync(postgresSchemaPath, text);
  return text;
}
