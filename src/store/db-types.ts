// The Prisma client type the repositories use (identical for both providers).

import type { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';

export type Db = InstanceType<typeof SqliteClient>;
/** A client or an interactive transaction's client. */
export type DbTx = Omit<Db, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
export type Provider = 'sqlite' | 'postgres';
