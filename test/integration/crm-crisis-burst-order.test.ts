// A burst's words come in the same order on SQLite and PostgreSQL: most complaints first, ties in
// code point order, even where PostgreSQL's collation sorts text otherwise (a database created
// with a Chinese locale sorts Chinese by pinyin; here the keyword column is given such a collation).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCrisisStore } from '../../src/store/crisis-store.ts';
import type { SqlValue } from '../../src/store/sql/sql-driver.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const AT = new Date('2025-05-01T10:00:00Z');

describe.each<StoreKind>(['sqlite', 'postgres'])('burst words on %s', (store) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ store });
    if (store === 'postgres') await t.app.database.sql.execute('ALTER TABLE "CaseKeyword" ALTER COLUMN "keyword" TYPE text COLLATE "zh-x-icu"', []);
  });
  afterAll(async () => t?.close());

  async function insert(table: string, row: Record<string, SqlValue>): Promise<void> {
    const columns = Object.keys(row);
    await t.app.database.sql.execute(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }

  async function complaint(id: string, keywords: string[]): Promise<void> {
    await insert('Customer', { id: `cu-${id}`, name: `Burst ${id}`, locale: 'zh', createdAt: AT, updatedAt: AT });
    await insert('ChannelIdentity', { id: `id-${id}`, channel: 'webchat', externalId: `burst-${id}`, customerId: `cu-${id}`, createdAt: AT });
    await insert('Conversation', { id: `cv-${id}`, customerId: `cu-${id}`, identityId: `id-${id}`, channel: 'webchat', locale: 'zh', status: 'bot', lastMessageAt: AT, createdAt: AT, updatedAt: AT });
    await insert('Case', {
      id,
      customerId: `cu-${id}`,
      conversationId: `cv-${id}`,
      category: 'product_quality',
      emotion: 'annoyed',
      facts: JSON.stringify({ product: '电水壶' }),
      createdAt: AT,
      updatedAt: AT,
    });
    for (const keyword of keywords) await insert('CaseKeyword', { caseId: id, keyword, createdAt: AT });
  }

  it('lists tied words in code point order, after the more frequent ones', async () => {
    // 充电 (U+5145), 安全 (U+5B89), 电池 (U+7535): by pinyin they would be 安全 (an), 充电 (chong), 电池 (dian).
    await complaint('k1', ['电池', '安全', '充电', '漏水']);
    await complaint('k2', ['电池', '安全', '充电', '漏水']);
    await complaint('k3', ['电池', '安全', '充电']);
    const crisis = new SqlCrisisStore(t.app.database.sql);
    expect(await crisis.burstWords('product', '电水壶', new Date(AT.getTime() - 60_000), AT)).toEqual(['充电', '安全', '电池', '漏水']);
  });
});
