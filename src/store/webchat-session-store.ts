// Web chat sessions by token hash, with the token's last use (sessions expire after a time unused).

import type { WebchatSessionRecord, WebchatSessionStore } from '../channels/webchat/webchat-ports.ts';
import { toDate, toDateOrNull, type SqlDriver } from './sql/sql-driver.ts';

const CHANNEL = 'webchat';

export class SqlWebchatSessionStore implements WebchatSessionStore {
  constructor(private readonly sql: SqlDriver) {}

  async findBySecret(secretHash: string): Promise<WebchatSessionRecord | null> {
    const [row] = await this.sql.quick.query<{ id: string; customerId: string; externalId: string; createdAt: unknown; lastSeenAt: unknown }>(
      `SELECT i."id", i."customerId", i."externalId", i."createdAt", i."lastSeenAt"
         FROM "ChannelIdentity" i JOIN "Customer" c ON c."id" = i."customerId"
        WHERE i."secretHash" = ? AND i."channel" = ? AND c."erasedAt" IS NULL`,
      [secretHash, CHANNEL],
    );
    if (!row) return null;
    return { identityId: row.id, customerId: row.customerId, sessionId: row.externalId, createdAt: toDate(row.createdAt), lastSeenAt: toDateOrNull(row.lastSeenAt) };
  }

  async touch(identityId: string, at: Date): Promise<void> {
    await this.sql.quick.execute('UPDATE "ChannelIdentity" SET "lastSeenAt" = ? WHERE "id" = ?', [at, identityId]);
  }
}
