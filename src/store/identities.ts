// Channel identities and the customer profile card created on first contact.

import { randomUUID } from 'node:crypto';
import type { IdentityRecord, IdentityStore, NewIdentity } from '../conversation/ports.ts';
import type { Db } from './db-types.ts';

export class PrismaIdentityStore implements IdentityStore {
  constructor(private readonly db: Db) {}

  async findIdentity(channel: string, externalId: string): Promise<IdentityRecord | null> {
    const row = await this.db.channelIdentity.findUnique({ where: { channel_externalId: { channel, externalId } }, select: { id: true, customerId: true } });
    return row ? { identityId: row.id, customerId: row.customerId } : null;
  }

  async findIdentityBySecret(secretHash: string) {
    const row = await this.db.channelIdentity.findUnique({
      where: { secretHash },
      select: { id: true, customerId: true, channel: true, externalId: true },
    });
    return row ? { identityId: row.id, customerId: row.customerId, channel: row.channel, externalId: row.externalId } : null;
  }

  /** Creates the customer's profile card and its first channel identity; idempotent per channel + external id. */
  async createIdentity(identity: NewIdentity): Promise<IdentityRecord> {
    const existing = await this.findIdentity(identity.channel, identity.externalId);
    if (existing) return existing;
    const customerId = randomUUID();
    const identityId = randomUUID();
    try {
      await this.db.customer.create({
        data: {
          id: customerId,
          name: identity.name ?? null,
          locale: identity.locale ?? 'en',
          identities: { create: { id: identityId, channel: identity.channel, externalId: identity.externalId, secretHash: identity.secretHash ?? null } },
        },
      });
    } catch (error) {
      // Two first messages raced: the other one created the identity.
      const raced = await this.findIdentity(identity.channel, identity.externalId);
      if (raced) return raced;
      throw error;
    }
    return { identityId, customerId };
  }
}
