// The crisis signal's rows on the SQL drivers: complaint counts per category, product and keyword
// as aggregates (the same SQL for SQLite and PostgreSQL but for the JSON expression of the
// product), signals, incidents and the customers told their statement. Counting takes two steps
// per dimension: the keys with enough complaints in the short window, then the baseline of those
// keys alone, so the long baseline is never grouped over every key.

import type { CountPeriods, CrisisStore, IncidentRecord, IncidentReport, NewSignal, SignalRecord, Bilingual } from '../crisis/crisis-ports.ts';
import { FOLD_OVERLAP } from '../domain/crisis/fold-spikes.ts';
import type { OpenIncident } from '../domain/crisis/incident-match.ts';
import { parseSignalStatus, type ActiveSignal, type SignalChanges } from '../domain/crisis/signal-changes.ts';
import { parseSpikeDimension, type KeyCounts, type SpikeDimension } from '../domain/crisis/spike-detection.ts';
import { insertAudit } from './sql/common-rows.ts';
import { inListChunks } from './sql/sql-batches.ts';
import { randomUUID } from 'node:crypto';
import { toDate, toDateOrNull, UniqueViolationError, type SqlDriver, type SqlExecutor, type SqlValue } from './sql/sql-driver.ts';

type Count = number | string;

interface Dimension {
  /** The key's expression, `FROM` and conditions (the window or baseline bounds are added). */
  key: string;
  from: string;
  where: string;
  /** The time column bounded by the periods. */
  at: string;
}

const SIGNAL_COLUMNS = `s."id", s."dimension", s."key", s."count", s."expected", s."status", s."detectedAt", s."lastSeenAt", s."endedAt", i."id" AS "incidentId"`;
const SIGNAL_FROM = `FROM "CrisisSignal" s LEFT JOIN "CrisisIncident" i ON i."signalId" = s."id"`;

interface SignalRow {
  id: string;
  dimension: string;
  key: string;
  count: Count;
  expected: Count;
  status: string;
  detectedAt: unknown;
  lastSeenAt: unknown;
  endedAt: unknown;
  incidentId: string | null;
}

const INCIDENT_COLUMNS = `i."id", i."signalId", i."dimension", i."key", i."title", i."statementZh", i."statementEn", i."status", i."confirmedById", i."confirmedAt",
  i."closedById", i."closedAt", i."updateZh", i."updateEn", i."notifyCustomers", i."updatesPlanned", cs."name" AS "confirmedByName", xs."name" AS "closedByName"`;
const INCIDENT_FROM = `FROM "CrisisIncident" i LEFT JOIN "Staff" cs ON cs."id" = i."confirmedById" LEFT JOIN "Staff" xs ON xs."id" = i."closedById"`;

interface IncidentRow {
  id: string;
  signalId: string;
  dimension: string;
  key: string;
  title: string;
  statementZh: string;
  statementEn: string;
  status: string;
  confirmedById: string;
  confirmedAt: unknown;
  closedById: string | null;
  closedAt: unknown;
  updateZh: string | null;
  updateEn: string | null;
  notifyCustomers: boolean | number;
  updatesPlanned: Count;
  confirmedByName: string | null;
  closedByName: string | null;
}

/** At most this many burst words an incident keeps (a complaint has at most a dozen keywords). */
const MAX_BURST_WORDS = 12;

export class SqlCrisisStore implements CrisisStore {
  private readonly dimensions: Record<SpikeDimension, Dimension>;

  constructor(
    private readonly sql: SqlDriver,
    /** The detector's window (CRISIS_WINDOW_MS): a burst's complaints are the key's from a window before its detection. */
    private readonly windowMs = 60 * 60_000,
  ) {
    // The product is a fact of step 2, in the case's facts JSON (as the insights read it).
    const product = sql.dialect === 'postgres' ? `LOWER(TRIM(k."facts"::jsonb ->> 'product'))` : `LOWER(TRIM(json_extract(k."facts", '$.product')))`;
    this.dimensions = {
      category: { key: 'k."category"', from: 'FROM "Case" k', where: '1 = 1', at: 'k."createdAt"' },
      product: { key: product, from: 'FROM "Case" k', where: `${product} IS NOT NULL AND ${product} NOT IN ('', 'unknown')`, at: 'k."createdAt"' },
      keyword: { key: 'w."keyword"', from: 'FROM "CaseKeyword" w', where: '1 = 1', at: 'w."createdAt"' },
    };
  }

  async countComplaints(periods: CountPeriods): Promise<KeyCounts[]> {
    const all = await Promise.all((Object.keys(this.dimensions) as SpikeDimension[]).map((dimension) => this.countDimension(dimension, periods)));
    return all.flat();
  }

  async windowCaseIds(dimension: SpikeDimension, key: string, windowStart: Date, now: Date): Promise<string[]> {
    const d = this.dimensions[dimension];
    const id = dimension === 'keyword' ? 'w."caseId"' : 'k."id"';
    const rows = await this.sql.query<{ id: string }>(`SELECT ${id} AS "id" ${d.from} WHERE ${d.at} >= ? AND ${d.at} < ? AND ${d.where} AND ${d.key} = ?`, [windowStart, now, key]);
    return rows.map((row) => row.id);
  }

  private async countDimension(dimension: SpikeDimension, { windowStart, baselineStart, now, minCount }: CountPeriods): Promise<KeyCounts[]> {
    const d = this.dimensions[dimension];
    const inWindow = await this.sql.query<{ key: string; n: Count }>(
      `SELECT ${d.key} AS "key", COUNT(*) AS "n" ${d.from} WHERE ${d.at} >= ? AND ${d.at} < ? AND ${d.where} GROUP BY ${d.key} HAVING COUNT(*) >= ?`,
      [windowStart, now, minCount],
    );
    if (!inWindow.length) return [];
    const baseline = new Map<string, number>();
    for (const { params, placeholders } of inListChunks(inWindow.map((row) => row.key))) {
      const rows = await this.sql.query<{ key: string; n: Count }>(
        `SELECT ${d.key} AS "key", COUNT(*) AS "n" ${d.from} WHERE ${d.at} >= ? AND ${d.at} < ? AND ${d.key} IN (${placeholders}) GROUP BY ${d.key}`,
        [baselineStart, windowStart, ...params],
      );
      for (const row of rows) baseline.set(row.key, Number(row.n));
    }
    return inWindow.map((row) => ({ dimension, key: row.key, windowCount: Number(row.n), baselineCount: baseline.get(row.key) ?? 0 }));
  }

  async activeSignals(): Promise<ActiveSignal[]> {
    const rows = await this.sql.query<{ id: string; dimension: string; key: string; status: string; lastSeenAt: unknown }>(
      'SELECT "id", "dimension", "key", "status", "lastSeenAt" FROM "CrisisSignal" WHERE "endedAt" IS NULL',
    );
    return rows.map((row) => ({ id: row.id, dimension: parseSpikeDimension(row.dimension), key: row.key, status: parseSignalStatus(row.status), lastSeenAt: toDate(row.lastSeenAt) }));
  }

  async applySignalChanges(changes: SignalChanges, newId: () => string, now: Date): Promise<NewSignal[]> {
    for (const { id, spike } of changes.updated) {
      await this.sql.execute('UPDATE "CrisisSignal" SET "count" = ?, "expected" = ?, "pValue" = ?, "lastSeenAt" = ?, "updatedAt" = ? WHERE "id" = ?', [
        spike.count,
        spike.expected,
        spike.pValue,
        now,
        now,
        id,
      ]);
    }
    for (const { params, placeholders } of inListChunks(changes.ended)) {
      await this.sql.execute(`UPDATE "CrisisSignal" SET "endedAt" = ?, "updatedAt" = ? WHERE "endedAt" IS NULL AND "status" <> 'confirmed' AND "id" IN (${placeholders})`, [now, now, ...params]);
    }
    const created: NewSignal[] = [];
    for (const spike of changes.created) {
      const signal: NewSignal = { id: newId(), dimension: spike.dimension, key: spike.key, count: spike.count, expected: spike.expected };
      try {
        await this.sql.transaction(async (tx) => {
          await tx.execute(
            `INSERT INTO "CrisisSignal" ("id", "dimension", "key", "count", "expected", "pValue", "status", "detectedAt", "lastSeenAt", "createdAt", "updatedAt")
             VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?)`,
            [signal.id, signal.dimension, signal.key, signal.count, signal.expected, spike.pValue, now, now, now, now],
          );
          await insertAudit(tx, {
            actorType: 'system',
            actorId: 'crisis-detector',
            action: 'crisis.signal_detected',
            entity: 'CrisisSignal',
            entityId: signal.id,
            details: { dimension: signal.dimension, key: signal.key, count: signal.count, expected: signal.expected, pValue: spike.pValue },
            now,
          });
        });
        created.push(signal);
      } catch (error) {
        // Another pass signalled the key meanwhile (the partial unique index): that signal stands.
        if (!(error instanceof UniqueViolationError)) throw error;
      }
    }
    return created;
  }

  async dominantCategory(dimension: SpikeDimension, key: string, since: Date): Promise<string | null> {
    if (dimension === 'category') return key;
    const d = this.dimensions[dimension];
    const join = dimension === 'keyword' ? 'JOIN "Case" k ON k."id" = w."caseId"' : '';
    const [row] = await this.sql.query<{ category: string }>(
      `SELECT k."category" AS "category" ${d.from} ${join} WHERE ${d.at} >= ? AND ${d.where} AND ${d.key} = ? GROUP BY k."category" ORDER BY COUNT(*) DESC, k."category" LIMIT 1`,
      [since, key],
    );
    return row?.category ?? null;
  }

  async listSignals(since: Date, limit: number): Promise<SignalRecord[]> {
    const rows = await this.sql.query<SignalRow>(
      // Every signal still waiting for a decision, however old, and the rest of the period.
      `SELECT ${SIGNAL_COLUMNS} ${SIGNAL_FROM} WHERE s."detectedAt" >= ? OR (s."status" = 'new' AND s."endedAt" IS NULL) ORDER BY s."detectedAt" DESC, s."id" LIMIT ?`,
      [since, limit],
    );
    return rows.map(toSignal);
  }

  async findSignal(id: string): Promise<SignalRecord | null> {
    const [row] = await this.sql.query<SignalRow>(`SELECT ${SIGNAL_COLUMNS} ${SIGNAL_FROM} WHERE s."id" = ?`, [id]);
    return row ? toSignal(row) : null;
  }

  async listIncidents(since: Date, limit: number): Promise<IncidentRecord[]> {
    const rows = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} ${INCIDENT_FROM} WHERE i."confirmedAt" >= ? OR i."status" = 'open' ORDER BY i."confirmedAt" DESC, i."id" LIMIT ?`, [
      since,
      limit,
    ]);
    return rows.map(toIncident);
  }

  async confirmSignal(
    signalId: string,
    input: { incidentId: string; title: string; statement: Bilingual },
    staffId: string,
    now: Date,
  ): Promise<IncidentRecord | 'not_found' | 'already_confirmed' | 'ended'> {
    const outcome = await this.sql.transaction(async (tx) => {
      const [signal] = await tx.query<{ id: string; dimension: string; key: string; status: string; endedAt: unknown }>(
        'SELECT "id", "dimension", "key", "status", "endedAt" FROM "CrisisSignal" WHERE "id" = ?',
        [signalId],
      );
      if (!signal) return 'not_found' as const;
      // A burst that is over is not confirmed after the fact (a newer signal of its key may be active).
      if (signal.endedAt !== null && signal.status !== 'confirmed') return 'ended' as const;
      // Only one confirmation: the status moves from what was read, or nothing is written.
      const moved = await tx.execute(`UPDATE "CrisisSignal" SET "status" = 'confirmed', "endedAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" <> 'confirmed'`, [now, signalId]);
      if (moved === 0) return 'already_confirmed' as const;
      await tx.execute(
        `INSERT INTO "CrisisIncident" ("id", "signalId", "dimension", "key", "title", "statementZh", "statementEn", "status", "confirmedById", "confirmedAt", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
        [input.incidentId, signalId, signal.dimension, signal.key, input.title, input.statement.zh, input.statement.en, staffId, now, now, now],
      );
      await insertAudit(tx, {
        actorType: 'staff',
        actorId: staffId,
        action: 'crisis.confirmed',
        entity: 'CrisisIncident',
        entityId: input.incidentId,
        details: { signalId, dimension: signal.dimension, key: signal.key, title: input.title, statement: input.statement },
        now,
      });
      return input.incidentId;
    });
    if (outcome === 'not_found' || outcome === 'already_confirmed' || outcome === 'ended') return outcome;
    return (await this.findIncident(outcome))!;
  }

  async dismissSignal(signalId: string, staffId: string, now: Date): Promise<SignalRecord | 'not_found' | 'already_confirmed'> {
    const outcome = await this.sql.transaction(async (tx) => {
      const [signal] = await tx.query<{ status: string; dimension: string; key: string }>('SELECT "status", "dimension", "key" FROM "CrisisSignal" WHERE "id" = ?', [signalId]);
      if (!signal) return 'not_found' as const;
      const moved = await tx.execute(`UPDATE "CrisisSignal" SET "status" = 'dismissed', "dismissedById" = ?, "dismissedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'new'`, [
        staffId,
        now,
        now,
        signalId,
      ]);
      if (moved === 0) return signal.status === 'confirmed' ? ('already_confirmed' as const) : ('unchanged' as const);
      await insertAudit(tx, {
        actorType: 'staff',
        actorId: staffId,
        action: 'crisis.dismissed',
        entity: 'CrisisSignal',
        entityId: signalId,
        details: { dimension: signal.dimension, key: signal.key },
        now,
      });
      return 'dismissed' as const;
    });
    if (outcome === 'not_found' || outcome === 'already_confirmed') return outcome;
    return (await this.findSignal(signalId))!;
  }

  async closeIncident(incidentId: string, input: { update: Bilingual | null; notifyCustomers: boolean }, staffId: string, now: Date): Promise<IncidentRecord | 'not_found' | 'already_closed'> {
    const outcome = await this.sql.transaction(async (tx) => {
      const [incident] = await tx.query<{ signalId: string; status: string }>('SELECT "signalId", "status" FROM "CrisisIncident" WHERE "id" = ?', [incidentId]);
      if (!incident) return 'not_found' as const;
      const closed = await tx.execute(
        `UPDATE "CrisisIncident" SET "status" = 'closed', "closedById" = ?, "closedAt" = ?, "updateZh" = ?, "updateEn" = ?, "notifyCustomers" = ?, "updatedAt" = ? WHERE "id" = ? AND "status" = 'open'`,
        [staffId, now, input.update?.zh ?? null, input.update?.en ?? null, input.notifyCustomers, now, incidentId],
      );
      if (closed === 0) return 'already_closed' as const;
      // A later burst of the key is a new signal.
      await tx.execute('UPDATE "CrisisSignal" SET "endedAt" = ?, "updatedAt" = ? WHERE "id" = ? AND "endedAt" IS NULL', [now, now, incident.signalId]);
      const planned = input.notifyCustomers && input.update ? await planUpdates(tx, incidentId, input.update, now) : 0;
      if (planned) await tx.execute('UPDATE "CrisisIncident" SET "updatesPlanned" = ? WHERE "id" = ?', [planned, incidentId]);
      await insertAudit(tx, {
        actorType: 'staff',
        actorId: staffId,
        action: 'crisis.closed',
        entity: 'CrisisIncident',
        entityId: incidentId,
        details: { notifyCustomers: input.notifyCustomers, update: input.update, updatesPlanned: planned },
        now,
      });
      return 'closed' as const;
    });
    if (outcome !== 'closed') return outcome;
    return (await this.findIncident(incidentId))!;
  }

  async report(incidentId: string): Promise<IncidentReport | null> {
    const incident = await this.findIncident(incidentId);
    if (!incident) return null;
    const signal = await this.findSignal(incident.signalId);
    if (!signal) return null;
    const d = this.dimensions[incident.dimension];
    // From the detection to the close (an open incident: to now).
    const until = incident.closedAt ? ` AND ${d.at} < ?` : '';
    const [complaints] = await this.sql.query<{ n: Count }>(`SELECT COUNT(*) AS "n" ${d.from} WHERE ${d.at} >= ?${until} AND ${d.where} AND ${d.key} = ?`, [
      signal.detectedAt,
      ...(incident.closedAt ? [incident.closedAt] : []),
      incident.key,
    ]);
    const [told] = await this.sql.query<{ n: Count; first: unknown; last: unknown }>(
      'SELECT COUNT(*) AS "n", MIN("createdAt") AS "first", MAX("createdAt") AS "last" FROM "CrisisNotice" WHERE "incidentId" = ?',
      [incidentId],
    );
    const [sent] = await this.sql.query<{ n: Count }>(`SELECT COUNT(*) AS "n" FROM "FollowUp" WHERE "dedupeKey" LIKE ? AND "status" = 'sent'`, [`crisis:${incidentId}:%`]);
    return {
      incident,
      signal,
      complaints: Number(complaints?.n ?? 0),
      customersTold: Number(told?.n ?? 0),
      firstToldAt: toDateOrNull(told?.first),
      lastToldAt: toDateOrNull(told?.last),
      updatesPlanned: incident.updatesPlanned,
      updatesSent: Number(sent?.n ?? 0),
    };
  }

  async openIncidents(): Promise<OpenIncident[]> {
    const rows = await this.sql.query<{ id: string; dimension: string; key: string; statementZh: string; statementEn: string; detectedAt: Date | string; lastSeenAt: Date | string }>(
      `SELECT i."id", i."dimension", i."key", i."statementZh", i."statementEn", s."detectedAt", s."lastSeenAt"
         FROM "CrisisIncident" i JOIN "CrisisSignal" s ON s."id" = i."signalId"
        WHERE i."status" = 'open' ORDER BY i."confirmedAt", i."id"`,
    );
    return Promise.all(
      rows.map(async (row) => {
        const dimension = parseSpikeDimension(row.dimension);
        const incident: OpenIncident = { id: row.id, dimension, key: row.key, statement: { zh: row.statementZh, en: row.statementEn } };
        if (dimension === 'category') return incident;
        const from = new Date(toDate(row.detectedAt).getTime() - this.windowMs);
        return { ...incident, burstWords: await this.burstWords(dimension, row.key, from, toDate(row.lastSeenAt)) };
      }),
    );
  }

  async burstWords(dimension: SpikeDimension, key: string, from: Date, to: Date): Promise<string[]> {
    if (dimension === 'category') return [];
    const d = this.dimensions[dimension];
    const caseId = dimension === 'keyword' ? 'w."caseId"' : 'k."id"';
    const range = `${d.at} >= ? AND ${d.at} <= ? AND ${d.where} AND ${d.key} = ?`;
    const [total] = await this.sql.query<{ n: Count }>(`SELECT COUNT(*) AS "n" ${d.from} WHERE ${range}`, [from, to, key]);
    const complaints = Number(total?.n ?? 0);
    if (complaints === 0) return [];
    // Ties in code point order on both databases (PostgreSQL's default collation would differ from SQLite's).
    const byWord = this.sql.dialect === 'postgres' ? 'b."keyword" COLLATE "C"' : 'b."keyword"';
    const words = await this.sql.query<{ word: string; n: Count }>(
      `SELECT b."keyword" AS "word", COUNT(*) AS "n" ${d.from} JOIN "CaseKeyword" b ON b."caseId" = ${caseId}
        WHERE ${range} GROUP BY b."keyword" HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, ${byWord} LIMIT ${MAX_BURST_WORDS}`,
      [from, to, key, Math.ceil(FOLD_OVERLAP * complaints)],
    );
    return words.map((w) => w.word);
  }

  private async findIncident(id: string): Promise<IncidentRecord | null> {
    const [row] = await this.sql.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} ${INCIDENT_FROM} WHERE i."id" = ?`, [id]);
    return row ? toIncident(row) : null;
  }
}

/**
 * One follow-up per customer told the statement, due now: the follow-up jobs send it on their
 * channel (opt-outs and quiet hours honoured there, domain/follow-ups/decide-follow-up.ts) in the
 * language they were told in. The dedupe key makes it one per customer and incident.
 */
async function planUpdates(tx: SqlExecutor, incidentId: string, update: Bilingual, now: Date): Promise<number> {
  const told = await tx.query<{ customerId: string; conversationId: string; caseId: string | null; language: string }>(
    `SELECT n."customerId", MIN(n."conversationId") AS "conversationId", MIN(n."caseId") AS "caseId", MIN(n."language") AS "language"
       FROM "CrisisNotice" n JOIN "Customer" c ON c."id" = n."customerId"
      WHERE n."incidentId" = ? AND c."erasedAt" IS NULL GROUP BY n."customerId"`,
    [incidentId],
  );
  let planned = 0;
  for (const notice of told) {
    const payload = JSON.stringify({ reason: 'crisis_update', incidentId, update, language: notice.language });
    const params: SqlValue[] = [randomUUID(), notice.customerId, notice.caseId, now, `crisis:${incidentId}:${notice.customerId}`, payload, notice.conversationId, now, now];
    planned += await tx.execute(
      `INSERT INTO "FollowUp" ("id", "customerId", "caseId", "kind", "dueAt", "dedupeKey", "payload", "conversationId", "createdAt", "updatedAt")
       VALUES (?, ?, ?, 'outreach', ?, ?, ?, ?, ?, ?) ON CONFLICT ("dedupeKey") DO NOTHING`,
      params,
    );
  }
  return planned;
}

function toSignal(row: SignalRow): SignalRecord {
  return {
    id: row.id,
    dimension: parseSpikeDimension(row.dimension),
    key: row.key,
    count: Number(row.count),
    expected: Number(row.expected),
    status: parseSignalStatus(row.status),
    detectedAt: toDate(row.detectedAt),
    lastSeenAt: toDate(row.lastSeenAt),
    endedAt: toDateOrNull(row.endedAt),
    incidentId: row.incidentId,
  };
}

function toIncident(row: IncidentRow): IncidentRecord {
  return {
    id: row.id,
    signalId: row.signalId,
    dimension: parseSpikeDimension(row.dimension),
    key: row.key,
    title: row.title,
    statement: { zh: row.statementZh, en: row.statementEn },
    status: row.status === 'closed' ? 'closed' : 'open',
    confirmedBy: { id: row.confirmedById, name: row.confirmedByName ?? row.confirmedById },
    confirmedAt: toDate(row.confirmedAt),
    closedBy: row.closedById ? { id: row.closedById, name: row.closedByName ?? row.closedById } : null,
    closedAt: toDateOrNull(row.closedAt),
    update: row.updateZh !== null && row.updateEn !== null ? { zh: row.updateZh, en: row.updateEn } : null,
    notifyCustomers: Boolean(Number(row.notifyCustomers)),
    updatesPlanned: Number(row.updatesPlanned),
  };
}
