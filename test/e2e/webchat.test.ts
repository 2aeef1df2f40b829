// The web chat page end to end: real Chromium against the real service (HTTP, SSE, NLU, SQLite, Redis).

import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const ARTIFACTS = 'test-artifacts';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 360, height: 640 };
const SESSION_KEY = 'care.webchat.session';

let t: TestApp;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  t = await startTestApp();
  browser = await launchChromium();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
  const errors = pageErrors.splice(0);
  expect(errors, 'errors thrown or logged by the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openPage(options: { viewport?: { width: number; height: number }; query?: string; locale?: string; app?: TestApp } = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    locale: options.locale ?? 'en-US',
    ...(options.viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
  });
  await page.goto(`${(options.app ?? t).baseUrl}/${options.query ?? ''}`);
  await waitReady(page);
  return page;
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForSelector('#app:not([aria-busy])');
}

const customerMessages = (page: Page) => page.locator('#messages .msg[data-author="customer"]');
const botMessages = (page: Page) => page.locator('#messages .msg[data-author="bot"]');

/** Waits until every customer message on screen was accepted by the server and its replies are shown. */
async function waitSettled(page: Page, customerCount: number): Promise<void> {
  const summary = () =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#messages .msg')].map((el) =>
        el.dataset.author === 'customer' ? `customer:${el.dataset.state ?? 'sent'}:${el.dataset.id ? 'id' : 'no-id'}` : (el.dataset.author ?? ''),
      ),
    );
  const settled = (list: string[]) => {
    const mine = list.filter((s) => s.startsWith('customer'));
    return mine.length === customerCount && mine.every((s) => s === 'customer:sent:id') && !list.at(-1)?.startsWith('customer');
  };
  // The replies to the last customer message are rendered by the time it is marked sent.
  await expect.poll(summary, { timeout: 20_000 }).toSatisfy(settled);
}

/** Types a message in the composer and sends it with the send button. */
async function type(page: Page, text: string): Promise<void> {
  const before = await customerMessages(page).count();
  await page.locator('#input').fill(text);
  await expect.poll(() => page.locator('#send').isEnabled()).toBe(true);
  await page.locator('#send').click();
  await expect.poll(() => page.locator('#input').inputValue()).toBe('');
  await waitSettled(page, before + 1);
}

/** Clicks an enabled choice button by its exact label and checks the click became the customer's message. */
async function click(page: Page, label: string): Promise<void> {
  const before = await customerMessages(page).count();
  const all = page.locator('#messages .choice');
  const findIndex = () => all.evaluateAll((els, text) => els.findIndex((el) => !(el as HTMLButtonElement).disabled && el.textContent === text), label);
  await expect.poll(findIndex, { message: `an enabled "${label}" button` }).toBeGreaterThanOrEqual(0);
  const button = all.nth(await findIndex());
  await button.click();
  await expect.poll(() => button.evaluate((el) => el.classList.contains('is-picked'))).toBe(true);
  await waitSettled(page, before + 1);
  expect(await customerMessages(page).last().locator('.bubble').textContent()).toBe(label);
  // Once answered, the buttons of that message are no longer clickable.
  expect(await button.isDisabled()).toBe(true);
}

/** The labels of the choice buttons that can still be clicked. */
async function activeChoices(page: Page): Promise<string[]> {
  return page.locator('#messages .choice:enabled').allTextContents();
}

async function lastBotText(page: Page): Promise<string> {
  return (await botMessages(page).last().locator('.bubble').textContent()) ?? '';
}

async function allBotText(page: Page): Promise<string> {
  return (await botMessages(page).locator('.bubble').allTextContents()).join('\n');
}

async function expectUniqueIds(page: Page): Promise<string[]> {
  const ids = await page.locator('#messages .msg').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.id ?? ''));
  expect(
    ids.every((id) => /^\d+$/.test(id)),
    `every message has a server id: ${ids.join(',')}`,
  ).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  return ids;
}

async function expectInViewport(page: Page, selector: string, viewport: { width: number; height: number }): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  expect(box, `${selector} is rendered`).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
  expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
  expect(await page.locator(selector).isVisible()).toBe(true);
}

/** The complaint step is for staff: nothing on the page may say it (the API still sends it). */
async function expectNoStepLabel(page: Page): Promise<void> {
  expect(await page.locator('body').innerText()).not.toMatch(/step \d|\d of 5|第\s*\d\s*步|共\s*5\s*步/i);
}

async function savedSession(page: Page): Promise<{ sessionId: string; token: string }> {
  const raw = await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY);
  expect(raw, 'session saved in localStorage').toBeTruthy();
  return JSON.parse(raw!) as { sessionId: string; token: string };
}

describe('web chat page in Chromium', () => {
  it('an English customer completes a complaint from greeting to commitment by clicking buttons', async () => {
    const page = await openPage({ query: '?lang=en' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.title()).toBe('Customer care');
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('bot');

    await expect.poll(() => page.locator('#name').isVisible()).toBe(true);
    await page.locator('#name').fill('Alice');
    await type(page, 'Hello');
    expect(await page.locator('#name').isVisible()).toBe(false);
    expect(await lastBotText(page)).toMatch(/Alice/);

    const answered = page.waitForResponse((response) => response.url().endsWith('/api/webchat/messages'));
    await type(page, 'My blender from order 12345678 stopped working after two days, I am really annoyed');
    expect(await allBotText(page)).toMatch(/sorry/i);
    expect(((await (await answered).json()) as { conversation: { step?: number } }).conversation.step).toBe(1);
    await expectNoStepLabel(page);

    await type(page, 'It is the PowerBlend 600 blender');
    expect(await activeChoices(page)).toContain('A replacement');
    await click(page, 'A replacement');
    expect(await lastBotText(page)).toContain('12345678');
    expect(await activeChoices(page)).toEqual(["Yes, that's right", "No, something's wrong"]);

    await click(page, "Yes, that's right");
    await expectNoStepLabel(page);
    const options = await activeChoices(page);
    expect(options.length).toBeGreaterThanOrEqual(2);
    expect(options.length).toBeLessThanOrEqual(3);
    await click(page, options[0]!);
    expect(await activeChoices(page)).toEqual(['Yes, agreed', 'No']);

    await click(page, 'Yes, agreed');
    expect(await lastBotText(page)).toMatch(/reference [0-9A-F]{8}/);

    // The four answers were button presses: each pressed button is marked, and nothing was left in the composer.
    expect(await page.locator('#messages .choice.is-picked').allTextContents()).toEqual(['A replacement', "Yes, that's right", options[0], 'Yes, agreed']);
    expect(await page.locator('#input').inputValue()).toBe('');
    expect(await activeChoices(page)).toEqual([]);
    await expectUniqueIds(page);
    // The chat fills the window; only the message list scrolls.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(DESKTOP.height);
    await expectInViewport(page, '#send', DESKTOP);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-en-complaint.png`, fullPage: true });

    const db = t.app.database.db;
    const { sessionId } = await savedSession(page);
    const identity = await db.channelIdentity.findFirstOrThrow({ where: { channel: 'webchat', externalId: sessionId } });
    const customer = await db.customer.findUniqueOrThrow({ where: { id: identity.customerId } });
    expect(customer.name).toBe('Alice');
    // One conversation per session: the page's first requests must not open two.
    expect(await db.conversation.count({ where: { identityId: identity.id } })).toBe(1);
    expect(await db.commitment.count()).toBeGreaterThanOrEqual(1);
    expect(await db.followUp.count()).toBeGreaterThanOrEqual(2);
    const kase = await db.case.findFirstOrThrow({ where: { customerId: identity.customerId } });
    expect(kase).toMatchObject({ status: 'agreed', step: 5 });
    const commitment = await db.commitment.findFirstOrThrow({ where: { caseId: kase.id } });
    expect(await db.followUp.count({ where: { commitmentId: commitment.id } })).toBeGreaterThanOrEqual(2);
  });

  it('a Chinese customer does the same in Chinese', async () => {
    const page = await openPage({ query: '?lang=zh' });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.title()).toBe('客户服务');
    expect(await page.locator('#send').textContent()).toContain('发送');

    await page.locator('#name').fill('王先生');
    await type(page, '你好');
    await type(page, '快递太慢了，订单 20261101 到现在还没收到，气死我了！');
    expect(await allBotText(page)).toContain('王先生');
    expect(await allBotText(page)).toMatch(/歉意|抱歉/);
    for (let i = 0; i < 4 && !(await activeChoices(page)).includes('对，没错'); i++) {
      if ((await activeChoices(page)).includes('退款')) await click(page, '退款');
      else await type(page, '物流一直显示在途中，已经十天了');
    }
    await click(page, '对，没错');
    await expectNoStepLabel(page);
    const options = await activeChoices(page);
    expect(options.length).toBeGreaterThanOrEqual(2);
    await click(page, options[0]!);
    expect(await activeChoices(page)).toContain('同意');
    await click(page, '同意');
    expect(await lastBotText(page)).toContain('已为您登记');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#messages .msg[data-author="bot"] .msg-author').first().textContent()).toBe('智能助手');
    await expectUniqueIds(page);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-zh-complaint.png`, fullPage: true });
  });

  it('reloading the page shows the whole history and does not duplicate messages', async () => {
    const page = await openPage({ query: '?lang=en' });
    await type(page, 'Hello');
    await type(page, 'My kettle from order 87654321 arrived broken');
    await type(page, 'It is the AquaBoil 2 kettle');
    const before = await expectUniqueIds(page);
    const texts = await page.locator('#messages .msg .bubble').allTextContents();
    expect(before.length).toBeGreaterThanOrEqual(6);

    await page.reload();
    await waitReady(page);
    await expect.poll(() => page.locator('#messages .msg').count()).toBe(before.length);
    // Give the live stream time to open and replay; the count must not grow.
    await expect.poll(() => page.locator('#conn').isHidden()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.querySelectorAll('#messages .msg').length)).toBe(before.length);
    expect(await expectUniqueIds(page)).toEqual(before);
    expect(await page.locator('#messages .msg .bubble').allTextContents()).toEqual(texts);
    expect(await page.locator('#name').isVisible()).toBe(false);
    // The still-open question keeps its buttons after the reload, and the conversation goes on.
    expect(await activeChoices(page)).toContain('A replacement');
    await click(page, 'A replacement');
    expect(await expectUniqueIds(page)).toHaveLength(before.length + 2);
  });

  it('works on a phone-sized screen', async () => {
    const page = await openPage({ viewport: PHONE, query: '?lang=en' });
    await expectInViewport(page, '#input', PHONE);
    await expectInViewport(page, '#send', PHONE);
    await type(page, 'Hello');
    await type(page, 'My blender from order 12345678 stopped working after two days, I am really annoyed');
    await type(page, 'It is the PowerBlend 600 blender');
    await click(page, 'A replacement');
    await expectInViewport(page, '#input', PHONE);
    await expectInViewport(page, '#send', PHONE);
    await expectInViewport(page, '#lang', PHONE);
    await expectInViewport(page, '#new-chat', PHONE);
    // Not an icon alone: the button says what it does (a shorter label), beside the whole title.
    await expectInViewport(page, '#new-chat .label-short', PHONE);
    expect(await page.locator('#new-chat').innerText()).toBe('New chat');
    expect(await page.locator('.title').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await expectInViewport(page, '#hours', PHONE);
    // Only the message list scrolls, not the page; nothing scrolls sideways; the newest message is in view.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(PHONE.height);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectInViewport(page, '#messages .msg:last-child .choices', PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-phone.png` });
  });

  it('live updates arrive over SSE', async () => {
    const page = await openPage({ query: '?lang=en' });
    await type(page, 'Hello');
    await expect.poll(() => page.locator('#conn').isHidden()).toBe(true);
    const { token } = await savedSession(page);
    const count = await page.locator('#messages .msg').count();
    const urlBefore = page.url();
    const marker = await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'still the same document';
      return 'still the same document';
    });

    // Another tab (here: Node) sends a message in the same conversation.
    const response = await fetch(`${t.baseUrl}/api/webchat/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'How long does delivery take?', clientMessageId: randomUUID() }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { replies: { id: number; text: string }[] };
    const reply = body.replies.at(-1)!;
    expect(reply.text).toMatch(/ship|deliver/i);

    await page.locator(`#messages .msg[data-author="bot"][data-id="${reply.id}"]`).waitFor();
    expect(await page.locator(`#messages .msg[data-id="${reply.id}"] .bubble`).textContent()).toBe(reply.text);
    await expect.poll(() => page.locator('#messages .msg').count()).toBe(count + 1 + body.replies.length);
    expect(await customerMessages(page).last().locator('.bubble').textContent()).toBe('How long does delivery take?');
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe(marker);
    expect(page.url()).toBe(urlBefore);
    await expectUniqueIds(page);
  });

  it('"New conversation" asks first: cancelling keeps the transcript, confirming starts afresh', async () => {
    const page = await openPage({ query: '?lang=en' });
    await type(page, 'Hello');
    await type(page, 'How long does delivery take?');
    const transcript = await page.locator('#messages .msg .bubble').allTextContents();
    const first = await savedSession(page);
    const dialog = page.locator('#confirm-new');

    await page.locator('#new-chat').click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').textContent()).toBe('Start a new conversation?');
    expect(await dialog.innerText()).not.toMatch(/queue/);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-confirm-new.png` });
    await dialog.getByRole('button', { name: 'Keep this conversation' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('#messages .msg .bubble').allTextContents()).toEqual(transcript);
    expect(await savedSession(page)).toEqual(first);

    // Escape is a cancel too.
    await page.locator('#new-chat').click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('#messages .msg').count()).toBe(transcript.length);

    await page.locator('#new-chat').click();
    await dialog.getByRole('button', { name: 'Start new' }).click();
    await expect.poll(() => page.locator('#messages .msg').count()).toBe(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), SESSION_KEY)).toBeNull();
    expect(await page.locator('#name').isVisible()).toBe(true);
    await type(page, 'Hello');
    expect((await savedSession(page)).sessionId).not.toBe(first.sessionId);
    expect(await customerMessages(page).count()).toBe(1);
  });

  it('while waiting for a person, "New conversation" says in Chinese that the customer would leave the queue, on a phone too', async () => {
    const page = await openPage({ viewport: PHONE, query: '?lang=zh' });
    expect(await page.locator('#new-chat').innerText()).toBe('新对话');
    await expectInViewport(page, '#new-chat .label-short', PHONE);
    await type(page, '我要转人工');
    await expect.poll(() => page.locator('#status').getAttribute('data-status')).toBe('queued');
    const count = await page.locator('#messages .msg').count();

    await page.locator('#new-chat').click();
    const dialog = page.locator('#confirm-new');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('h2').textContent()).toBe('开始新对话？');
    expect(await dialog.locator('p').textContent()).toMatch(/退出排队/);
    await expectInViewport(page, '#confirm-new', PHONE);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-confirm-new-queued-zh.png` });
    await dialog.getByRole('button', { name: '继续当前对话' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('#messages .msg').count()).toBe(count);
    expect(await page.locator('#status').getAttribute('data-status')).toBe('queued');
  });

  it('the header gives the staff hours: around the clock when STAFF_HOURS is 00:00-24:00', async () => {
    const page = await openPage({ query: '?lang=en' });
    expect(await page.locator('#hours').textContent()).toBe('Staff around the clock');
    expect(await page.locator('header').innerText()).not.toMatch(/day and night/);
  });
});

describe('web chat page with office hours (STAFF_HOURS=08:30-17:00, Monday to Friday)', () => {
  let office: TestApp;
  beforeAll(async () => {
    office = await startTestApp({ env: { STAFF_HOURS: '08:30-17:00', STAFF_DAYS: '1-5', STAFF_TIMEZONE: 'Asia/Shanghai' } });
  });
  afterAll(async () => office?.close());

  it('shows them in the header in both languages', async () => {
    const page = await openPage({ app: office, query: '?lang=en' });
    await expect.poll(() => page.locator('#hours').isVisible()).toBe(true);
    expect(await page.locator('#hours').textContent()).toBe('Staff Mon–Fri, 8:30–17:00 (China time)');
    await page.locator('#lang').click();
    expect(await page.locator('#hours').textContent()).toBe('人工客服 周一–周五 8:30–17:00（北京时间）');
    expect(await page.locator('header').innerText()).not.toMatch(/全天候/);
    await page.screenshot({ path: `${ARTIFACTS}/webchat-hours-zh.png` });
  });
});
