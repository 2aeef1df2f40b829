// The console's keyboard shortcuts in real Chromium against the real service: `?` opens their
// help (a dialog Escape closes), j/k and Alt+↓/↑ move through the list as shown, t takes over (the
// reply box gets the focus), letters typed in the reply box stay text, Escape leaves it, r comes
// back to it, c closes after the confirmation.

import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousAccessibilityViolations } from '../support/axe.ts';
import { consoleTestBed } from '../support/console-test-bed.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'keys-lead@care.test', password: 'keys lead password 1' };
const AGENT = { email: 'kai@care.test', password: 'Kai password 12345', name: 'Kai' };

const bed = consoleTestBed(ADMIN, [{ ...AGENT, role: 'agent' }]);

const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const openTitle = (page: Page) => page.locator('#conv-title').textContent();

describe('keyboard shortcuts in the console', () => {
  it('opens the help with ?, moves through the list, takes over, keeps typed letters as text and closes after confirming', async () => {
    for (const name of ['Kim One', 'Kim Two', 'Kim Three']) {
      const customer = await new WebchatCustomer(bed.t.baseUrl).start({ name, locale: 'en' });
      await customer.send('I want to talk to a person');
    }
    const page = await bed.signIn(AGENT);
    const rows = page.locator('#queue .queue-item[data-conversation-id]');
    await expect.poll(() => rows.count()).toBe(3);
    const names = (await rows.locator('.cust').allTextContents()).map((n) => n.trim());

    // `?`: the help, listing every shortcut; Escape closes it.
    await page.keyboard.press('?');
    const help = page.locator('#keys-help');
    await help.waitFor({ state: 'visible' });
    expect(await help.getAttribute('aria-labelledby')).toBe('keys-title');
    const helpText = (await help.textContent()) ?? '';
    for (const words of ['Keyboard shortcuts', 'next conversation', 'previous conversation', 'Take over', 'Close the open conversation', 'reply box', 'Leave the reply box'])
      expect(helpText).toContain(words);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // Shortcuts rest while it is open.
    await page.keyboard.press('j');
    expect(await page.locator('#conv-title').count()).toBe(0);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // j / k and Alt+↓ / Alt+↑ move through the list as shown.
    await page.keyboard.press('j');
    await expect.poll(() => openTitle(page)).toBe(names[0]);
    await page.keyboard.press('j');
    await expect.poll(() => openTitle(page)).toBe(names[1]);
    await expect.poll(() => rows.nth(1).getAttribute('class')).toContain('is-open');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => openTitle(page)).toBe(names[2]);
    await page.keyboard.press('Alt+ArrowDown');
    await page.keyboard.press('k');
    await expect.poll(() => openTitle(page)).toBe(names[1]);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => openTitle(page)).toBe(names[0]);

    // t takes the open conversation over; the reply box has the focus.
    await page.keyboard.press('t');
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('human');
    await expect.poll(() => activeId(page)).toBe('reply-input');

    // Letters typed there are text, not shortcuts.
    await page.keyboard.type('just checking: r t c k j ?');
    expect(await page.locator('#reply-input').inputValue()).toBe('just checking: r t c k j ?');
    expect(await openTitle(page)).toBe(names[0]);
    expect(await page.locator('#status').getAttribute('data-status')).toBe('human');
    expect(await help.isVisible()).toBe(false);

    // Escape leaves the box (the text stays); r comes back to it.
    await page.keyboard.press('Escape');
    await expect.poll(() => activeId(page)).not.toBe('reply-input');
    await page.keyboard.press('r');
    await expect.poll(() => activeId(page)).toBe('reply-input');
    expect(await page.locator('#reply-input').inputValue()).toBe('just checking: r t c k j ?');
    await page.keyboard.press('Escape');
    await expect.poll(() => activeId(page)).not.toBe('reply-input');

    // c asks first: dismissed, nothing happens; accepted, the conversation is closed.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('human');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.keyboard.press('c');
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('closed');
  });
});
