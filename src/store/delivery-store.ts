// The delivery state of bot and staff messages on channels that confirm a send (Telegram, Bot
// Framework): a message is committed with a due time and stays "waiting" until its channel says it
// went out; what a crash or a restart left waiting is claimed by the delivery sweeper, one
// instance at a time, and sent again; what the channel finally gives up on is marked undelivered
// and its conversation goes to the staff queue.

import type { WaitingDelivery } from '../channels/delivery-sweeper.ts';
import type { ConversationStatus } from '../domain/types.ts';
import { toDate, type SqlDriver } from './sql/sql-driver.ts';

/** `?, ?, …` for an IN list of `count` values. */
const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** A conversation that lost a reply waits for a person this urgently (a bot error is 80). */
export const UNDELIVERED_PRIORITY = 75;
export const UNDELIVERED_REASON = 'delivery_failed';

export class SqlDeliveryStore {
  constructor(private readonly sql: SqlDriver) {}

  /** The channel confirmed these messages: nothing is left to send. */
  async markDelivered(ids: readonly number[]): Promise<void> {
    if (!ids.length) return;
    await this.sql.quick.execute(`UPDATE "Message" SET "deliveryDueAt" = NULL WHERE "id" IN (${marks(ids.length)}) AND "deliveryDueAt" IS NOT NULL`, [...ids]);
  }

  /**
   * The channel gave up on these messages: they are marked undelivered with the reason, and a
   * conversation the bot held goes to the staff queue. Says whether it did, and the status before.
   */
  async markUndeliverable(conversationId: string, ids: readonly number[], reason: string, now: Date): Promise<{ queued: boolean; previousStatus: ConversationStatus | null }> {
    return this.sql.transaction(async (tx) => {
      if (ids.length) {
        await tx.execute(`UPDATE "Message" SET "deliveryDueAt" = NULL, "undeliveredAt" = ?, "deliveryError" = ? WHERE "id" IN (${marks(ids.length)})`, [now, reason.slice(0, 500), ...ids]);
      }
      const [conversation] = await tx.query<{ status: ConversationStatus }>('SELECT "status" FROM "Conversation" WHERE "id" = ?', [conversationId]);
      if (!conversation) return { queued: false, previousStatus: null };
      if (conversation.status !== 'bot') return { queued: false, previousStatus: conversation.status };
      await tx.execute(
        `UPDATE "Conversation" SET "status" = 'queued', "priority" = ?, "queueReason" = ?, "queuedAt" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ? AND "status" = 'bot'`,
        [UNDELIVERED_PRIORITY, UNDELIVERED_REASON, now, now, conversationId],
      );
      return { queued: true, previousStatus: conversation.status };
    });
  }

  /**
   * Takes up to `limit` messages due for a send on `channels`, oldest first, and holds them until
   * `holdUntil` (another sweeper skips them meanwhile; if this one dies, they come due again).
   * Two sweepers asking at once get different messages: the update re-checks the due time.
   */
  async claimDue(channels: readonly string[], now: Date, holdUntil: Date, limit: number): Promise<WaitingDelivery[]> {
    if (!channels.length) return [];
    const claimed = await this.sql.query<{ id: number; conversationId: string; text: string; choices: string | null; deliveryAttempts: number }>(
      `UPDATE "Message" SET "deliveryDueAt" = ?, "deliveryAttempts" = "deliveryAttempts" + 1
        WHERE "id" IN (
          SELECT m."id" FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
           WHERE m."deliveryDueAt" IS NOT NULL AND m."deliveryDueAt" <= ? AND c."channel" IN (${marks(channels.length)})
           ORDER BY m."deliveryDueAt" LIMIT ?)
          AND "deliveryDueAt" <= ?
        RETURNING "id", "conversationId", "text", "choices", "deliveryAttempts"`,
      [holdUntil, now, ...channels, limit, now],
    );
    if (!claimed.length) return [];
    const conversationIds = [...new Set(claimed.map((row) => row.conversationId))];
    const targets = await this.sql.query<{ id: string; channel: string; identityId: string; externalId: string }>(
      `SELECT c."id", c."channel", c."identityId", i."externalId" FROM "Conversation" c JOIN "ChannelIdentity" i ON i."id" = c."identityId" WHERE c."id" IN (${marks(conversationIds.length)})`,
      conversationIds,
    );
    const byConversation = new Map(targets.map((target) => [target.id, target]));
    return claimed
      .map((row) => ({ row, target: byConversation.get(row.conversationId) }))
      .filter((found): found is { row: (typeof claimed)[number]; target: (typeof targets)[number] } => found.target !== undefined)
      .map(({ row, target }) => ({
        id: Number(row.id),
        conversationId: row.conversationId,
        text: row.text,
        ...(row.choices ? { choices: JSON.parse(row.choices) as string[] } : {}),
        attempts: Number(row.deliveryAttempts),
        channel: target.channel,
        identityId: target.identityId,
        externalId: target.externalId,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** When the oldest waiting message fell due; null when none waits (for health and metrics). */
  async oldestDue(): Promise<Date | null> {
    const [row] = await this.sql.query<{ due: Date | string | null }>('SELECT MIN("deliveryDueAt") AS "due" FROM "Message" WHERE "deliveryDueAt" IS NOT NULL');
    return row?.due ? toDate(row.due) : null;
  }
}
