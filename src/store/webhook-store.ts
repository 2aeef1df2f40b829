// Outgoing webhooks in the store: endpoints with their secrets, and one delivery row per
// (endpoint, event) updated on every attempt. Plain SQL, so the job worker process (which opens no
// Prisma client) delivers with it too. Staff changes are audited in the same transaction; the
// audit details never hold a secret.

import type {
  AttemptRecord,
  DeliveryStatus,
  DeliveryToSend,
  NewWebhookDelivery,
  NewWebhookEndpoint,
  RedeliveryOutcome,
  WebhookAdminStore,
  WebhookDeliveryRecord,
  WebhookDeliveryStore,
  WebhookEndpointChanges,
  WebhookEndpointListing,
  WebhookEndpointRecord,
  WebhookOutbox,
} from '../webhooks/webhook-ports.ts';
import { insertAudit } from './sql/common-rows.ts';
import { insertBatches, valuesPlaceholders } from './sql/sql-batches.ts';
import { toDate, toDateOrNull, type SqlDriver, type SqlExecutor } from './sql/sql-driver.ts';

const ENDPOINT_COLUMNS = `"id", "url", "events", "description", "enabled", "disabledReason", "previousSecretUntil", "createdAt", "updatedAt"`;
const DELIVERY_COLUMNS = `"id", "endpointId", "messageId", "eventType", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "deliveredAt", "createdAt", "updatedAt"`;

interface EndpointRow {
  id: string;
  url: string;
  events: string;
  description: string | null;
  enabled: unknown;
  disabledReason: string | null;
  previousSecretUntil: unknown;
  createdAt: unknown;
  updatedAt: unknown;
}

interface DeliveryRow {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  status: string;
  attempts: unknown;
  lastStatusCode: unknown;
  lastError: string | null;
  nextAttemptAt: unknown;
  deliveredAt: unknown;
  createdAt: unknown;
  updatedAt: unknown;
}

export class SqlWebhookStore implements WebhookAdminStore, WebhookOutbox, WebhookDeliveryStore {
  constructor(private readonly sql: SqlDriver) {}

  async createEndpoint(endpoint: NewWebhookEndpoint, actorId: string, now: Date): Promise<WebhookEndpointRecord> {
    return this.sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO "WebhookEndpoint" ("id", "url", "events", "description", "secret", "enabled", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
        endpoint.id,
        endpoint.url,
        JSON.stringify(endpoint.events),
        endpoint.description,
        endpoint.secret,
        true,
        now,
        now,
      ]);
      await audit(tx, actorId, 'webhook.created', endpoint.id, { url: endpoint.url, events: endpoint.events, description: endpoint.description }, now);
      return (await findEndpoint(tx, endpoint.id))!;
    });
  }

  async listEndpoints(): Promise<WebhookEndpointListing[]> {
    const rows = await this.sql.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM "WebhookEndpoint" ORDER BY "createdAt", "id"`);
    // One indexed look-up per endpoint ((endpointId, createdAt)): admins keep a handful of
    // endpoints, while the log of each grows without bound.
    return Promise.all(
      rows.map(async (row) => {
        const [last] = await this.sql.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM "WebhookDelivery" WHERE "endpointId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT 1`, [row.id]);
        return { ...endpointRecord(row), lastDelivery: last ? deliveryRecord(last) : null };
      }),
    );
  }

  async findEndpoint(id: string): Promise<WebhookEndpointRecord | null> {
    return findEndpoint(this.sql, id);
  }

  async updateEndpoint(id: string, changes: WebhookEndpointChanges, actorId: string, now: Date): Promise<WebhookEndpointRecord | null> {
    return this.sql.transaction(async (tx) => {
      const before = await findEndpoint(tx, id);
      if (!before) return null;
      const after = {
        url: changes.url ?? before.url,
        events: changes.events ?? before.events,
        description: changes.description !== undefined ? changes.description : before.description,
        enabled: changes.enabled ?? before.enabled,
      };
      // Enabling clears why it was disabled; an admin's disabling says so.
      const disabledReason = after.enabled ? null : changes.enabled === false && before.enabled ? 'disabled by an admin' : before.disabledReason;
      await tx.execute('UPDATE "WebhookEndpoint" SET "url" = ?, "events" = ?, "description" = ?, "enabled" = ?, "disabledReason" = ?, "updatedAt" = ? WHERE "id" = ?', [
        after.url,
        JSON.stringify(after.events),
        after.description,
        after.enabled,
        disabledReason,
        now,
        id,
      ]);
      const changed = Object.fromEntries(
        (Object.keys(after) as (keyof typeof after)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => [key, { from: before[key], to: after[key] }]),
      );
      await audit(tx, actorId, 'webhook.updated', id, { changes: changed }, now);
      return (await findEndpoint(tx, id))!;
    });
  }

  async deleteEndpoint(id: string, actorId: string, now: Date): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const before = await findEndpoint(tx, id);
      if (!before) return false;
      await tx.execute('DELETE FROM "WebhookDelivery" WHERE "endpointId" = ?', [id]);
      await tx.execute('DELETE FROM "WebhookEndpoint" WHERE "id" = ?', [id]);
      await audit(tx, actorId, 'webhook.deleted', id, { url: before.url, events: before.events }, now);
      return true;
    });
  }

  async rotateSecret(id: string, secret: string, graceUntil: Date, actorId: string, now: Date): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const changed = await tx.execute('UPDATE "WebhookEndpoint" SET "previousSecret" = "secret", "secret" = ?, "previousSecretUntil" = ?, "updatedAt" = ? WHERE "id" = ?', [
        secret,
        graceUntil,
        now,
        id,
      ]);
      if (!changed) return false;
      await audit(tx, actorId, 'webhook.secret_rotated', id, { previousSecretSignsUntil: graceUntil.toISOString() }, now);
      return true;
    });
  }

  async deliveries(endpointId: string, limit: number): Promise<WebhookDeliveryRecord[] | null> {
    if (!(await findEndpoint(this.sql, endpointId))) return null;
    const rows = await this.sql.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM "WebhookDelivery" WHERE "endpointId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`, [endpointId, limit]);
    return rows.map(deliveryRecord);
  }

  async redeliver(endpointId: string, deliveryId: string, actorId: string, now: Date): Promise<RedeliveryOutcome> {
    return this.sql.transaction(async (tx) => {
      // Pending only when no job holds it: nextAttemptAt now keeps the overdue sweep from taking it too.
      const changed = await tx.execute(
        `UPDATE "WebhookDelivery" SET "status" = 'pending', "attempts" = 0, "nextAttemptAt" = ?, "deliveredAt" = NULL, "updatedAt" = ? WHERE "id" = ? AND "endpointId" = ? AND "status" <> 'pending'`,
        [now, now, deliveryId, endpointId],
      );
      const [row] = await tx.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM "WebhookDelivery" WHERE "id" = ? AND "endpointId" = ?`, [deliveryId, endpointId]);
      if (!row) return { refused: 'not_found' as const };
      if (!changed) return { refused: 'pending' as const };
      const delivery = deliveryRecord(row);
      await audit(tx, actorId, 'webhook.redelivered', endpointId, { deliveryId, messageId: delivery.messageId, eventType: delivery.eventType }, now);
      return { delivery };
    });
  }

  async subscribedEndpoints(): Promise<{ id: string; events: string[] }[]> {
    const rows = await this.sql.query<{ id: string; events: string }>('SELECT "id", "events" FROM "WebhookEndpoint" WHERE "enabled" = ?', [true]);
    return rows.map((r) => ({ id: r.id, events: parseEvents(r.events) }));
  }

  async createDeliveries(deliveries: readonly NewWebhookDelivery[], now: Date): Promise<void> {
    for (const rows of insertBatches(deliveries)) {
      await this.sql.execute(
        `INSERT INTO "WebhookDelivery" ("id", "endpointId", "messageId", "eventType", "payload", "status", "attempts", "createdAt", "updatedAt") VALUES ${valuesPlaceholders(rows.length, 9)}`,
        rows.flatMap((d) => [d.id, d.endpointId, d.messageId, d.eventType, d.payload, 'pending', 0, now, now]),
      );
    }
  }

  async deliveryToSend(deliveryId: string): Promise<DeliveryToSend | null> {
    const [row] = await this.sql.query<DeliveryRow & { payload: string; url: string; secret: string; previousSecret: string | null; previousSecretUntil: unknown; enabled: unknown }>(
      `SELECT d."id", d."endpointId", d."messageId", d."eventType", d."status", d."attempts", d."lastStatusCode", d."lastError", d."nextAttemptAt", d."deliveredAt", d."createdAt", d."updatedAt",
              d."payload", e."url", e."secret", e."previousSecret", e."previousSecretUntil", e."enabled"
         FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e."id" = d."endpointId" WHERE d."id" = ?`,
      [deliveryId],
    );
    if (!row) return null;
    return {
      delivery: { ...deliveryRecord(row), payload: row.payload },
      endpoint: { id: row.endpointId, url: row.url, enabled: Boolean(row.enabled), secret: row.secret, previousSecret: row.previousSecret, previousSecretUntil: toDateOrNull(row.previousSecretUntil) },
    };
  }

  async recordAttempt(deliveryId: string, attempt: AttemptRecord, now: Date): Promise<void> {
    await this.sql.execute('UPDATE "WebhookDelivery" SET "status" = ?, "attempts" = ?, "lastStatusCode" = ?, "lastError" = ?, "nextAttemptAt" = ?, "deliveredAt" = ?, "updatedAt" = ? WHERE "id" = ?', [
      attempt.status,
      attempt.attempts,
      attempt.statusCode,
      attempt.error,
      attempt.nextAttemptAt,
      attempt.status === 'delivered' ? now : null,
      now,
      deliveryId,
    ]);
  }

  async overdueDeliveries(before: Date, limit: number): Promise<{ id: string; attempts: number }[]> {
    const rows = await this.sql.query<{ id: string; attempts: number | string }>(
      `SELECT "id", "attempts" FROM "WebhookDelivery"
        WHERE "status" = 'pending' AND COALESCE("nextAttemptAt", "createdAt") < ?
        ORDER BY COALESCE("nextAttemptAt", "createdAt") LIMIT ?`,
      [before, limit],
    );
    return rows.map((row) => ({ id: row.id, attempts: Number(row.attempts) }));
  }

  async disableEndpoint(endpointId: string, reason: string, now: Date): Promise<void> {
    await this.sql.transaction(async (tx) => {
      const changed = await tx.execute('UPDATE "WebhookEndpoint" SET "enabled" = ?, "disabledReason" = ?, "updatedAt" = ? WHERE "id" = ? AND "enabled" = ?', [false, reason, now, endpointId, true]);
      if (changed) await insertAudit(tx, { actorType: 'system', actorId: 'webhooks', action: 'webhook.disabled', entity: 'WebhookEndpoint', entityId: endpointId, details: { reason }, now });
    });
  }
}

async function findEndpoint(sql: SqlExecutor, id: string): Promise<WebhookEndpointRecord | null> {
  const [row] = await sql.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM "WebhookEndpoint" WHERE "id" = ?`, [id]);
  return row ? endpointRecord(row) : null;
}

function audit(tx: SqlExecutor, actorId: string, action: string, endpointId: string, details: Record<string, unknown>, now: Date): Promise<void> {
  return insertAudit(tx, { actorType: 'staff', actorId, action, entity: 'WebhookEndpoint', entityId: endpointId, details, now });
}

function endpointRecord(row: EndpointRow): WebhookEndpointRecord {
  return {
    id: row.id,
    url: row.url,
    events: parseEvents(row.events),
    description: row.description,
    enabled: Boolean(row.enabled),
    disabledReason: row.disabledReason,
    previousSecretUntil: toDateOrNull(row.previousSecretUntil),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
}

function deliveryRecord(row: DeliveryRow): WebhookDeliveryRecord {
  return {
    id: row.id,
    endpointId: row.endpointId,
    messageId: row.messageId,
    eventType: row.eventType,
    status: parseStatus(row.status),
    attempts: Number(row.attempts),
    lastStatusCode: row.lastStatusCode === null || row.lastStatusCode === undefined ? null : Number(row.lastStatusCode),
    lastError: row.lastError,
    nextAttemptAt: toDateOrNull(row.nextAttemptAt),
    deliveredAt: toDateOrNull(row.deliveredAt),
    createdAt: toDate(row.createdAt),
    updatedAt: toDate(row.updatedAt),
  };
}

function parseEvents(text: string): string[] {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
}

function parseStatus(value: string): DeliveryStatus {
  return value === 'delivered' || value === 'failed' ? value : 'pending';
}
