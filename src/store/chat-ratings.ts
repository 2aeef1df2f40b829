// ChatRating rows (CSAT after a chat) and the follow-up that asks each one. A rating is planned once
// per conversation (its unique conversationId): when staff close a conversation they served, or
// when the bot resolved one alone. A customer who asked for no messages gets a row marked skipped
// and no follow-up; the rest get a 'rating' follow-up, due at once, which asks on their channel.

import { randomUUID } from 'node:crypto';
import type { RatingAnswer } from '../domain/flow/effects.ts';
import { maskSensitiveNumbers } from '../domain/pii-mask.ts';
import type { Language } from '../domain/types.ts';
import type { DbTx } from './db-types.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';

/** The follow-up of a conversation's rating: one per conversation, like the rating. */
export function ratingDedupeKey(conversationId: string): string {
  return `rating:${conversationId}`;
}

interface RatingPayload {
  ratingId: string;
  conversationId: string;
  channel: string;
  servedBy: 'bot' | 'staff';
  staffId: string | null;
  language: Language;
  /** When the chat ended: the ask is stale CSAT_ASK_WITHIN_MS after it. */
  askedAt: string;
}

/**
 * In a bot turn's transaction (statements issued in order, none awaited in between): the rating of
 * a conversation the bot resolved alone, unless staff wrote in it or it has one already, and its
 * follow-up unless the customer opted out.
 */
export async function planBotRating(
  tx: SqlExecutor,
  plan: { ratingId: string; followUpId: string; conversationId: string; customerId: string; channel: string; language: Language; now: Date },
): Promise<void> {
  const { ratingId, conversationId, now } = plan;
  const rating = tx.execute(
    `INSERT INTO "ChatRating" ("id", "conversationId", "customerId", "channel", "servedBy", "staffId", "status", "language", "askedAt")
     SELECT ?, ?, c."id", ?, 'bot', NULL, CASE WHEN c."optOutGreetings" = ? THEN 'skipped' ELSE 'asked' END, ?, ? FROM "Customer" c
      WHERE c."id" = ? AND NOT EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = ? AND m."author" = 'staff')
     ON CONFLICT ("conversationId") DO NOTHING`,
    [ratingId, conversationId, plan.channel, true, plan.language, now, plan.customerId, conversationId],
  );
  const payload: RatingPayload = { ratingId, conversationId, channel: plan.channel, servedBy: 'bot', staffId: null, language: plan.language, askedAt: now.toISOString() };
  // Only for a row this statement's predecessor wrote just now, and still to be asked.
  const followUp = tx.execute(
    `INSERT INTO "FollowUp" ("id", "customerId", "kind", "dueAt", "dedupeKey", "payload", "conversationId", "createdAt", "updatedAt")
     SELECT ?, r."customerId", 'rating', ?, ?, ?, r."conversationId", ?, ? FROM "ChatRating" r WHERE r."id" = ? AND r."status" = 'asked'
     ON CONFLICT ("dedupeKey") DO NOTHING`,
    [plan.followUpId, now, ratingDedupeKey(conversationId), JSON.stringify(payload), now, now, ratingId],
  );
  await Promise.all([rating, followUp]);
}

/**
 * In the transaction that closes a conversation: its rating, when people served it — held by a
 * person at the close (served by the one holding it, else the one closing), or written in by staff
 * before (served by the last who wrote). Returns whether a rating was planned (asked or skipped).
 */
export async function planRatingAfterClose(tx: DbTx, close: { conversationId: string; closedBy: string; heldBy: string | null; wasHeld: boolean; now: Date }): Promise<boolean> {
  const { conversationId, now } = close;
  const conversation = await tx.conversation.findUnique({ where: { id: conversationId }, select: { customerId: true, channel: true, locale: true, customer: { select: { optOutGreetings: true } } } });
  if (!conversation) return false;
  const lastStaffWriter = close.wasHeld ? undefined : await tx.message.findFirst({ where: { conversationId, author: 'staff' }, orderBy: { id: 'desc' }, select: { staffId: true } });
  if (!close.wasHeld && !lastStaffWriter) return false;
  if (await tx.chatRating.findUnique({ where: { conversationId }, select: { id: true } })) return false;
  const staffId = close.wasHeld ? (close.heldBy ?? close.closedBy) : (lastStaffWriter?.staffId ?? close.closedBy);
  const language: Language = conversation.locale === 'zh' ? 'zh' : 'en';
  const optedOut = conversation.customer.optOutGreetings;
  const ratingId = randomUUID();
  await tx.chatRating.create({
    data: {
      id: ratingId,
      conversationId,
      customerId: conversation.customerId,
      channel: conversation.channel,
      servedBy: 'staff',
      staffId,
      status: optedOut ? 'skipped' : 'asked',
      language,
      askedAt: now,
    },
  });
  if (optedOut) return true;
  const payload: RatingPayload = { ratingId, conversationId, channel: conversation.channel, servedBy: 'staff', staffId, language, askedAt: now.toISOString() };
  await tx.followUp.upsert({
    where: { dedupeKey: ratingDedupeKey(conversationId) },
    create: {
      id: randomUUID(),
      customerId: conversation.customerId,
      kind: 'rating',
      dueAt: now,
      dedupeKey: ratingDedupeKey(conversationId),
      payload: JSON.stringify(payload),
      conversationId,
      staffId,
      createdAt: now,
      updatedAt: now,
    },
    update: {},
  });
  return true;
}

/**
 * The score, once: a rating answered already keeps its first score. A late answer to a question
 * the retention sweep expired still counts (an expired rating never asked has no question to answer).
 */
export async function recordRatingScore(tx: SqlExecutor, answer: RatingAnswer, now: Date): Promise<void> {
  await tx.execute(`UPDATE "ChatRating" SET "status" = 'answered', "score" = ?, "answeredAt" = ? WHERE "id" = ? AND "status" IN ('asked', 'expired')`, [answer.score, now, answer.id]);
}

/** The optional comment, masked at rest like any message the customer writes (domain/pii-mask.ts). */
export async function recordRatingComment(tx: SqlExecutor, ratingId: string, comment: string): Promise<void> {
  await tx.execute(`UPDATE "ChatRating" SET "comment" = ? WHERE "id" = ? AND "status" = 'answered' AND "comment" IS NULL`, [maskSensitiveNumbers(comment), ratingId]);
}

/** A rating whose follow-up was cancelled before it asked: skipped (opted out, unreachable) or expired (too late). */
export async function settleUnaskedRating(tx: SqlExecutor, ratingId: string, status: 'skipped' | 'expired'): Promise<void> {
  await tx.execute(`UPDATE "ChatRating" SET "status" = ? WHERE "id" = ? AND "status" = 'asked'`, [status, ratingId]);
}
