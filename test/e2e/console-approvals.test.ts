// Approvals in the console, in real Chromium against the real service: an agent's refund above
// the cap of a tier-C customer becomes a request a supervisor's console shows live (with its count),
// the supervisor approves it (the agent hears it and the commitment appears) or refuses it with
// the reason (the agent reads it), a colleague's decision takes it off the list, and the customer
// was told each step in their web chat.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { amountCapFor } from '../../src/domain/amount-cap.ts';
import { seriousAccessibilityViolations } from '../support/axe.ts';
import { StaffClient } from '../support/staff-client.ts';
import { consoleTestBed } from '../support/console-test-bed.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'approvals-lead@care.test', password: 'approvals lead password' };
const AGENT = { email: 'amy@care.test', password: 'Amy password 12345', name: 'Amy' };
const SUPERVISOR = { email: 'sol@care.test', password: 'Sol password 12345', name: 'Sol' };

const bed = consoleTestBed(ADMIN, [
  { ...AGENT, role: 'agent' },
  { ...SUPERVISOR, role: 'supervisor' },
]);
const signIn = (who: { email: string; password: string }) => bed.signIn(who);

/** A new (tier C) web chat customer with a product complaint the bot opened a case for, who then asks for a person. */
async function complainingCustomer(name: string) {
  const customer = await new WebchatCustomer(bed.t.baseUrl).start({ name, locale: 'en' });
  await customer.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
  await customer.send('I want to talk to a person');
  const kase = await bed.t.app.database.db.case.findFirstOrThrow({ where: { customerId: customer.customerId } });
  const customerRow = await bed.t.app.database.db.customer.findUniqueOrThrow({ where: { id: customer.customerId } });
  expect(customerRow.tier).toBe('C');
  const cap = amountCapFor(bed.t.app.content.policy, 'refund', kase.category, 'C')!;
  return { customer, caseId: kase.id, cap };
}

/** An amount as the English console writes it, e.g. 1,550.00 (after the currency sign). */
const major = (cents: number) => (cents / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const systemTexts = async (customer: WebchatCustomer) => (await customer.history()).messages.filter((m) => m.author === 'system').map((m) => m.text);
const inTwoDays = () => {
  const d = new Date(Date.now() + 48 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The agent records a refund of `amountCents` on the open conversation's case, in the cases panel. */
async function requestRefund(page: Page, description: string, amountCents: number): Promise<void> {
  await page.locator('#cm-kind').selectOption('refund');
  await page.locator('#cm-desc').fill(description);
  await page.locator('#cm-due').fill(inTwoDays());
  await page.locator('#cm-amount').fill(String(amountCents / 100));
  await page.locator('#cm-submit').click();
  await expect.poll(() => page.locator('#commitment-error').textContent()).toContain('sent to a supervisor for approval');
}

describe('approvals in the console', () => {
  it('an agent’s refund above the cap reaches the supervisor live; approved, then another refused with the reason; the agent and the customer hear each', async () => {
    const { customer, cap } = await complainingCustomer('Rita Refund');
    const supervisor = await signIn(SUPERVISOR);
    const agent = await signIn(AGENT);
    // Agents have no approvals button; supervisors have one, with nothing waiting yet.
    expect(await agent.locator('#approvals-open').count()).toBe(0);
    expect(await supervisor.locator('#approvals-count').textContent()).toBe('');

    await agent.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Rita Refund' }).click();
    await agent.locator('#cases .case').first().waitFor();
    const amount = cap + 5_000;
    await requestRefund(agent, 'Full refund of the broken blender', amount);
    const waiting = agent.locator('#cases .approval-waiting');
    await expect.poll(() => waiting.textContent()).toContain('Waiting for approval');
    expect(await waiting.textContent()).toContain(major(amount));
    await expect.poll(async () => (await systemTexts(customer)).join('\n')).toContain('needs a supervisor');

    // The supervisor's console counts it and says so, without a reload.
    await expect.poll(() => supervisor.locator('#approvals-count').textContent()).toBe('1');
    await expect.poll(() => supervisor.locator('#toast').textContent()).toContain('Amy asks for approval');
    await supervisor.locator('#approvals-open').click();
    const dialog = supervisor.locator('#approvals-dialog');
    await dialog.waitFor({ state: 'visible' });
    const item = dialog.locator('.approval');
    await expect.poll(() => item.count()).toBe(1);
    const text = (await item.textContent()) ?? '';
    expect(text).toContain('Rita Refund');
    expect(text).toContain('Refund');
    expect(text).toContain(major(amount));
    expect(text).toContain('cap ');
    expect(text).toContain(major(cap));
    expect(text).toContain('Full refund of the broken blender');
    expect(text).toContain('Asked by Amy');
    expect(await seriousAccessibilityViolations(supervisor)).toEqual([]);

    await item.locator('.approval-note').fill('Fine, the blender is a known faulty batch');
    await item.locator('.approval-approve').click();
    await expect.poll(() => item.count()).toBe(0);
    expect(await dialog.locator('#approvals-empty').isVisible()).toBe(true);
    await expect.poll(() => supervisor.locator('#approvals-count').textContent()).toBe('');

    // The agent hears it; the commitment is on the case and nothing waits any more.
    await expect.poll(() => agent.locator('#toast').textContent()).toContain('Sol approved your request');
    expect(await agent.locator('#toast').textContent()).toContain('known faulty batch');
    await expect.poll(() => agent.locator('#cases .commitments li').allTextContents()).toEqual([expect.stringContaining('Full refund of the broken blender')]);
    expect(await waiting.count()).toBe(0);
    await expect.poll(async () => (await systemTexts(customer)).join('\n')).toContain('a supervisor has approved it');

    // A second request: refused, which needs the reason.
    await requestRefund(agent, 'Refund the shipping too', amount);
    await expect.poll(() => waiting.count()).toBe(1);
    await expect.poll(() => item.count()).toBe(1);
    await item.locator('.approval-refuse').click();
    await expect.poll(() => item.locator('.approval-error').textContent()).toContain('Say why');
    expect(await item.count()).toBe(1);
    await item.locator('.approval-note').fill('Shipping was free on this order');
    await item.locator('.approval-refuse').click();
    await expect.poll(() => item.count()).toBe(0);
    await expect.poll(() => agent.locator('#toast').textContent()).toContain('Sol refused your request');
    expect(await agent.locator('#toast').textContent()).toContain('Shipping was free on this order');
    await expect.poll(() => waiting.count()).toBe(0);
    expect(await agent.locator('#cases .commitments li').count()).toBe(1);
    await expect.poll(async () => (await systemTexts(customer)).join('\n')).toContain('could not be approved');
  });

  it('a request a colleague decides leaves every supervisor’s list; a due time passed while waiting is asked for again; the conversation opens from the list', async () => {
    const { caseId, cap } = await complainingCustomer('Otto Other');
    const supervisor = await signIn(SUPERVISOR);
    const colleague = await bed.admin.createStaff('supervisor', 'Vera');
    const agentApi = await new StaffClient(bed.t.baseUrl).signIn(AGENT.email, AGENT.password);
    const dueAt = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const ask = async (description: string) => {
      const response = await agentApi.post<{ approval: { id: string } }>(`/api/staff/cases/${caseId}/commitments`, { kind: 'refund', description, dueAt, amountCents: cap + 100 });
      expect(response.status).toBe(202);
      return response.body.approval.id;
    };

    await supervisor.locator('#approvals-open').click();
    const items = supervisor.locator('#approvals-dialog .approval').filter({ hasText: 'Otto Other' });
    const first = await ask('Refund for Otto');
    await expect.poll(() => items.count()).toBe(1);
    expect((await colleague.post(`/api/staff/approvals/${first}/refuse`, { note: 'Handled on the phone' })).status).toBe(200);
    await expect.poll(() => items.count()).toBe(0);

    // The due time asked for passes while it waits: approving asks for a new one, then works.
    const second = await ask('Second refund for Otto');
    await expect.poll(() => items.count()).toBe(1);
    await bed.t.app.database.db.approval.update({ where: { id: second }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
    expect(await items.locator('.approval-due').count()).toBe(0);
    await items.locator('.approval-approve').click();
    await expect.poll(() => items.locator('.approval-error').textContent()).toContain('passed while this waited');
    await items.locator('.approval-due').fill(inTwoDays());
    await items.locator('.approval-approve').click();
    await expect.poll(() => items.count()).toBe(0);
    const approved = await bed.t.app.database.db.approval.findUniqueOrThrow({ where: { id: second } });
    expect(approved.status).toBe('approved');

    await ask('Third refund for Otto');
    await expect.poll(() => items.count()).toBe(1);
    await items.first().locator('.approval-open').click();
    await expect.poll(() => supervisor.locator('#conv-title').textContent()).toBe('Otto Other');
    expect(await supervisor.locator('#approvals-dialog').isVisible()).toBe(false);
    // The case shows what waits for a supervisor to the supervisor too.
    await expect.poll(() => supervisor.locator('#cases .approval-waiting').count()).toBe(1);
  });
});
