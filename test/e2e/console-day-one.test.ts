// What an agent needs on day one, in the open conversation, in real Chromium against the real
// service: the customer's typing, notes and commitments arriving live from a colleague, the
// customer's previous conversations and orders, the `/` canned-reply picker, private notes from the
// composer, and the card's email check.

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { seriousAccessibilityViolations } from '../support/axe.ts';
import { StaffClient } from '../support/staff-client.ts';
import { consoleTestBed } from '../support/console-test-bed.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'day-one-lead@care.test', password: 'day one lead password' };
const ANA = { email: 'ana@care.test', password: 'Ana password 12345', name: 'Ana' };
const BEN = { email: 'ben@care.test', password: 'Ben password 12345', name: 'Ben' };

const bed = consoleTestBed(ADMIN, [
  { ...ANA, role: 'agent' },
  { ...BEN, role: 'agent' },
]);
const signIn = (who: { email: string; password: string }) => bed.signIn(who);
const escalatedCustomer = (name: string, first?: string) => bed.escalatedCustomer(name, first);

async function openRow(page: Page, name: string): Promise<void> {
  await page.locator('.queue-item[data-conversation-id]').filter({ hasText: name }).click();
  await expect.poll(() => page.locator('#conv-title').textContent()).toBe(name);
}

/** What the web chat page reports while the customer types (POST /api/webchat/typing). */
async function customerTyping(customer: WebchatCustomer, on: boolean): Promise<void> {
  const response = await fetch(`${bed.t.baseUrl}/api/webchat/typing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
    body: JSON.stringify({ on }),
  });
  expect(response.status).toBe(204);
}

/** The page repeats its report every few seconds while the customer types; so does this, until staff see it. */
async function customerTypesUntilShown(customer: WebchatCustomer, line: Locator): Promise<void> {
  await expect
    .poll(async () => {
      await customerTyping(customer, true);
      return line.textContent();
    })
    .toBe('The customer is typing…');
}

const staffTextsOf = async (customer: WebchatCustomer) => (await customer.history()).messages.filter((m) => m.author === 'staff').map((m) => m.text);

describe('the conversation on day one', () => {
  it('shows the customer typing, and hides it when they stop, when they send, and when the reports stop', async () => {
    const { customer } = await escalatedCustomer('Tara Typing');
    const page = await signIn(ANA);
    await openRow(page, 'Tara Typing');
    const typing = page.locator('#customer-typing');
    expect(await typing.getAttribute('aria-live')).toBe('polite');
    expect(await typing.textContent()).toBe('');

    await customerTypesUntilShown(customer, typing);
    await customerTyping(customer, false);
    await expect.poll(() => typing.textContent()).toBe('');

    // Their message ends it: the line is gone in the same frame the message appears.
    await customerTypesUntilShown(customer, typing);
    const shownWithMessage = page.waitForFunction(() => {
      const bubbles = [...document.querySelectorAll('#transcript .msg[data-author="customer"] .bubble')];
      return bubbles.some((b) => b.textContent === 'Are you there?') ? { typing: document.querySelector('#customer-typing')?.textContent } : null;
    });
    await customer.send('Are you there?');
    expect(await (await shownWithMessage).jsonValue()).toEqual({ typing: '' });
    await customerTyping(customer, false);

    // A page that goes away mid-word never says it stopped: the line goes after a few quiet seconds.
    await customerTypesUntilShown(customer, typing);
    await expect.poll(() => typing.textContent(), { timeout: 15_000 }).toBe('');
  });

  it('shows a colleague’s private note and commitment live, keeping what the agent is typing', async () => {
    const { customer, conversationId } = await escalatedCustomer('Nora Notes', 'My kettle from order JD20261128555 leaks, very disappointing');
    const ana = await signIn(ANA);
    const ben = await signIn(BEN);
    await openRow(ana, 'Nora Notes');
    await openRow(ben, 'Nora Notes');
    await ana.locator('#cases .case').first().waitFor();
    await ana.locator('#cm-desc').fill('half-typed promise');

    // Ben writes a private note from the composer, without holding the conversation.
    expect(await ben.locator('#reply-input').isDisabled()).toBe(true);
    await ben.locator('#reply-private').click();
    expect(await ben.locator('#reply-private').getAttribute('aria-pressed')).toBe('true');
    expect(await ben.locator('#reply-form').getAttribute('data-mode')).toBe('note');
    await ben.locator('#reply-input').fill('She prefers a call after 6 pm');
    await ben.locator('#reply-input').press('Enter');
    await expect.poll(() => ben.locator('#notes .note-text').allTextContents()).toEqual(['She prefers a call after 6 pm']);
    expect(await ben.locator('#reply-input').inputValue()).toBe('');
    await expect.poll(() => ana.locator('#notes .note-text').allTextContents()).toEqual(['She prefers a call after 6 pm']);
    expect(await ana.locator('#notes .note').first().textContent()).toContain('Ben');
    // Nothing reached the customer.
    expect(await staffTextsOf(customer)).toEqual([]);
    expect(await ben.locator('#transcript').textContent()).not.toContain('She prefers a call');

    // Ben records a commitment; Ana's cases panel shows it without a reload, her typing intact.
    const benApi = await new StaffClient(bed.t.baseUrl).signIn(BEN.email, BEN.password);
    const detail = await benApi.get<{ openCases: { id: string }[] }>(`/api/staff/conversations/${conversationId}`);
    const caseId = detail.body.openCases[0]!.id;
    const dueAt = new Date(Date.now() + 86_400_000).toISOString();
    expect((await benApi.post(`/api/staff/cases/${caseId}/commitments`, { kind: 'apology', description: 'Written apology from the team lead', dueAt })).status).toBe(201);
    await expect.poll(() => ana.locator('#cases .commitments li').allTextContents()).toEqual([expect.stringContaining('Written apology from the team lead')]);
    expect(await ana.locator('#cm-desc').inputValue()).toBe('half-typed promise');
  });

  it('lists the customer’s previous conversations one click away, and their orders with a number on file or not', async () => {
    const customer = await new WebchatCustomer(bed.t.baseUrl).start({ name: 'Paula Past', locale: 'en' });
    await customer.send('How long does delivery take?');
    const { body: before } = await bed.admin.get<{ conversations: { id: string; customer: { name: string } }[] }>('/api/staff/conversations?status=bot');
    const earlier = before.conversations.find((c) => c.customer.name === 'Paula Past')!.id;
    expect((await bed.admin.post(`/api/staff/conversations/${earlier}/takeover`)).status).toBe(200);
    expect((await bed.admin.post(`/api/staff/conversations/${earlier}/close`)).status).toBe(200);
    await bed.t.app.database.db.order.create({
      data: {
        id: randomUUID(),
        number: 'JD20260101001',
        customerId: customer.customerId,
        amountCents: 12900,
        currency: 'CNY',
        placedAt: new Date('2026-01-01T02:00:00Z'),
        items: '1 × kettle',
        source: 'staff',
      },
    });
    // A new conversation: a complaint about an order that is not theirs.
    await customer.send('My kettle from order JD20261128999 leaks, very disappointing');
    await customer.send('I want to talk to a person');

    const page = await signIn(ANA);
    await openRow(page, 'Paula Past');
    const orders = page.locator('#pf-orders .order');
    await expect.poll(() => orders.count()).toBe(2);
    const onFile = page.locator('#pf-orders .order[data-on-file="true"]');
    expect(await onFile.getAttribute('data-order-number')).toBe('JD20260101001');
    expect(await onFile.textContent()).toContain('1 × kettle');
    expect(await onFile.textContent()).toMatch(/129\.00/);
    const mentioned = page.locator('#pf-orders .order[data-on-file="false"]');
    expect(await mentioned.getAttribute('data-order-number')).toBe('JD20261128999');
    expect(await mentioned.textContent()).toContain('not on file');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const previous = page.locator(`#previous-conversations .previous-open[data-conversation-id="${earlier}"]`);
    expect(await page.locator('#previous-conversations .previous-open').count()).toBe(1);
    expect(await previous.textContent()).toContain('Closed');
    await previous.click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('closed');
    await expect.poll(() => page.locator('#transcript .msg[data-author="customer"] .bubble').allTextContents()).toContain('How long does delivery take?');
    // From there, the newer conversation is the previous one.
    await expect.poll(() => page.locator('#previous-conversations .previous-open').count()).toBe(1);
    expect(await page.locator(`#previous-conversations .previous-open[data-conversation-id="${earlier}"]`).count()).toBe(0);
  });

  it('inserts a canned reply picked with `/` at the cursor, names filled, and sends nothing by itself', async () => {
    const { customer } = await escalatedCustomer('Lena Picker');
    const page = await signIn(ANA);
    await openRow(page, 'Lena Picker');
    await page.locator('#takeover').click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('human');
    const box = page.locator('#reply-input');
    const picker = page.locator('#canned-picker');
    await expect.poll(() => box.isDisabled()).toBe(false);

    // Escape closes the list and nothing else.
    await box.fill('');
    await box.pressSequentially('/');
    await picker.waitFor();
    expect(await picker.locator('[role="option"]').count()).toBeGreaterThan(3);
    await box.press('ArrowDown');
    expect(await picker.locator('[role="option"]').nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await picker.locator('[role="option"]').nth(1).getAttribute('id'));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await box.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await page.locator('#conv-title').textContent()).toBe('Lena Picker');

    // Typed before existing text, the picked reply goes where the cursor was.
    await box.fill('See you soon.');
    await box.press('Home');
    await box.pressSequentially('/greet');
    await expect.poll(() => picker.locator('[role="option"]').allTextContents()).toEqual([expect.stringContaining('Greeting')]);
    await box.press('Enter');
    await picker.waitFor({ state: 'detached' });
    const greeting = "Hello Lena Picker, this is Ana from customer care. I've read your conversation and I'll take it from here.";
    expect(await box.inputValue()).toBe(`${greeting} See you soon.`);
    expect(await box.evaluate((node: HTMLTextAreaElement) => node.selectionStart)).toBe(greeting.length + 1);

    // A word only in a reply's text finds it too; Tab picks.
    await box.press('End');
    await box.pressSequentially(' /problem');
    await expect.poll(() => picker.locator('[role="option"]').allTextContents()).toEqual([expect.stringContaining('Ask for a photo')]);
    await box.press('Tab');
    expect(await box.inputValue()).toMatch(/See you soon\. If you can, please send a photo of the problem/);
    expect(await staffTextsOf(customer)).toEqual([]);

    // Enter sends as before once the list is closed.
    await box.press('Enter');
    await expect.poll(() => staffTextsOf(customer)).toEqual([expect.stringMatching(/^Hello Lena Picker, this is Ana.*send a photo of the problem/)]);
  });

  it('checks the email before saving and shows the saved, normalised phone', async () => {
    await escalatedCustomer('Eva Email');
    const page = await signIn(ANA);
    await openRow(page, 'Eva Email');

    await page.locator('#pf-email').fill('not an email');
    await page.locator('#profile-save').click();
    await expect.poll(() => page.locator('#pf-email-error').textContent()).toBe('Enter an email address such as li.wei@example.com.');
    expect(await page.locator('#pf-email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#pf-email').getAttribute('aria-describedby')).toBe('pf-email-error');
    expect(await page.locator('#profile-error').textContent()).toBe('Check the marked field: Email.');
    expect(await page.locator('#pf-history-title').isVisible()).toBe(false);
    await page.locator('#reply-private').click();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.locator('#pf-email').fill('Eva.Email@Example.COM');
    await page.locator('#pf-phone').fill('+49 (30) 1234-567');
    await page.locator('#profile-save').click();
    await expect.poll(() => page.locator('#profile-error').textContent()).toBe('Saved.');
    expect(await page.locator('#pf-email-error').textContent()).toBe('');
    expect(await page.locator('#pf-email').inputValue()).toBe('eva.email@example.com');
    expect(await page.locator('#pf-phone').inputValue()).toBe('+49301234567');
  });
});
