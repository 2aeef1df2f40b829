// The set-up the console's Chromium tests share: one app with an admin and the staff a file
// names, one browser, consoles signed in per test (waiting until their live stream is on) and
// closed after it, each test failing when a page threw an error.

import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { signInToConsole, type ConsolePage } from './console-page.ts';
import { StaffClient } from './staff-client.ts';
import { startTestApp, type TestApp } from './test-app.ts';
import { WebchatCustomer } from './webchat-client.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface StaffAccount extends Credentials {
  name: string;
  role: 'agent' | 'supervisor' | 'admin';
}

export interface ConsoleTestBed {
  readonly t: TestApp;
  readonly browser: Browser;
  /** The admin, signed in over the API. */
  readonly admin: StaffClient;
  /** A console signed in as `who` in a fresh browser context, its live stream on; closed after the test. */
  signIn(who: Credentials): Promise<Page>;
  /** A page in a fresh browser context, not signed in; its errors are checked and it is closed after the test. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** A web chat customer who asks for a person (after `first`, when given), and their queued conversation's id. */
  escalatedCustomer(name: string, first?: string): Promise<{ customer: WebchatCustomer; conversationId: string }>;
}

/** Registers the file's hooks; the bed's fields are there from its tests on. */
export function consoleTestBed(adminAccount: Credentials, staff: readonly StaffAccount[]): ConsoleTestBed {
  let t: TestApp | undefined;
  let browser: Browser | undefined;
  let admin: StaffClient | undefined;
  const opened: ConsolePage[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the console test bed has no ${what} yet (used before its beforeAll ran)`);
    return value;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_EMAIL: adminAccount.email, ADMIN_PASSWORD: adminAccount.password } });
    admin = await new StaffClient(t.baseUrl).signIn(adminAccount.email, adminAccount.password);
    for (const account of staff) expect((await admin.post('/api/staff/users', account)).status).toBe(201);
    browser = await launchChromium();
  });

  afterEach(async () => {
    for (const console_ of opened.splice(0)) {
      expect(console_.errors, 'errors thrown by the console').toEqual([]);
      await console_.close();
    }
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const bed: ConsoleTestBed = {
    get t() {
      return ready(t, 'app');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get admin() {
      return ready(admin, 'admin');
    },
    async signIn(who) {
      const console_ = await signInToConsole(bed.browser, bed.t.baseUrl, who);
      opened.push(console_);
      await expect.poll(() => console_.page.locator('#live').getAttribute('data-state')).toBe('on');
      return console_.page;
    },
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await bed.browser.newContext({ viewport, locale: 'en-US' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      opened.push({ page, errors, close: () => context.close() });
      return page;
    },
    async escalatedCustomer(name, first) {
      const customer = await new WebchatCustomer(bed.t.baseUrl).start({ name, locale: 'en' });
      if (first) await customer.send(first);
      expect((await customer.send('I want to talk to a person')).conversation.status).toBe('queued');
      const conversation = await bed.t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId, status: 'queued' } });
      return { customer, conversationId: conversation.id };
    },
  };
  return bed;
}
