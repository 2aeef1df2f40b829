// The customer's background for the conversation view: their other conversations with each one's
// last message, their orders on file, and order numbers their cases mention that are not on file.
// Four or five statements whatever the history (the last message is a correlated subquery on the
// (conversationId, id) index, not a query per conversation); off the per-message path.

import {
  LAST_MESSAGE_PREVIEW_CHARS,
  ORDERS_LIMIT,
  PREVIOUS_CONVERSATIONS_LIMIT,
  type CustomerBackground,
  type CustomerBackgroundStore,
  type PreviousConversation,
} from '../console/customers/customer-background-ports.ts';
import { mentionedOrderNumbers, notOnFile } from '../domain/mentioned-orders.ts';
import { MESSAGE_AUTHORS, parseConversationStatus } from '../domain/types.ts';
import { parseObject } from './json-object.ts';
import { toDate, toDateOrNull, type SqlExecutor } from './sql/sql-driver.ts';

/** The newest cases whose facts are searched for order numbers. */
const CASES_SEARCHED = 100;

interface PreviousRow {
  id: string;
  channel: string;
  status: string;
  createdAt: unknown;
  closedAt: unknown;
  text: string | null;
  author: string | null;
  messageAt: unknown;
}

export class SqlCustomerBackgroundStore implements CustomerBackgroundStore {
  constructor(private readonly sql: SqlExecutor) {}

  async ofConversation(conversationId: string): Promise<CustomerBackground | null> {
    const [conversation] = await this.sql.query<{ customerId: string }>(`SELECT "customerId" FROM "Conversation" WHERE "id" = ?`, [conversationId]);
    if (!conversation) return null;
    const { customerId } = conversation;
    const [previous, orders, cases] = await Promise.all([
      this.sql.query<PreviousRow>(
        `SELECT c."id", c."channel", c."status", c."createdAt", c."closedAt", m."text", m."author", m."createdAt" AS "messageAt"
         FROM "Conversation" c
         LEFT JOIN "Message" m ON m."id" = (SELECT MAX(x."id") FROM "Message" x WHERE x."conversationId" = c."id")
         WHERE c."customerId" = ? AND c."id" <> ?
         ORDER BY c."createdAt" DESC, c."id" DESC
         LIMIT ${PREVIOUS_CONVERSATIONS_LIMIT}`,
        [customerId, conversationId],
      ),
      this.sql.query<{ number: string; status: string; amountCents: number | string; currency: string; placedAt: unknown; items: string; source: string }>(
        `SELECT "number", "status", "amountCents", "currency", "placedAt", "items", "source" FROM "Order"
         WHERE "customerId" = ? ORDER BY "placedAt" DESC, "number" DESC LIMIT ${ORDERS_LIMIT}`,
        [customerId],
      ),
      this.sql.query<{ id: string; facts: string }>(`SELECT "id", "facts" FROM "Case" WHERE "customerId" = ? ORDER BY "createdAt" DESC, "id" DESC LIMIT ${CASES_SEARCHED}`, [customerId]),
    ]);
    const mentioned = mentionedOrderNumbers(cases.map((c) => ({ caseId: c.id, facts: parseObject(c.facts) })));
    return {
      previousConversations: previous.map(toPreviousConversation),
      orders: orders.map((o) => ({ number: o.number, status: o.status, amountCents: Number(o.amountCents), currency: o.currency, placedAt: toDate(o.placedAt), items: o.items, source: o.source })),
      mentionedOrderNumbers: notOnFile(
        mentioned,
        await this.numbersOnFile(
          customerId,
          mentioned.map((m) => m.number),
        ),
      ),
    };
  }

  /** Which of these numbers are the customer's orders, in any letter case (the list shows only the newest orders). */
  private async numbersOnFile(customerId: string, numbers: string[]): Promise<string[]> {
    if (numbers.length === 0) return [];
    const upper = numbers.map((n) => n.toUpperCase());
    const rows = await this.sql.query<{ number: string }>(`SELECT "number" FROM "Order" WHERE "customerId" = ? AND UPPER("number") IN (${upper.map(() => '?').join(', ')})`, [customerId, ...upper]);
    return rows.map((r) => r.number);
  }
}

function toPreviousConversation(row: PreviousRow): PreviousConversation {
  const author = MESSAGE_AUTHORS.find((a) => a === row.author);
  return {
    id: row.id,
    channel: row.channel,
    status: parseConversationStatus(row.status),
    createdAt: toDate(row.createdAt),
    closedAt: toDateOrNull(row.closedAt),
    lastMessage: row.text !== null && author ? { text: preview(row.text), author, at: toDate(row.messageAt) } : null,
  };
}

/** At most LAST_MESSAGE_PREVIEW_CHARS characters (whole code points), an ellipsis when cut. */
function preview(text: string): string {
  const chars = [...text];
  return chars.length <= LAST_MESSAGE_PREVIEW_CHARS ? text : `${chars.slice(0, LAST_MESSAGE_PREVIEW_CHARS - 1).join('')}…`;
}
