// Channel identities and the customer profile card created on first contact.

import { randomUUID } from 'node:crypto';
import type { IdentityRecord, IdentityStore, NewIdentity } from '../conversation/ports.ts';
import type { Language } from '../domain/types.ts';
import { confirmGivenInChat } from './card-confirmations-sql.ts';
import { joinCards } from './join-cards.ts';
import { insertSystemAudit } from './sql/common-rows.ts';
import { UniqueViolationError, type SqlDriver } from './sql/sql-driver.ts';

export class SqlIdentityStore implements IdentityStore {
  constructor(private readonly sql: SqlDriver) {}

  async getIdentity(identityId: string): Promise<{ channel: string; externalId: string; customerId: string } | null> {
    const [row] = await this.sql.quick.query<{ channel: string; externalId: string; customerId: string }>('SELECT "channel", "externalId", "customerId" FROM "ChannelIdentity" WHERE "id" = ?', [
      identityId,
    ]);
    return row ?? null;
  }

  async findIdentity(channel: string, externalId: string): Promise<IdentityRecord | null> {
    const [row] = await this.sql.quick.query<{ id: string; customerId: string }>('SELECT "id", "customerId" FROM "ChannelIdentity" WHERE "channel" = ? AND "externalId" = ?', [channel, externalId]);
    return row ? { identityId: row.id, customerId: row.customerId } : null;
  }

  async findIdentityBySecret(secretHash: string) {
    const [row] = await this.sql.quick.query<{ id: string; customerId: string; channel: string; externalId: string }>(
      'SELECT "id", "customerId", "channel", "externalId" FROM "ChannelIdentity" WHERE "secretHash" = ?',
      [secretHash],
    );
    return row ? { identityId: row.id, customerId: row.customerId, channel: row.channel, externalId: row.externalId } : null;
  }

  /** Creates the customer's profile card and its first channel identity; idempotent per channel + external id. */
  async createIdentity(identity: NewIdentity): Promise<IdentityRecord> {
    const existing = await this.findIdentity(identity.channel, identity.externalId);
    if (existing) return existing;
    const customerId = randomUUID();
    const identityId = randomUUID();
    const now = new Date();
    try {
      await this.sql.transaction(async (tx) => {
        await tx.execute('INSERT INTO "Customer" ("id", "name", "locale", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)', [customerId, identity.name ?? null, identity.locale ?? 'en', now, now]);
        await tx.execute('INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "customerId", "secretHash", "createdAt") VALUES (?, ?, ?, ?, ?, ?)', [
          identityId,
          identity.channel,
          identity.externalId,
          customerId,
          identity.secretHash ?? null,
          now,
        ]);
      });
    } catch (error) {
      // Two first messages raced: the other one created the identity.
      if (!(error instanceof UniqueViolationError)) throw error;
      const raced = await this.findIdentity(identity.channel, identity.externalId);
      if (raced) return raced;
      throw error;
    }
    return { identityId, customerId };
  }

  async saveReference(identityId: string, reference: string): Promise<void> {
    await this.sql.execute('UPDATE "ChannelIdentity" SET "reference" = ? WHERE "id" = ?', [reference, identityId]);
  }

  async getReference(identityId: string): Promise<string | null> {
    const [row] = await this.sql.query<{ reference: string | null }>('SELECT "reference" FROM "ChannelIdentity" WHERE "id" = ?', [identityId]);
    return row?.reference ?? null;
  }

  async setReachable(identityId: string, reachable: boolean): Promise<void> {
    await this.sql.execute('UPDATE "ChannelIdentity" SET "reachable" = ? WHERE "id" = ?', [reachable, identityId]);
  }

  /** The chosen language holds at once: on the profile card and in the open conversations' state. */
  async setCustomerLocale(customerId: string, locale: Language): Promise<void> {
    const now = new Date();
    await this.sql.transaction(async (tx) => {
      await tx.execute('UPDATE "Customer" SET "locale" = ?, "updatedAt" = ? WHERE "id" = ?', [locale, now, customerId]);
      const open = await tx.query<{ id: string; flowState: string }>('SELECT "id", "flowState" FROM "Conversation" WHERE "customerId" = ? AND "status" <> \'closed\'', [customerId]);
      for (const conversation of open) {
        const state = JSON.parse(conversation.flowState) as Record<string, unknown>;
        await tx.execute('UPDATE "Conversation" SET "locale" = ?, "flowState" = ?, "version" = "version" + 1, "updatedAt" = ? WHERE "id" = ?', [
          locale,
          JSON.stringify({ ...state, language: locale }),
          now,
          conversation.id,
        ]);
      }
    });
  }

  /**
   * The number is the person's own (the channel proved it). Joined only to a card whose phone was
   * verified too: a number typed in chat proves nothing, and joining it would hand whoever typed
   * it the history of the number's owner (staff see such cards as possible duplicates instead).
   */
  async linkByVerifiedPhone(identityId: string, phone: string): Promise<string> {
    return this.sql.transaction(async (tx) => {
      const [identity] = await tx.query<{ customerId: string }>('SELECT "customerId" FROM "ChannelIdentity" WHERE "id" = ?', [identityId]);
      if (!identity) throw new Error(`no channel identity ${identityId}`);
      const current = identity.customerId;
      const [match] = await tx.query<{ id: string }>(
        `SELECT "id" FROM "Customer" WHERE "id" <> ? AND "phone" = ? AND "phoneVerifiedAt" IS NOT NULL AND "erasedAt" IS NULL
         ORDER BY "phoneVerifiedAt", "createdAt" LIMIT 1`,
        [current, phone],
      );
      const now = new Date();
      if (!match) {
        // Verified now, unless this very number was verified before (the first proof's time stays).
        await tx.execute(
          `UPDATE "Customer" SET "phoneVerifiedAt" = CASE WHEN "phone" = ? AND "phoneVerifiedAt" IS NOT NULL THEN "phoneVerifiedAt" ELSE ? END,
                  "phone" = ?, "updatedAt" = ? WHERE "id" = ?`,
          [phone, now, phone, now, current],
        );
        await confirmGivenInChat(tx, current, { phone }, now);
        return current;
      }
      const { mergeId } = await joinCards(tx, { kept: match.id, merged: current, by: 'system', now });
      await confirmGivenInChat(tx, match.id, { phone }, now);
      await insertSystemAudit(tx, { action: 'customer.merged', entity: 'Customer', entityId: match.id, details: JSON.stringify({ from: current, identityId, by: 'verified_phone', mergeId }), now });
      return match.id;
    });
  }
}
