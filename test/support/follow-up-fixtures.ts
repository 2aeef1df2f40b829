// Many due follow-ups at once, for the fault tests and benchmarks: customers reachable only on the
// loopback sink channel, each with one festival greeting, written straight through the SQL driver
// (hundreds of rows in one transaction); and a tally of what became of them.

import { randomUUID } from 'node:crypto';
import { sentKey } from '../../src/store/follow-ups.ts';
import type { SqlDriver } from '../../src/store/sql/sql-driver.ts';
import { SINK_CHANNEL } from './sink-channel.ts';

/** The payload the planner writes for a Spring Festival greeting. */
export const SPRING_FESTIVAL = { occasion: 'spring-festival', names: { zh: '春节', en: 'Spring Festival' } };

/** Env that lets a greeting go at any hour, so quiet hours never defer one in a test. */
export const ANY_HOUR_ENV = { QUIET_HOURS: '0-0', GREETING_HOURS: '0-24' } as const;

/**
 * Inserts `count` customers, each with a sink identity and one greeting due at `dueAt(i)`
 * (default: a second ago). Returns the follow-up ids, in order.
 */
export async function insertSinkGreetings(sql: SqlDriver, count: number, dueAt: (index: number) => Date = () => new Date(Date.now() - 1000)): Promise<string[]> {
  const now = new Date();
  const payload = JSON.stringify(SPRING_FESTIVAL);
  const ids: string[] = [];
  await sql.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const customerId = randomUUID();
      const followUpId = randomUUID();
      await tx.execute('INSERT INTO "Customer" ("id", "name", "locale", "tier", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)', [customerId, `Sink Customer ${i}`, 'en', 'B', now, now]);
      await tx.execute('INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "customerId", "createdAt") VALUES (?, ?, ?, ?, ?)', [
        randomUUID(),
        SINK_CHANNEL,
        `sink-${customerId}`,
        customerId,
        now,
      ]);
      await tx.execute('INSERT INTO "FollowUp" ("id", "customerId", "kind", "dueAt", "dedupeKey", "payload", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        followUpId,
        customerId,
        'greeting',
        dueAt(i),
        `greeting:test:${followUpId}`,
        payload,
        now,
        now,
      ]);
      ids.push(followUpId);
    }
  });
  return ids;
}

export interface FollowUpTally {
  /** Rows per status, e.g. { sent: 300 }. */
  statuses: Record<string, number>;
  /** Stored follow-up messages (channelMessageId `followup:<id>`) of these follow-ups. */
  messages: number;
  /** Follow-ups with more than one stored message (should never happen: the key is unique). */
  repeated: number;
  /** Follow-ups claimed more than once (taken over from a worker that stopped, or retried). */
  reclaimed: number;
}

/** What became of the given follow-ups: their statuses, and the messages stored for them. */
export async function tallyFollowUps(sql: SqlDriver, ids: readonly string[]): Promise<FollowUpTally> {
  const statuses: Record<string, number> = {};
  let reclaimed = 0;
  const perKey = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const marks = chunk.map(() => '?').join(', ');
    for (const row of await sql.query<{ status: string; n: number | string; reclaimed: number | string | null }>(
      `SELECT "status", COUNT(*) AS "n", SUM(CASE WHEN "attempts" > 1 THEN 1 ELSE 0 END) AS "reclaimed" FROM "FollowUp" WHERE "id" IN (${marks}) GROUP BY "status"`,
      chunk,
    )) {
      statuses[row.status] = (statuses[row.status] ?? 0) + Number(row.n);
      reclaimed += Number(row.reclaimed ?? 0);
    }
    const keys = chunk.map(sentKey);
    for (const row of await sql.query<{ channelMessageId: string; n: number | string }>(
      `SELECT "channelMessageId", COUNT(*) AS "n" FROM "Message" WHERE "channelMessageId" IN (${marks}) GROUP BY "channelMessageId"`,
      keys,
    )) {
      perKey.set(row.channelMessageId, Number(row.n));
    }
  }
  let messages = 0;
  let repeated = 0;
  for (const n of perKey.values()) {
    messages += n;
    if (n > 1) repeated += 1;
  }
  return { statuses, messages, repeated, reclaimed };
}
