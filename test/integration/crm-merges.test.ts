// Staff merge two profile cards of one person and undo it: the records move and move back, the
// kept card's filled-in fields are restored unless someone edited them since, both directions
// are audited, agents may not merge, and cards sharing a phone or email are listed as duplicates.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'merges-admin@care.test', password: 'Kettle-merges-7Qx!vL2pZ' };

interface Merge {
  id: string;
  keptId: string;
  mergedId: string;
  by: string;
  undoneAt: string | null;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('merging and unmerging cards on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sue');
    agent = await admin.createStaff('agent', 'Andy');
  });
  afterAll(async () => {
    await t?.close();
  });

  const db = () => t.app.database.db;

  /** A card with a web chat conversation (its messages and contact log) and an order. */
  async function cardWithHistory(name: string, text: string) {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await customer.send(text);
    const order = await db().order.create({
      data: {
        id: randomUUID(),
        number: `M-${randomUUID().slice(0, 8)}`,
        customerId: customer.customerId,
        amountCents: 5900,
        placedAt: new Date('2026-11-28T10:00:00Z'),
        source: 'staff',
        updatedAt: new Date(),
      },
    });
    return { customerId: customer.customerId, orderId: order.id, customer };
  }

  it('moves the other card’s records and details here, and an undo moves them back', async () => {
    const kept = await cardWithHistory('Mei Lin', 'Hello, where is my parcel?');
    const other = await cardWithHistory('Mei', 'My kettle leaks');
    await db().customer.update({ where: { id: other.customerId }, data: { email: 'mei@example.com', optOutMarketing: true } });

    const merged = await supervisor.post<{ merge: Merge }>(`/api/staff/customers/${kept.customerId}/merge`, { otherId: other.customerId });
    expect(merged.status).toBe(200);
    expect(merged.body.merge).toMatchObject({ keptId: kept.customerId, mergedId: other.customerId, by: supervisor.staff!.id, undoneAt: null });

    const keptCard = await db().customer.findUniqueOrThrow({ where: { id: kept.customerId } });
    expect(keptCard).toMatchObject({ name: 'Mei Lin', email: 'mei@example.com', optOutMarketing: true });
    expect(await db().order.findUniqueOrThrow({ where: { id: other.orderId } })).toMatchObject({ customerId: kept.customerId });
    expect(await db().conversation.count({ where: { customerId: kept.customerId } })).toBe(2);
    expect(await db().channelIdentity.count({ where: { customerId: other.customerId } })).toBe(0);
    // The other customer's chat still works, now on the kept card.
    expect((await other.customer.send('Thanks')).status).toBe(200);
    expect(await db().auditLog.count({ where: { action: 'customer.merged', actorId: supervisor.staff!.id, entityId: kept.customerId } })).toBe(1);

    // Someone corrects the email after the merge: the undo leaves that edit alone.
    await db().customer.update({ where: { id: kept.customerId }, data: { email: 'mei.lin@example.com' } });
    const undone = await supervisor.post<{ merge: Merge }>(`/api/staff/merges/${merged.body.merge.id}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.merge.undoneAt).toEqual(expect.any(String));

    expect(await db().customer.findUniqueOrThrow({ where: { id: kept.customerId } })).toMatchObject({ name: 'Mei Lin', email: 'mei.lin@example.com', optOutMarketing: false });
    expect(await db().order.findUniqueOrThrow({ where: { id: other.orderId } })).toMatchObject({ customerId: other.customerId });
    expect(await db().order.findUniqueOrThrow({ where: { id: kept.orderId } })).toMatchObject({ customerId: kept.customerId });
    expect(await db().channelIdentity.count({ where: { customerId: other.customerId } })).toBe(1);
    expect(await db().conversation.count({ where: { customerId: kept.customerId } })).toBe(1);
    expect(await db().auditLog.count({ where: { action: 'customer.merge_undone', actorId: supervisor.staff!.id, entityId: kept.customerId } })).toBe(1);

    const again = await supervisor.post(`/api/staff/merges/${merged.body.merge.id}/undo`, {});
    expect(again.status).toBe(409);
    const history = await supervisor.get<{ merges: Merge[] }>(`/api/staff/customers/${other.customerId}/merges`);
    expect(history.body.merges).toEqual([expect.objectContaining({ id: merged.body.merge.id, undoneAt: expect.any(String) })]);
  });

  it('refuses agents, a card into itself, unknown and already merged cards', async () => {
    const a = await cardWithHistory('Ann', 'Hi');
    const b = await cardWithHistory('Bea', 'Hi');
    const c = await cardWithHistory('Cai', 'Hi');
    expect((await agent.post(`/api/staff/customers/${a.customerId}/merge`, { otherId: b.customerId })).status).toBe(403);
    expect((await supervisor.post(`/api/staff/customers/${a.customerId}/merge`, { otherId: a.customerId })).status).toBe(400);
    expect((await supervisor.post(`/api/staff/customers/${a.customerId}/merge`, { otherId: 'nobody' })).status).toBe(404);
    expect((await supervisor.post(`/api/staff/customers/${a.customerId}/merge`, {})).status).toBe(400);

    const first = await supervisor.post<{ merge: Merge }>(`/api/staff/customers/${a.customerId}/merge`, { otherId: b.customerId });
    expect(first.status).toBe(200);
    const intoEmptied = await supervisor.post<{ error: { message: string } }>(`/api/staff/customers/${b.customerId}/merge`, { otherId: c.customerId });
    expect(intoEmptied.status).toBe(409);
    expect(intoEmptied.body.error.message).toContain(a.customerId);

    // A chain: a into c; the first merge can only be undone after the second.
    const second = await supervisor.post<{ merge: Merge }>(`/api/staff/customers/${c.customerId}/merge`, { otherId: a.customerId });
    expect(second.status).toBe(200);
    expect((await supervisor.post(`/api/staff/merges/${first.body.merge.id}/undo`, {})).status).toBe(409);
    expect((await supervisor.post(`/api/staff/merges/${second.body.merge.id}/undo`, {})).status).toBe(200);
    expect((await supervisor.post(`/api/staff/merges/${first.body.merge.id}/undo`, {})).status).toBe(200);
    expect(await db().channelIdentity.count({ where: { customerId: { in: [a.customerId, b.customerId, c.customerId] } } })).toBe(3);
    for (const card of [a, b, c]) expect(await db().channelIdentity.count({ where: { customerId: card.customerId } })).toBe(1);
  });

  it('lists live cards sharing a phone or an email as duplicates, and not once merged', async () => {
    const phone = `+86139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const email = `dup-${randomUUID().slice(0, 6)}@example.com`;
    const one = await cardWithHistory('Dan', 'Hi');
    const two = await cardWithHistory('Dan W.', 'Hi');
    const three = await cardWithHistory('Dana', 'Hi');
    await db().customer.update({ where: { id: one.customerId }, data: { phone } });
    await db().customer.update({ where: { id: two.customerId }, data: { phone, email: email.toUpperCase() } });
    await db().customer.update({ where: { id: three.customerId }, data: { email } });

    const groups = async () => (await supervisor.get<{ groups: { match: string; value: string; customers: { id: string }[] }[] }>('/api/staff/customers/duplicates?pageSize=100')).body.groups;
    const listed = await groups();
    expect(listed.find((g) => g.match === 'phone' && g.value === phone)?.customers.map((c) => c.id)).toEqual([one.customerId, two.customerId]);
    expect(listed.find((g) => g.match === 'email' && g.value === email)?.customers.map((c) => c.id)).toEqual([two.customerId, three.customerId]);
    expect((await agent.get('/api/staff/customers/duplicates')).status).toBe(403);

    expect((await supervisor.post(`/api/staff/customers/${one.customerId}/merge`, { otherId: two.customerId })).status).toBe(200);
    const after = await groups();
    expect(after.find((g) => g.value === phone)).toBeUndefined();
    expect(after.find((g) => g.value === email)?.customers.map((c) => c.id)).toEqual([one.customerId, three.customerId]);
  });

  it('erasing a card on request also clears its CRM fields, further contacts, recorded visits and merge snapshots, which the export included', async () => {
    const card = await cardWithHistory('Erin Zhao', 'Hello');
    const other = await cardWithHistory('Erin', 'Hi');
    const marker = `Visit-${randomUUID().slice(0, 6)}`;
    await db().customer.update({
      where: { id: card.customerId },
      data: {
        externalId: `ext-${marker}`,
        address: `1 ${marker} Road`,
        organization: `${marker} Ltd`,
        contactPerson: marker,
        creditNote: marker,
        tags: JSON.stringify([marker]),
        preferences: JSON.stringify({ call: marker }),
      },
    });
    await db().contactPoint.create({ data: { id: randomUUID(), customerId: card.customerId, kind: 'email', value: `${marker.toLowerCase()}@example.com` } });
    await db().contact.create({
      data: { id: randomUUID(), customerId: card.customerId, kind: 'visit', channel: 'in_person', summary: marker, outcome: marker, impressions: marker, updatedAt: new Date() },
    });
    const merge = await supervisor.post<{ merge: Merge }>(`/api/staff/customers/${card.customerId}/merge`, { otherId: other.customerId });
    expect(merge.status).toBe(200);

    const exported = await supervisor.get(`/api/staff/customers/${card.customerId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ furtherPhonesAndEmails: [expect.objectContaining({ kind: 'email' })], orders: expect.arrayContaining([expect.objectContaining({ id: card.orderId })]) });

    expect((await admin.post(`/api/staff/customers/${card.customerId}/erase`)).status).toBe(200);
    const left = JSON.stringify({
      card: await db().customer.findUniqueOrThrow({ where: { id: card.customerId } }),
      points: await db().contactPoint.findMany({ where: { customerId: card.customerId } }),
      contacts: await db().contact.findMany({ where: { customerId: card.customerId } }),
      merges: await db().customerMerge.findMany({ where: { keptId: card.customerId } }),
    });
    expect(left).not.toContain(marker);
    expect(left).not.toContain(marker.toLowerCase());
    expect(left).not.toContain('Erin');
    const undo = await supervisor.post<{ error: { message: string } }>(`/api/staff/merges/${merge.body.merge.id}/undo`, {});
    expect(undo.status).toBe(409);
    expect(undo.body.error.message).toMatch(/erased/);
  });
});
