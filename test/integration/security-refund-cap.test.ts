// Issue 12, finding 5: an agent could raise a customer to tier A and then record a larger
// refund; vouchers had no cap; a commitment could be due in the past. Now the tier is a
// supervisor's call, the cap follows the tier the case was opened at, every kind with an amount
// has a cap, and due times lie ahead. Above the cap an agent's commitment is not recorded: it waits
// for a supervisor's approval (issue 16, crm-approvals.test.ts). On both stores: the case's tier is
// written by raw SQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amountCapFor } from '../../src/domain/amount-cap.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'cap-admin@care.test', password: 'granite pelican autumn' };
const LATER = '2030-01-10T10:00:00Z';

describe.each<StoreKind>(['sqlite', 'postgres'])('refund and voucher caps on %s', (store) => {
  let t: TestApp;
  let agent: StaffClient;
  let supervisor: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    agent = await admin.createStaff('agent', 'Agent');
    supervisor = await admin.createStaff('supervisor', 'Super');
  });
  afterAll(async () => t?.close());

  /** A tier-C customer's product complaint, opened by the bot's own first step. */
  async function complaintCase(name: string): Promise<{ customerId: string; caseId: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    await customer.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
    const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
    return { customerId: customer.customerId, caseId: kase.id };
  }

  const cap = (kind: 'refund' | 'voucher', tier: 'A' | 'C') => amountCapFor(t.app.content.policy, kind, 'product_quality', tier)!;

  it('keeps the customer’s tier on the case when the bot opens it', async () => {
    const { caseId } = await complaintCase('Tier Kept');
    expect(await t.app.database.db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({ category: 'product_quality', customerTier: 'C' });
  });

  it('refuses an agent who raises the tier, and leaves their big refund to a supervisor', async () => {
    const { customerId, caseId } = await complaintCase('Tier Raise');
    const raise = await agent.patch(`/api/staff/customers/${customerId}`, { tier: 'A' });
    expect(raise).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: expect.stringMatching(/tier needs a supervisor or an admin/) } } });
    expect((await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } })).tier).toBe('C');
    // Other fields stay the agent's to edit.
    expect(await agent.patch(`/api/staff/customers/${customerId}`, { name: 'Tier Raised Not' })).toMatchObject({ status: 200, body: { customer: { name: 'Tier Raised Not', tier: 'C' } } });

    const big = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Full refund', dueAt: LATER, amountCents: cap('refund', 'A') });
    expect(big).toMatchObject({ status: 202, body: { approval: { status: 'pending', amountCents: cap('refund', 'A'), capCents: cap('refund', 'C') } } });
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(0);
  });

  it('lets a supervisor change the tier, and the open case keeps the cap of the tier it was opened at', async () => {
    const { customerId, caseId } = await complaintCase('Tier Later');
    expect(await supervisor.patch(`/api/staff/customers/${customerId}`, { tier: 'A' })).toMatchObject({ status: 200, body: { customer: { tier: 'A' } } });
    const above = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Refund', dueAt: LATER, amountCents: cap('refund', 'C') + 100 });
    expect(above).toMatchObject({ status: 202, body: { approval: { status: 'pending', capCents: cap('refund', 'C') } } });
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Refund', dueAt: LATER, amountCents: cap('refund', 'C') })).status).toBe(201);
  });

  it('uses today’s tier for a case from before the tier was kept', async () => {
    const { customerId, caseId } = await complaintCase('Old Case');
    const db = t.app.database.db;
    await db.case.update({ where: { id: caseId }, data: { customerTier: null } });
    await db.customer.update({ where: { id: customerId }, data: { tier: 'A' } });
    const made = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description: 'Refund', dueAt: LATER, amountCents: cap('refund', 'C') + 100 });
    expect(made.status).toBe(201);
  });

  it('caps vouchers too, and refuses amounts on kinds that carry none', async () => {
    const { caseId } = await complaintCase('Voucher Person');
    const voucherCap = cap('voucher', 'C');
    const over = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'voucher', description: 'Sorry voucher', dueAt: LATER, amountCents: voucherCap + 1 });
    expect(over).toMatchObject({ status: 202, body: { approval: { kind: 'voucher', status: 'pending', capCents: voucherCap } } });
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'voucher', description: 'Sorry voucher', dueAt: LATER })).status).toBe(400);
    const amountOnReplacement = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'replacement', description: 'New one', dueAt: LATER, amountCents: 999_999 });
    expect(amountOnReplacement).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/a replacement carries no amount/) } } });
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(0);

    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'voucher', description: 'Sorry voucher', dueAt: LATER, amountCents: voucherCap })).status).toBe(201);
    expect((await supervisor.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'voucher', description: 'Bigger voucher', dueAt: LATER, amountCents: voucherCap * 3 })).status).toBe(201);
  });

  it('refuses a commitment due in the past, allowing a clock a little behind', async () => {
    const { caseId } = await complaintCase('Past Due');
    const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const past = await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'replacement', description: 'New one', dueAt: anHourAgo });
    expect(past).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: expect.stringMatching(/dueAt: must be in the future/) } } });
    expect(await t.app.database.db.commitment.count({ where: { caseId } })).toBe(0);
    const justNow = new Date(Date.now() - 5_000).toISOString();
    expect((await agent.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'replacement', description: 'New one', dueAt: justNow })).status).toBe(201);
  });
});
