// Prisma CLI configuration. Offline-friendly: the JS schema engine talks to the database through
// the same driver adapters the app uses, so no engine binary is downloaded.
// PRISMA_SCHEMA=postgres selects the derived PostgreSQL schema (prisma/postgres/schema.prisma).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

const usePostgres = process.env.PRISMA_SCHEMA === 'postgres';
const url = process.env.DATABASE_URL ?? 'file:./data/care.db';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: usePostgres ? path.join('prisma', 'postgres', 'schema.prisma') : path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations', usePostgres ? 'postgres' : 'sqlite') },
  adapter: async () => (usePostgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
