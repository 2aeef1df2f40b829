// How many conversations wait in the staff queue: one COUNT over the (status, priority) index,
// asked by the metrics at scrape time.

import type { SqlExecutor } from './sql/sql-driver.ts';

export async function countQueuedConversations(sql: SqlExecutor): Promise<number> {
  const [row] = await sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "Conversation" WHERE "status" = 'queued'`);
  // PostgreSQL's COUNT is a bigint, which pg hands over as a string.
  return Number(row?.n ?? 0);
}
