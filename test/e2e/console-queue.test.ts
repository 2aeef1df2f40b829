// The console's queue on day one in real Chromium against the real service: each row's preview,
// unread badge (cleared, and the read marker stored, on opening) and the time since the customer
// last wrote; search and filters kept in the page address; labels added and removed in the open
// conversation's header; the tabs at 1280 px; a link that opens one conversation.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousAccessibilityViolations } from '../support/axe.ts';
import { StaffClient } from '../support/staff-client.ts';
import { consoleTestBed } from '../support/console-test-bed.ts';

const ADMIN = { email: 'queue-lead@care.test', password: 'queue lead password' };
const AGENT = { email: 'quinn@care.test', password: 'Quinn password 12345', name: 'Quinn' };

const bed = consoleTestBed(ADMIN, [{ ...AGENT, role: 'agent' }]);
const escalatedCustomer = (name: string, first?: string) => bed.escalatedCustomer(name, first);

/** The agent's console at 1280 × 800, the width the tabs must fit. */
async function signIn(): Promise<Page> {
  const page = await bed.signIn(AGENT);
  await page.setViewportSize({ width: 1280, height: 800 });
  return page;
}

type Row = { id: string; customer: { name: string }; unread: number; labels: string[]; lastMessage: { text: string; author: string } | null };
async function queueRows(): Promise<Row[]> {
  return (await bed.admin.get<{ conversations: Row[] }>('/api/staff/conversations?status=queued')).body.conversations;
}

const rowOf = (page: Page, name: string) => page.locator('.queue-item[data-conversation-id]').filter({ hasText: name });
const shownNames = (page: Page) => page.locator('#queue .queue-item .cust').allTextContents();

describe('the queue on day one', () => {
  it('previews the last message, counts unread customer messages live and clears them (and stores the read marker) on opening', async () => {
    const { customer, conversationId } = await escalatedCustomer('Uma Unread', 'Hello there');
    const page = await signIn();
    const row = rowOf(page, 'Uma Unread');
    await row.waitFor();

    const before = (await queueRows()).find((r) => r.id === conversationId);
    expect(before?.unread).toBeGreaterThan(0);
    await expect.poll(() => row.locator('.unread .sr-only').textContent()).toBe(`${before?.unread} unread`);
    const preview = row.locator('.preview');
    expect(await preview.getAttribute('data-author')).toBe(before?.lastMessage?.author);
    expect(await preview.textContent()).toContain(before?.lastMessage?.text.replace(/\s+/g, ' ').slice(0, 40));
    await expect.poll(() => row.locator('.customer-since').textContent()).toMatch(/^customer wrote (just now|\d+s ago)$/);

    // The customer writes again while the agent looks at the queue: the row follows live.
    await customer.send('Is anyone reading this about parcel 7781?');
    await expect.poll(() => row.locator('.unread .sr-only').textContent()).toBe(`${(before?.unread ?? 0) + 1} unread`);
    expect(await bed.t.app.database.db.conversationRead.count({ where: { conversationId } })).toBe(0);

    await row.click();
    await expect.poll(() => page.locator('#conv-title').textContent()).toBe('Uma Unread');
    await expect.poll(() => row.locator('.unread').count()).toBe(0);
    await expect.poll(() => bed.t.app.database.db.conversationRead.count({ where: { conversationId } })).toBe(1);
    const agentView = await new StaffClient(bed.t.baseUrl).signIn(AGENT.email, AGENT.password);
    const afterOpening = (await agentView.get<{ conversations: Row[] }>('/api/staff/conversations?status=queued')).body.conversations;
    expect(afterOpening.find((r) => r.id === conversationId)?.unread).toBe(0);

    // While it is open on a visible page, a new customer message is read at once.
    await customer.send('Thanks, I will wait');
    await expect.poll(() => page.locator('#transcript .msg[data-author="customer"] .bubble').allTextContents()).toContain('Thanks, I will wait');
    await expect
      .poll(async () => (await agentView.get<{ conversations: Row[] }>('/api/staff/conversations?status=queued')).body.conversations.find((r) => r.id === conversationId)?.unread, { timeout: 15_000 })
      .toBe(0);
    expect(await row.locator('.unread').count()).toBe(0);
  });

  it('searches by customer name and by message text, and keeps a channel filter through a reload', async () => {
    await escalatedCustomer('Olga Search', 'My parcel with the zebra stripes never came');
    await escalatedCustomer('Pavel Other');
    const page = await signIn();
    await rowOf(page, 'Olga Search').waitFor();
    await rowOf(page, 'Pavel Other').waitFor();

    const search = page.locator('#queue-search');
    await search.fill('Olga');
    await expect.poll(() => shownNames(page)).toEqual(['Olga Search']);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Olga');

    await search.fill('zebra stripes');
    await search.press('Enter');
    await expect.poll(() => shownNames(page)).toEqual(['Olga Search']);

    await page.locator('#filters-clear').click();
    await expect.poll(async () => (await shownNames(page)).length).toBeGreaterThanOrEqual(2);
    expect(await search.inputValue()).toBe('');
    expect(new URL(page.url()).searchParams.has('q')).toBe(false);

    // Another channel: nobody matches; the web chat: everybody again, kept through a reload.
    await page.locator('#queue-filters summary').click();
    await page.locator('#filter-channel').selectOption('telegram');
    await expect.poll(() => shownNames(page)).toEqual([]);
    expect(await page.locator('#queue-empty').textContent()).toBe('No conversation in this tab matches the search and filters.');
    await page.locator('#filter-channel').selectOption('webchat');
    await page.locator('#queue-search').fill('Pavel');
    await expect.poll(() => shownNames(page)).toEqual(['Pavel Other']);
    const address = new URL(page.url()).searchParams;
    expect([address.get('channel'), address.get('q')]).toEqual(['webchat', 'Pavel']);

    await page.reload();
    await page.locator('#live[data-state="on"]').waitFor();
    await expect.poll(() => shownNames(page)).toEqual(['Pavel Other']);
    expect(await page.locator('#filter-channel').inputValue()).toBe('webchat');
    expect(await page.locator('#queue-filters').getAttribute('open'), 'filters from the address show open').not.toBeNull();
    expect(await page.locator('#queue-search').inputValue()).toBe('Pavel');
  });

  it('adds and removes labels in the conversation’s header, shows them on the row and filters by them', async () => {
    const { conversationId } = await escalatedCustomer('Lars Label');
    await escalatedCustomer('Mona Nolabel');
    const page = await signIn();
    await rowOf(page, 'Lars Label').click();
    await expect.poll(() => page.locator('#conv-title').textContent()).toBe('Lars Label');

    const input = page.locator('#label-input');
    await input.fill('Late Delivery');
    await input.press('Enter');
    await expect.poll(() => page.locator('#conv-labels .label-chip').allInnerTexts()).toEqual([expect.stringContaining('late delivery')]);
    await input.fill('vip');
    await page.locator('#label-add').click();
    await expect.poll(() => page.locator('#conv-labels .label-chip > span').allTextContents()).toEqual(['late delivery', 'vip']);
    await expect.poll(() => rowOf(page, 'Lars Label').locator('.label-chip').allTextContents()).toEqual(['late delivery', 'vip']);
    expect((await queueRows()).find((r) => r.id === conversationId)?.labels).toEqual(['late delivery', 'vip']);
    await page.screenshot({ path: 'test-artifacts/console-queue-labels.png' });
    expect(await seriousAccessibilityViolations(page), 'labels, previews and unread badges').toEqual([]);

    // The server refuses a label it does not take, in words a person can act on.
    await input.fill('vip!!');
    await input.press('Enter');
    await expect.poll(() => page.locator('#label-error').textContent()).toMatch(/^Labels not saved: .*may hold only letters, digits, spaces/);
    expect(await page.locator('#conv-labels .label-chip > span').allTextContents()).toEqual(['late delivery', 'vip']);

    // Filter by a label in use: only that conversation; the address keeps it through a reload.
    await page.locator('#queue-filters summary').click();
    await expect.poll(() => page.locator('#filter-label option').allTextContents()).toEqual(expect.arrayContaining(['late delivery', 'vip']));
    await page.locator('#filter-label').selectOption('vip');
    await expect.poll(() => shownNames(page)).toEqual(['Lars Label']);
    expect(new URL(page.url()).searchParams.get('label')).toBe('vip');
    expect(await seriousAccessibilityViolations(page), 'the open filters').toEqual([]);
    await page.reload();
    await page.locator('#live[data-state="on"]').waitFor();
    await expect.poll(() => shownNames(page)).toEqual(['Lars Label']);
    // The open conversation came back with the address too.
    await expect.poll(() => page.locator('#conv-title').textContent()).toBe('Lars Label');

    await page.getByRole('button', { name: 'Remove label vip' }).click();
    await expect.poll(() => page.locator('#conv-labels .label-chip > span').allTextContents()).toEqual(['late delivery']);
    expect((await queueRows()).find((r) => r.id === conversationId)?.labels).toEqual(['late delivery']);
    // No longer labelled vip: the live refresh drops it from the filtered list.
    await expect.poll(() => shownNames(page)).toEqual([]);
  });

  it('fits the tabs at 1280 × 800 without scrolling them sideways', async () => {
    // A waiting count on the first tab, as on a busy day.
    await escalatedCustomer('Tess Tabs');
    const page = await signIn();
    const tabs = page.locator('.tabs');
    await page.locator('#count-queued:not(:empty)').waitFor();
    for (const lang of ['en', 'zh']) {
      if (lang === 'zh') {
        await page.locator('#lang').click();
        await expect.poll(() => page.locator('.tab[data-status="queued"]').textContent()).toContain('排队中');
      }
      const overflow = await tabs.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(overflow.scroll, `tab bar in ${lang}`).toBeLessThanOrEqual(overflow.client);
      const pane = await page.locator('.queue-pane').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(pane.scroll, `queue pane in ${lang}`).toBeLessThanOrEqual(pane.client);
      for (const tab of await page.locator('.tab').all()) expect(await tab.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false);
    }
  });

  it('opens the conversation a link names once signed in, and marks it read', async () => {
    const { conversationId } = await escalatedCustomer('Dora Deeplink');
    const page = await bed.newPage({ width: 1280, height: 800 });
    await page.goto(`${bed.t.baseUrl}/console/?conversation=${encodeURIComponent(conversationId)}`);
    await page.waitForSelector('#app:not([aria-busy])');
    await page.locator('#login-email').fill(AGENT.email);
    await page.locator('#login-password').fill(AGENT.password);
    await page.locator('#login-submit').click();
    await expect.poll(() => page.locator('#conv-title').textContent()).toBe('Dora Deeplink');
    await expect.poll(() => page.locator('#transcript .msg[data-author="customer"] .bubble').allTextContents()).toContain('I want to talk to a person');
    await expect.poll(() => bed.t.app.database.db.conversationRead.count({ where: { conversationId } })).toBe(1);
    expect(new URL(page.url()).searchParams.get('conversation')).toBe(conversationId);
  });
});
