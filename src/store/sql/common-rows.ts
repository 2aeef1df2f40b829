// Rows several SQL stores write: a message, a contact-log entry, a system audit entry. One
// statement each, so the column lists live in one place.

import { randomUUID } from 'node:crypto';
import type { StoredMessage } from '../../conversation/ports.ts';
import { MESSAGE_COLUMNS, toStoredMessage, type MessageRow } from '../message-mapper.ts';
import type { SqlExecutor } from './sql-driver.ts';

export interface NewMessage {
  conversationId: string;
  direction: 'in' | 'out';
  author: 'customer' | 'bot';
  text: string;
  channelMessageId?: string | null;
  /** JSON array of choice labels */
  choices?: string | null;
  /**
   * A reply to the conversation's latest inbound message, found by the database: the customer's
   * message inserted just before in the same transaction (a conversation's turns take turns), so
   * the reply need not wait for that message's id to come back.
   */
  answersLatestInbound?: boolean;
  nlu?: string | null;
  /** The channel confirms the send itself; until it does, the delivery sweeper may send it from then. */
  deliveryDueAt?: Date | null;
  now: Date;
}

const LATEST_INBOUND = `(SELECT "id" FROM "Message" WHERE "conversationId" = ? AND "direction" = 'in' ORDER BY "id" DESC LIMIT 1)`;
/** The statement with its reply-to id (SQL text built once: the drivers look their prepared statements up by it). */
const insertMessageSql = (replyToId: string) =>
  `INSERT INTO "Message" ("conversationId", "direction", "author", "text", "choices", "channelMessageId", "replyToId", "nlu", "createdAt", "deliveryDueAt")
   VALUES (?, ?, ?, ?, ?, ?, ${replyToId}, ?, ?, ?) RETURNING ${MESSAGE_COLUMNS}`;
const INSERT_MESSAGE = insertMessageSql('NULL');
const INSERT_REPLY = insertMessageSql(LATEST_INBOUND);

export async function insertMessage(tx: SqlExecutor, m: NewMessage): Promise<StoredMessage> {
  const [row] = await tx.query<MessageRow>(m.answersLatestInbound ? INSERT_REPLY : INSERT_MESSAGE, [
    m.conversationId,
    m.direction,
    m.author,
    m.text,
    m.choices ?? null,
    m.channelMessageId ?? null,
    ...(m.answersLatestInbound ? [m.conversationId] : []),
    m.nlu ?? null,
    m.now,
    m.deliveryDueAt ?? null,
  ]);
  if (!row) throw new Error('INSERT … RETURNING gave no row');
  return toStoredMessage(row);
}

export interface NewContact {
  id?: string;
  customerId: string;
  conversationId: string | null;
  kind: string;
  channel: string;
  summary: string;
  outcome: string | null;
  now: Date;
}

export async function insertContact(tx: SqlExecutor, c: NewContact): Promise<void> {
  await tx.execute('INSERT INTO "Contact" ("id", "customerId", "conversationId", "kind", "channel", "summary", "outcome", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    c.id ?? randomUUID(),
    c.customerId,
    c.conversationId,
    c.kind,
    c.channel,
    c.summary,
    c.outcome,
    c.now,
    c.now,
  ]);
}

export interface AuditEntry {
  actorType: 'staff' | 'system';
  /** A staff id; for the system, what did it (or null). */
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
  now: Date;
}

/** An AuditLog entry, written by the per-message and bulk paths that run on plain SQL. */
export async function insertAudit(tx: SqlExecutor, entry: AuditEntry): Promise<void> {
  await writeAuditRow(tx, { ...entry, details: JSON.stringify(entry.details) });
}

/** An AuditLog entry by the service itself (actor type system); `details` already as text. */
export async function insertSystemAudit(tx: SqlExecutor, entry: { action: string; entity: string; entityId: string; details: string; now: Date }): Promise<void> {
  await writeAuditRow(tx, { ...entry, actorType: 'system', actorId: null });
}

async function writeAuditRow(tx: SqlExecutor, entry: Omit<AuditEntry, 'details'> & { details: string }): Promise<void> {
  await tx.execute('INSERT INTO "AuditLog" ("id", "actorType", "actorId", "action", "entity", "entityId", "details", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    randomUUID(),
    entry.actorType,
    entry.actorId,
    entry.action,
    entry.entity,
    entry.entityId,
    entry.details,
    entry.now,
  ]);
}
