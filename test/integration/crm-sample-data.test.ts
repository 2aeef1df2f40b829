// Issue 14's "done means", on SQLite and PostgreSQL: the sample files in docs/ import cleanly;
// tiers, lifecycle stages and loyalty come out computed from the orders, each with the rule that
// fired on the card; a customer is found by a phone written another way and by an order number;
// and the export of a filter holds exactly what the list shows, readable by a spreadsheet.

import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'sample-admin@care.test', password: 'sample admin password long' };
const CUSTOMERS = readFileSync('docs/sample-customers.csv');
const ORDERS = readFileSync('docs/sample-orders.csv');

interface Reason {
  rule: string;
  zh: string;
  en: string;
}
interface Card {
  id: string;
  business: { tier: string; tierReason: Reason | null; lifecycleStage: string; lifecycleReason: Reason | null; loyalty: string; loyaltyReason: Reason | null };
  transactions: { orders: number };
}

async function upload(client: StaffClient, kind: 'customers' | 'orders', csv: Buffer): Promise<{ status: number; body: { imported: number; updated: number; rejectedTotal: number } }> {
  const response = await fetch(`${client.baseUrl}/api/staff/imports/${kind}`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrfToken, 'content-type': 'text/csv' },
    body: new Uint8Array(csv),
  });
  return { status: response.status, body: (await response.json()) as { imported: number; updated: number; rejectedTotal: number } };
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the sample customers and orders on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sid');
  }, 120_000);
  afterAll(async () => t?.close());

  it('imports, computes every card’s segments with reasons, finds customers, and exports a filter', async () => {
    const customerRows = parse(CUSTOMERS, { bom: true, columns: true }) as Record<string, string>[];
    const orderRows = parse(ORDERS, { bom: true, columns: true }) as Record<string, string>[];
    const customers = await upload(supervisor, 'customers', CUSTOMERS);
    expect(customers).toMatchObject({ status: 200, body: { imported: customerRows.length, rejectedTotal: 0 } });
    const orders = await upload(supervisor, 'orders', ORDERS);
    expect(orders).toMatchObject({ status: 200, body: { imported: orderRows.length, rejectedTotal: 0 } });

    // The import recomputed the segments: all three tiers occur, A the fewest, and every card says why.
    const db = t.app.database.db;
    const tiers = Object.fromEntries((await db.customer.groupBy({ by: ['tier'], _count: true })).map((g) => [g.tier, g._count]));
    expect(tiers.A).toBeGreaterThan(0);
    expect(tiers.B).toBeGreaterThan(0);
    expect(tiers.C).toBeGreaterThan(tiers.A ?? 0);
    expect(await db.customer.count({ where: { OR: [{ tierReason: null }, { lifecycleReason: null }, { loyaltyReason: null }] } })).toBe(0);
    expect(new Set((await db.customer.findMany({ select: { lifecycleStage: true } })).map((c) => c.lifecycleStage)).size).toBeGreaterThan(1);

    // A busy customer: found by their phone written another way, and by one of their order numbers.
    const counts = new Map<string, number>();
    for (const o of orderRows) if (o.customer_external_id) counts.set(o.customer_external_id, (counts.get(o.customer_external_id) ?? 0) + 1);
    const withPhone = customerRows.filter((c) => /^1[3-9]\d{9}$/.test(c.phone?.replace(/\D/g, '').replace(/^86/, '') ?? '') && (counts.get(c.external_id!) ?? 0) >= 3);
    const busiest = withPhone.sort((a, b) => (counts.get(b.external_id!) ?? 0) - (counts.get(a.external_id!) ?? 0))[0]!;
    const digits = busiest.phone!.replace(/\D/g, '').replace(/^86/, '');
    const respelled = `+86 (${digits.slice(0, 3)}) ${digits.slice(3, 7)}-${digits.slice(7)}`;
    const byPhone = await supervisor.get<{ customers: { id: string; externalId: string }[]; total: number }>(`/api/staff/customers?q=${encodeURIComponent(respelled)}`);
    expect(byPhone.body.customers.map((c) => c.externalId)).toContain(busiest.external_id);
    const orderNumber = orderRows.find((o) => o.customer_external_id === busiest.external_id)!.order_number!;
    const byOrder = await supervisor.get<{ customers: { id: string; externalId: string }[] }>(`/api/staff/customers?q=${encodeURIComponent(orderNumber.toLowerCase())}`);
    expect(byOrder.body.customers.map((c) => c.externalId)).toEqual([busiest.external_id]);

    // Their card: the segments with the rule that fired, in both languages, and their orders.
    const card = (await supervisor.get<{ customer: Card }>(`/api/staff/customers/${byOrder.body.customers[0]!.id}`)).body.customer;
    expect(card.transactions.orders).toBeGreaterThanOrEqual(1);
    for (const reason of [card.business.tierReason, card.business.lifecycleReason, card.business.loyaltyReason]) {
      expect(reason).toMatchObject({ rule: expect.stringMatching(/^[a-z_]+$/), zh: expect.any(String), en: expect.any(String) });
      expect(reason!.rule).not.toBe('text');
    }

    // The export of a filter holds what the list shows under it, with a BOM for Excel.
    const listed = await supervisor.get<{ total: number }>('/api/staff/customers?tier=A&pageSize=1');
    const response = await fetch(`${supervisor.baseUrl}/api/staff/exports/customers.csv?tier=A`, { headers: { cookie: supervisor.cookie } });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const exported = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(exported).toHaveLength(listed.body.total);
    expect(exported.length).toBe(tiers.A);
  });
});
