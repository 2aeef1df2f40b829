// Channel identities and the customer profile card created on first contact.

import { randomUUID } from 'node:crypto';
import type { IdentityRecord, IdentityStore, NewIdentity } from '../conversation/ports.ts';
import { UniqueViolationError, type SqlDriver } from './sql/sql-driver.ts';

export class SqlIdentityStore implements IdentityStore {
  constructor(private readonly sql: SqlDriver) {}

  async findIdentity(channel: string, externalId: string): Promise<IdentityRecord | null> {
    const [row] = await this.sql.query<{ id: string; customerId: string }>(
      'SELECT "id", "customerId" FROM "ChannelIdentity" WHERE "channel" = ? AND "externalId" = ?',
      [channel, externalId],
    );
    return row ? { identityId: row.id, customerId: row.customerId } : null;
  }

  async findIdentityBySecret(secretHash: string) {
    const [row] = await this.sql.query<{ id: string; customerId: string; channel: string; externalId: string }>(
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
        await tx.execute('INSERT INTO "Customer" ("id", "name", "locale", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)', [
          customerId,
          identity.name ?? null,
          identity.locale ?? 'en',
          now,
          now,
        ]);
        await tx.execute(
          'INSERT INTO "ChannelIdentity" ("id", "channel", "externalId", "customerId", "secretHash", "createdAt") VALUES (?, ?, ?, ?, ?, ?)',
          [identityId, identity.channel, identity.externalId, customerId, identity.secretHash ?? null, now],
        );
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
}
