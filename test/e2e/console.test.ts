// The staff console page end to end: real Chromium, two browser contexts (an agent at /console,
// a customer at /), against the real service (HTTP, staff SSE, web chat SSE, NLU, SQLite, Redis).

import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { StaffClient } from '../support/staff-client.ts';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ARTIFACTS = 'test-artifacts';
const DESKTOP = { width: 1280, height: 800 };
const ADMIN = { email: 'lead@care.test', password: 'lead password 123' };

let t: TestApp;
let browser: Browser;
let agent: { email: string; password: string; name: string };
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  agent = { email: 'mei@care.test', password: 'mei password 123', name: 'Mei' };
  const created = await admin.post('/api/staff/users', { ...agent, role: 'agent' });
  expect(created.status).toBe(201);
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  const errors = pageErrors.splice(0);
  expect(errors, 'errors thrown or logged by the pages').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openPage(path: string, options: { expectedHttpErrors?: number[] } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // A refused request the test provokes (wrong password, taken conversation) is logged by the
    // browser as a failed resource; the page shows the server's message itself.
    const expected = (options.expectedHttpErrors ?? []).some((status) => message.text().includes(`status of ${status} `));
    if (message.type() === 'error' && !expected) pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${t.baseUrl}${path}`);
  await page.waitForSelector('#app:not([aria-busy])');
  return page;
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.locator('#login-email').fill(email);
  await page.locator('#login-password').fill(password);
  await page.locator('#login-submit').click();
}

/** The customer writes in the web chat composer and waits until the server accepted it. */
async function customerSays(page: Page, text: string): Promise<void> {
  const mine = page.locator('#messages .msg[data-author="customer"]');
  const before = await mine.count();
  await page.locator('#input').fill(text);
  await page.locator('#send').click();
  await expect.poll(() => mine.count()).toBe(before + 1);
  await expect.poll(() => mine.last().getAttribute('data-id'), { timeout: 20_000 }).toMatch(/^\d+$/);
}

const transcriptTexts = (page: Page, author: string) => page.locator(`#transcript .msg[data-author="${author}"] .bubble`).allTextContents();
const customerTexts = (page: Page, author: string) => page.locator(`#messages .msg[data-author="${author}"] .bubble`).allTextContents();

describe('staff console in Chromium', () => {
  it('an agent sees an escalation arrive live, takes over, chats with the customer and hands back to the bot', async () => {
    const console_ = await openPage('/console', { expectedHttpErrors: [400, 403] });
    expect(new URL(console_.url()).pathname).toBe('/console/');
    expect(await console_.title()).toBe('Staff console');
    await signIn(console_, agent.email, agent.password);
    await console_.locator('#queue').waitFor({ state: 'attached' });
    await expect.poll(() => console_.locator('#live').getAttribute('data-state')).toBe('on');
    expect(await console_.locator('#whoami').textContent()).toContain('Mei');

    // The customer asks for a person; the agent's queue shows it without a reload.
    const customer = await openPage('/?lang=en');
    await customer.locator('#name').fill('Lena Fischer');
    await customerSays(customer, 'I want to talk to a person');
    await expect.poll(() => customer.locator('#status').getAttribute('data-status')).toBe('queued');

    const row = console_.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Lena Fischer' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Asked for a person');
    expect(await row.textContent()).toContain('Web chat');
    expect(await row.textContent()).toContain('English');
    await expect.poll(() => row.locator('.waiting').textContent()).toMatch(/waiting/);
    await console_.screenshot({ path: `${ARTIFACTS}/console-queue.png` });

    // Open it: transcript, card, handoff summary.
    await row.click();
    await expect.poll(() => transcriptTexts(console_, 'customer')).toContain('I want to talk to a person');
    expect(await console_.locator('#status').getAttribute('data-status')).toBe('queued');
    expect(await console_.locator('#pf-name').inputValue()).toBe('Lena Fischer');
    expect(await console_.locator('#handoff').isVisible()).toBe(true);
    expect(await console_.locator('#reply-input').isDisabled()).toBe(true);
    expect(await console_.locator('#conv-meta').textContent()).not.toContain('null');

    // Take over: the customer is told a person joined.
    await console_.locator('#takeover').click();
    await expect.poll(() => console_.locator('#status').getAttribute('data-status')).toBe('human');
    await expect.poll(() => customerTexts(customer, 'system')).toEqual([expect.stringMatching(/has joined/)]);
    await expect.poll(() => customer.locator('#status').getAttribute('data-status')).toBe('human');
    await expect.poll(() => transcriptTexts(console_, 'system')).toEqual([expect.stringMatching(/has joined/)]);

    // A canned reply fills the customer's and the agent's names; Enter sends.
    await console_.locator('#canned').selectOption('greeting');
    const greeting = await console_.locator('#reply-input').inputValue();
    expect(greeting).toBe("Hello Lena Fischer, this is Mei from customer care. I've read your conversation and I'll take it from here.");
    await console_.locator('#reply-input').press('Enter');
    await expect.poll(() => customerTexts(customer, 'staff')).toEqual([greeting]);
    expect(await console_.locator('#reply-input').inputValue()).toBe('');

    await console_.locator('#reply-input').fill('Which order is it about?');
    await console_.locator('#reply-send').click();
    await expect.poll(() => customerTexts(customer, 'staff')).toEqual([greeting, 'Which order is it about?']);

    // The customer answers; the agent sees it live.
    await customerSays(customer, 'Order 12345678, the blender');
    await expect.poll(() => transcriptTexts(console_, 'customer')).toContain('Order 12345678, the blender');
    expect(await transcriptTexts(console_, 'staff')).toEqual([greeting, 'Which order is it about?']);
    // The held conversation is listed under "With staff".
    await console_.locator('.tab[data-status="human"]').click();
    await row.waitFor();
    await expect.poll(() => row.getAttribute('class')).toContain('is-open');
    await console_.locator('#transcript .msg').last().scrollIntoViewIfNeeded();
    await console_.screenshot({ path: `${ARTIFACTS}/console-conversation.png` });
    await console_.locator('.tab[data-status="queued"]').click();
    await expect.poll(() => row.count()).toBe(0);

    // The card is editable.
    await console_.locator('#pf-phone').fill('+49 30 1234567');
    await console_.locator('#profile-form button[type="submit"]').click();
    await expect.poll(() => console_.locator('#profile-error').textContent()).toBe('Saved.');
    // The save reloads the conversation and refills the card; wait for that before the next edit.
    await expect.poll(() => console_.locator('#pf-history-title').textContent()).toBe('Changes to this card (1)');
    // The tier decides the refund cap: an agent's change is refused with the server's words.
    await console_.locator('#pf-tier').selectOption('A');
    await console_.locator('#profile-form button[type="submit"]').click();
    await expect.poll(() => console_.locator('#profile-error').textContent()).toMatch(/supervisor/);
    expect(await console_.locator('#conv-meta .tier').textContent()).toBe('C');
    await console_.locator('#pf-tier').selectOption('C');
    // Taken over, the conversation left the queue; it is listed under "With staff".
    expect(await row.count()).toBe(0);
    await console_.locator('#pf-email').fill('not an email');
    await console_.locator('#profile-form button[type="submit"]').click();
    await expect.poll(() => console_.locator('#profile-error').textContent()).toMatch(/email/i);

    // Hand back: the customer hears the bot is back, and the bot answers again.
    await console_.locator('#handback').click();
    await expect.poll(() => console_.locator('#status').getAttribute('data-status')).toBe('bot');
    await expect.poll(() => customerTexts(customer, 'system')).toHaveLength(2);
    expect((await customerTexts(customer, 'system'))[1]).toMatch(/back to the bot/);
    const botBefore = (await customerTexts(customer, 'bot')).length;
    await customerSays(customer, 'How long does delivery take?');
    await expect.poll(async () => (await customerTexts(customer, 'bot')).slice(botBefore).join('\n'), { timeout: 20_000 }).toMatch(/ship|deliver/i);
    await expect.poll(() => transcriptTexts(console_, 'customer')).toContain('How long does delivery take?');
    await expect.poll(async () => (await transcriptTexts(console_, 'bot')).join('\n')).toMatch(/ship|deliver/i);

    // At tablet width nothing scrolls sideways and the actions stay reachable.
    await console_.setViewportSize({ width: 820, height: 1100 });
    expect(await console_.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    expect(await console_.locator('#handback').isVisible()).toBe(true);
    expect(await console_.locator('#profile-form').isVisible()).toBe(true);
    await console_.screenshot({ path: `${ARTIFACTS}/console-tablet.png` });
  });

  it('a second agent who tries to take over a held conversation sees who has it', async () => {
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    const holder = await admin.createStaff('agent', 'Jon');
    const customerPage = await openPage('/?lang=en');
    await customerPage.locator('#name').fill('Omar Haddad');
    await customerSays(customerPage, 'I want to talk to a person');

    const page = await openPage('/console/', { expectedHttpErrors: [409] });
    await signIn(page, agent.email, agent.password);
    const row = page.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Omar Haddad' });
    await row.waitFor();
    const id = await row.getAttribute('data-conversation-id');
    await row.click();
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('queued');

    expect((await holder.post(`/api/staff/conversations/${id}/takeover`)).status).toBe(200);
    // The queue and the open conversation follow the other agent's takeover live.
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('human');
    await expect.poll(() => page.locator('#holder').textContent()).toBe('Taken by Jon');
    await expect.poll(() => page.locator(`.queue-item[data-conversation-id="${id}"]`).count()).toBe(0);
    await page.locator('#takeover').click();
    await expect.poll(() => page.locator('#reply-error').textContent()).toBe('Taken by Jon');
    expect(await page.locator('#reply-input').isDisabled()).toBe(true);
  });

  it('keeps private notes from the customer, records commitments on a case and reads the handoff summary', async () => {
    const customer = await openPage('/?lang=en');
    await customer.locator('#name').fill('Paula Weber');
    await customerSays(customer, 'My kettle from order 12345678 leaks, very disappointing');
    await customerSays(customer, 'I want to talk to a person');
    await expect.poll(() => customer.locator('#status').getAttribute('data-status'), { timeout: 20_000 }).toBe('queued');

    const page = await openPage('/console/', { expectedHttpErrors: [403] });
    await signIn(page, agent.email, agent.password);
    const row = page.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Paula Weber' });
    await row.waitFor();
    await row.click();

    // The bot's summary is short prose: who, what happened, how they sound (the strongest feeling of
    // the conversation: disappointed earlier, though the request itself was calm), the facts, their last words.
    const summary = page.locator('#handoff-summary');
    await expect.poll(() => summary.textContent()).toContain('Paula Weber (tier C) asked to talk to a person. They sound annoyed.');
    const prose = (await summary.textContent()) ?? '';
    expect(prose).toContain('Complaint about product quality');
    expect(prose).toContain('order: 12345678');
    expect(prose).toContain('problem: My kettle from order 12345678 leaks');
    expect(prose).toContain('Last message: “I want to talk to a person”');
    expect(await page.locator('#handoff').textContent()).not.toContain('reason=');

    // On a short screen the box gives way, never covers the transcript, and the pane does not
    // scroll its header away when the reply box takes the focus.
    await page.setViewportSize({ width: 1000, height: 560 });
    await page.locator('#reply-input').focus();
    await page.locator('#transcript').evaluate((node) => node.scrollIntoView());
    expect(await page.locator('#conversation').evaluate((node) => node.scrollTop)).toBe(0);
    const [head, box, transcript] = await Promise.all(['.conv-head', '#handoff', '#transcript'].map((selector) => page.locator(selector).boundingBox()));
    const pane = await page.locator('#conversation').boundingBox();
    expect(head!.y).toBeGreaterThanOrEqual(pane!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(transcript!.y);
    expect(transcript!.height).toBeGreaterThanOrEqual(100);
    // Staff can fold the summary away and open it again.
    await page.locator('#handoff summary').click();
    expect(await page.locator('#handoff-summary').isVisible()).toBe(false);
    await page.locator('#handoff summary').click();
    expect(await page.locator('#handoff-summary').isVisible()).toBe(true);
    await page.setViewportSize(DESKTOP);

    // Presence: the agent goes online from the header, and the conversation already waiting is
    // routed to them at once (the queue row says so).
    await expect.poll(() => page.locator('#online-toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await row.locator('.chip.assignee').count()).toBe(0);
    await page.locator('#online-toggle').click();
    await expect.poll(() => page.locator('#online-toggle').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#online-toggle').textContent()).toBe('Online');
    await expect.poll(() => row.locator('.chip.assignee.is-mine').textContent()).toBe('for Mei');
    await expect.poll(() => page.locator('#holder').textContent()).toBe('Assigned to you: take it over to reply.');
    // Back offline, so that routing does not hand the next tests' escalations to this agent.
    await page.locator('#online-toggle').click();
    await expect.poll(() => page.locator('#online-toggle').getAttribute('aria-pressed')).toBe('false');

    // A private note shows in the console and never reaches the customer.
    const note = 'Customer sounded upset; check the kettle batch before offering a refund.';
    expect(await page.locator('#notes').locator('..').textContent()).toContain('never shown to the customer');
    await page.locator('#note-input').fill(note);
    await page.locator('#note-add').click();
    await expect.poll(() => page.locator('#notes .note-text').allTextContents()).toEqual([note]);
    expect(await page.locator('#note-input').inputValue()).toBe('');
    const history = await customer.evaluate(async () => {
      const session = JSON.parse(localStorage.getItem('care.webchat.session') ?? 'null') as { token: string } | null;
      const response = await fetch('/api/webchat/history', { headers: { authorization: `Bearer ${session?.token ?? ''}` } });
      return { status: response.status, body: await response.text() };
    });
    expect(history.status).toBe(200);
    expect(history.body).toContain('I want to talk to a person');
    expect(history.body).not.toContain('kettle batch');
    expect((await customer.locator('#messages').textContent()) ?? '').not.toContain('kettle batch');

    // A commitment on the open case: an agent's refund above the tier cap goes to a supervisor for approval.
    await page.locator('#case-work').waitFor();
    const due = await page.evaluate(() => {
      const date = new Date(Date.now() + 24 * 3600_000);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
    });
    const form = page.locator('#commitment-form');
    await form.locator('#cm-kind').selectOption('refund');
    expect(await form.locator('#cm-amount').isVisible()).toBe(true);
    await form.locator('#cm-desc').fill('Refund the kettle');
    await form.locator('#cm-due').fill(due);
    await form.locator('#cm-amount').fill('99999');
    await form.locator('#cm-submit').click();
    await expect.poll(() => page.locator('#commitment-error').textContent()).toMatch(/sent to a supervisor for approval/);
    expect(await t.app.database.db.approval.count({ where: { status: 'pending', kind: 'refund', amountCents: 9_999_900 } })).toBe(1);

    await form.locator('#cm-kind').selectOption('replacement');
    expect(await form.locator('#cm-amount').isVisible()).toBe(false);
    await form.locator('#cm-desc').fill('Send a new kettle');
    await form.locator('#cm-due').fill(due);
    await form.locator('#cm-submit').click();
    await expect.poll(() => page.locator('#commitment-error').textContent()).toMatch(/^Recorded/);
    await expect.poll(() => page.locator('#cases .commitments').textContent()).toContain('Send a new kettle');

    // The outcome and a promised callback.
    await page.locator('#outcome-select').selectOption('agreed');
    await page.locator('#outcome-text').fill('New kettle sent');
    await page.locator('#outcome-submit').click();
    await expect.poll(() => page.locator('#outcome-error').textContent()).toBe('Outcome set: Agreed.');
    await page.locator('#cb-due').fill(due);
    await page.locator('#cb-submit').click();
    await expect.poll(() => page.locator('#callback-error').textContent()).toMatch(/^Callback scheduled/);
    await page.locator('#details').screenshot({ path: `${ARTIFACTS}/console-case-work.png` });

    // The card names a key account manager, and keeps an audit trail of who changed what.
    expect(await page.locator('#pf-history').isHidden()).toBe(true);
    await page.locator('#pf-keyAccountManagerId').selectOption({ label: 'Mei' });
    await page.locator('#profile-save').click();
    await expect.poll(() => page.locator('#profile-error').textContent()).toBe('Saved.');
    await expect.poll(() => page.locator('#pf-history-title').textContent()).toBe('Changes to this card (1)');
    expect(await page.locator('#pf-history-list li').first().textContent()).toMatch(/^Mei, .*: Key account manager \(empty\) → Mei$/);

    // An admin manages staff accounts from the Staff view; agents do not see it.
    expect(await page.locator('#staff-toggle').isHidden()).toBe(true);
    const lead = await openPage('/console/');
    await signIn(lead, ADMIN.email, ADMIN.password);
    await lead.locator('#staff-toggle').click();
    await lead.locator('#staff-view').waitFor();
    expect(await lead.locator('#work-view').isHidden()).toBe(true);
    await lead.locator('.staff-row').filter({ hasText: agent.email }).waitFor();
    await lead.locator('#sc-email').fill('rui@care.test');
    await lead.locator('#sc-name').fill('Rui');
    await lead.locator('#sc-password').fill('rui password 123');
    await lead.locator('#sc-role').selectOption('supervisor');
    await lead.locator('#sc-submit').click();
    await expect.poll(() => lead.locator('#staff-create-error').textContent()).toBe('Account created.');
    const rui = lead.locator('.staff-row').filter({ hasText: 'rui@care.test' });
    await rui.locator('input.capacity').fill('3');
    await rui.locator('input.capacity').press('Tab');
    await expect.poll(() => lead.locator('#staff-error').textContent()).toBe('Saved.');
    await rui.locator('button').click();
    await expect.poll(() => rui.getAttribute('class')).toContain('is-disabled');
    // Reopening the view reloads the accounts from the server.
    await lead.locator('#staff-toggle').click();
    await lead.locator('#work-view').waitFor();
    await lead.locator('#staff-toggle').click();
    await expect.poll(() => rui.locator('input.capacity').inputValue()).toBe('3');
    expect(await rui.getAttribute('class')).toContain('is-disabled');
    expect(await rui.locator('select').inputValue()).toBe('supervisor');
    // Linking a Telegram account, so Claim in the staff chat works for this person.
    const mei = lead.locator('.staff-row').filter({ hasText: agent.email });
    await mei.locator('input.telegram-id').fill('424242');
    await mei.locator('input.telegram-id').press('Tab');
    await expect.poll(() => lead.locator('#staff-error').textContent()).toBe('Saved.');
    await lead.screenshot({ path: `${ARTIFACTS}/console-staff.png` });

    // A supervisor (here the admin) gives the conversation to someone else; agents have no such control.
    expect(await page.locator('#assign-wrap').isHidden()).toBe(true);
    await lead.locator('#staff-toggle').click();
    await lead.locator('.queue-item[data-conversation-id]').filter({ hasText: 'Paula Weber' }).click();
    await lead.locator('#assign-wrap').waitFor();
    // Enabled colleagues only (Rui was disabled), opening on whoever has it now.
    const names = await lead.locator('#assign-select option').allTextContents();
    expect(names).toEqual(expect.arrayContaining(['Mei', 'lead']));
    expect(names).not.toContain('Rui');
    expect(await lead.locator('#assign-select option:checked').textContent()).toBe('Mei');
    await lead.locator('#assign-select').selectOption({ label: 'lead' });
    await lead.locator('#assign').click();
    await expect.poll(() => lead.locator('#toast').textContent()).toBe('Given to lead.');
    // The agent's queue follows live.
    await expect.poll(() => row.locator('.chip.assignee').textContent()).toBe('for lead');
    expect(await row.locator('.chip.assignee.is-mine').count()).toBe(0);
    await expect.poll(() => page.locator('#holder').textContent()).toBe('Assigned to lead, who has not taken it over yet');
    await lead.locator('#pf-history').evaluate((node) => node.setAttribute('open', ''));
    await lead.screenshot({ path: `${ARTIFACTS}/console-assign.png` });
  });

  it('shows the server’s error for a wrong password and works in Chinese', async () => {
    const page = await openPage('/console/?lang=zh', { expectedHttpErrors: [401] });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#login-submit').textContent()).toBe('登录');
    await signIn(page, agent.email, 'definitely wrong');
    // A wrong password costs a scrypt check, slow on a busy machine.
    await expect.poll(() => page.locator('#login-error').textContent(), { timeout: 15_000 }).toBe('wrong email or password');
    expect(await page.locator('#work-view').isHidden()).toBe(true);
    await page.locator('#lang').click();
    expect(await page.locator('#login-submit').textContent()).toBe('Sign in');
  });

  it('serves canned replies in the asked language and guards the staff stream and API behind sign-in', async () => {
    const staff = await new StaffClient(t.baseUrl).signIn(agent.email, agent.password);
    const zh = await staff.get<{ replies: { id: string; title: string; text: string }[] }>('/api/staff/canned-replies?lang=zh');
    const en = await staff.get<{ replies: { id: string; title: string; text: string }[] }>('/api/staff/canned-replies?lang=en');
    expect(zh.status).toBe(200);
    expect(zh.body.replies.length).toBeGreaterThanOrEqual(8);
    expect(zh.body.replies.map((r) => r.id)).toEqual(en.body.replies.map((r) => r.id));
    expect(zh.body.replies.find((r) => r.id === 'greeting')!.text).toContain('{customerName}');
    expect(en.body.replies.find((r) => r.id === 'greeting')!.title).toBe('Greeting');
    expect((await fetch(`${t.baseUrl}/api/staff/canned-replies`)).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/api/staff/events`)).status).toBe(401);
    const redirect = await fetch(`${t.baseUrl}/console`, { redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/console/']);
  });
});
