// The Insights page in real Chromium, on figures customers and staff really made through the app:
// a web chat complaint walked to a commitment, fulfilled and rated at the revisit, and a customer
// who asked for a person, whom an agent took over, answered and closed; a question the bot could
// not answer, and two ratings after a chat (written straight, as the rating job leaves them). A supervisor opens the page
// from the console: every chart draws, the figures in the text alternatives are the API's, the
// language switch renames what the charts show, a filter goes into the address and changes the
// figures, a chart's CSV downloads (the new charts' too, in both languages), a period with nothing shows each chart's empty sentence, and a
// bad range shows the API's message. An agent is told the page is not for them. No CSP violation.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.ts';
import { signInToConsole, type ConsolePage } from '../support/console-page.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'insights-page-admin@care.test', password: 'insights page admin password' };
const SUPERVISOR = { email: 'insights-sue@care.test', password: 'Sue password long enough' };
const AGENT = { email: 'insights-art@care.test', password: 'Art password long enough' };
const CHARTS = [
  'conversations',
  'complaintsByCategory',
  'complaintsByProduct',
  'funnel',
  'escalationsByReason',
  'containment',
  'csat',
  'surveyTrend',
  'times',
  'chatCsat',
  'chatCsatAgents',
  'tierMix',
  'lifecycleMix',
  'knowledgeGaps',
];

interface Figures {
  chatCsat: {
    bot: { responses: number; average: number | null };
    people: { responses: number; average: number | null };
    byAgent: { name: string | null; responses: number; average: number | null }[];
  };
  knowledgeGaps: { question: string; keywords: string[]; count: number; examples: string[] }[];
  customerMix: { customers: number; byTier: { tier: string; count: number }[] };
  conversations: { total: number; byDay: { day: string; channel: string; count: number }[] };
  complaintsByCategory: { category: string; count: number }[];
  complaintsByProduct: { product: string; count: number }[];
  funnel: { cases: number; reached: Record<string, number>; recorded: number; stoppedAt: Record<string, number> };
  escalationsByReason: { reason: string; count: number }[];
  containmentRate: number | null;
  csat: {
    responses: number;
    average: number | null;
    satisfiedShare: number | null;
    ratioAverage: number | null;
    bot: { responses: number; ratioAverage: number | null };
    people: { responses: number; ratioAverage: number | null };
    byDay: { day: string; responses: number; average: number | null; ratioAverage: number | null }[];
  };
  firstResponseSeconds: { median: number | null; p90: number | null; count: number };
  resolutionSeconds: { median: number | null; p90: number | null; count: number };
}

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      // The revisit survey goes out as soon as the commitment is fulfilled.
      JOBS_IN_PROCESS: 'true',
      FOLLOWUP_RELAY_INTERVAL_MS: '100',
      FOLLOWUP_PLAN_INTERVAL_MS: String(24 * 60 * 60_000),
      REVISIT_DELAY_MS: '0',
      QUIET_HOURS: '0-0',
    },
  });
  const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  for (const [who, role, name] of [
    [SUPERVISOR, 'supervisor', 'Sue'],
    [AGENT, 'agent', 'Art'],
  ] as const) {
    expect((await admin.post('/api/staff/users', { email: who.email, name, password: who.password, role })).status).toBe(201);
  }
  const agent = await new StaffClient(t.baseUrl).signIn(AGENT.email, AGENT.password);
  await ratedComplaint(agent);
  await answeredHandoff(agent);
  await ratingsAfterChats(agent.staff!.id);
  await unansweredQuestion();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Alice's blender complaint, walked to a replacement, fulfilled by the agent and rated 5 (expected 4) at the revisit. */
async function ratedComplaint(agent: StaffClient): Promise<void> {
  const alice = await new WebchatCustomer(t.baseUrl).start({ name: 'Alice', locale: 'en' });
  await alice.send('What I got from order 12345678 stopped working after two days, I am really annoyed');
  await alice.send('It is the PowerBlend 600 blender');
  await alice.send('A replacement');
  const options = await alice.send("Yes, that's right");
  await alice.send(options.replies.at(-1)!.choices![0]!);
  expect((await alice.send('Yes, agreed')).replies.at(-1)?.text).toMatch(/We'll contact you by/);
  const kase = await t.app.database.db.case.findFirstOrThrow({ where: { customerId: alice.customerId } });
  expect((await agent.post(`/api/staff/cases/${kase.id}/outcome`, { status: 'fulfilled' })).status).toBe(200);
  await waitFor('the revisit survey', async () => (await alice.history()).messages.some((m) => m.text.includes('rate us from 1 to 5')));
  await alice.send('5');
  await alice.send('4');
  await waitFor('the survey answer', async () => (await t.app.database.db.survey.count({ where: { caseId: kase.id } })) === 1);
}

/** 波 asks for a person in Chinese; the agent takes the conversation over, answers and closes it. */
async function answeredHandoff(agent: StaffClient): Promise<void> {
  const bo = await new WebchatCustomer(t.baseUrl).start({ name: '波', locale: 'zh' });
  expect((await bo.send('我要转人工')).conversation.status).toBe('queued');
  const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: bo.customerId } });
  expect((await agent.post(`/api/staff/conversations/${conversation.id}/takeover`)).status).toBe(200);
  expect((await agent.post(`/api/staff/conversations/${conversation.id}/messages`, { text: '您好，我来帮您。' })).status).toBe(201);
  expect((await agent.post(`/api/staff/conversations/${conversation.id}/close`)).status).toBe(200);
}

/** Two ratings after a chat, as the rating job leaves them (written straight): the bot a 4, Art a 5. */
async function ratingsAfterChats(artId: string): Promise<void> {
  const now = new Date();
  for (const [i, servedBy, staffId, score] of [
    [1, 'bot', null, 4],
    [2, 'staff', artId, 5],
  ] as const) {
    await t.app.database.sql.execute(
      `INSERT INTO "ChatRating" ("id", "conversationId", "customerId", "channel", "servedBy", "staffId", "status", "score", "language", "askedAt", "answeredAt") VALUES (?, ?, ?, 'webchat', ?, ?, 'answered', ?, 'en', ?, ?)`,
      [`page-rating-${i}`, `page-rated-${i}`, `page-rated-customer-${i}`, servedBy, staffId, score, now, now],
    );
  }
}

/** Cy asks something the bot cannot answer. */
async function unansweredQuestion(): Promise<void> {
  const cy = await new WebchatCustomer(t.baseUrl).start({ name: 'Cy', locale: 'en' });
  expect((await cy.send('Are you hiring?')).replies[0]?.text).toMatch(/outside what I can answer/);
}

/** Every CSP violation Chromium reports on the page. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  return violations;
}

/** Waits for the page's next answer from the insights API and returns its figures. */
function nextFigures(page: Page): Promise<Figures> {
  return page.waitForResponse((response) => new URL(response.url()).pathname === '/api/staff/insights' && response.status() === 200).then((response) => response.json() as Promise<Figures>);
}

/** A share as the page writes it. */
const percent = (share: number, locale: string) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
const loaded = (page: Page) => page.locator('#charts:not([aria-busy])').waitFor();
/** The raw figures (data-value) of a chart's data table, row by row, without the row label. */
const tableValues = (page: Page, chart: string) =>
  page
    .locator(`#chart-${chart} table tbody tr`)
    .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => (cell.dataset.value === '' ? null : Number(cell.dataset.value)))));
const rowLabels = (page: Page, chart: string) => page.locator(`#chart-${chart} table tbody th`).allTextContents();
const chartLabels = (page: Page, chart: string, axis: 'xAxis' | 'yAxis') =>
  page.evaluate(
    ([id, which]) => {
      const echarts = (window as unknown as { echarts: { getInstanceByDom(node: Element): { getOption(): Record<string, { data: string[] }[]> } } }).echarts;
      return echarts.getInstanceByDom(document.querySelector(`#chart-${id} .insight-chart`)!).getOption()[which]![0]!.data;
    },
    [chart, axis] as const,
  );

describe('the Insights page in Chromium', () => {
  let sue: ConsolePage;
  let violations: string[];

  beforeAll(async () => {
    sue = await signInToConsole(browser, t.baseUrl, SUPERVISOR);
    violations = await watchViolations(sue.page);
  });
  afterAll(async () => sue?.close());

  it('draws every chart from the API figures, with the same figures in words and tables', async () => {
    const { page } = sue;
    const figures = nextFigures(page);
    await page.locator('#insights-link').click();
    await page.waitForURL(/\/console\/insights\.html$/);
    const api = await figures;
    await loaded(page);
    expect(api).toMatchObject({ complaintsByCategory: [{ category: 'product_quality', count: 1 }], escalationsByReason: [{ reason: 'asked_for_person', count: 1 }] });
    expect(await page.locator('main h2').allTextContents()).toEqual(
      expect.arrayContaining([
        'Complaints by category',
        'Five-step funnel',
        'Satisfaction at the revisit (survey)',
        'Rating after a chat: bot and people, per day',
        'Knowledge gaps: questions the bot could not answer',
      ]),
    );
    for (const chart of CHARTS) {
      await page.locator(`#chart-${chart} .insight-chart canvas`).first().waitFor();
      expect(await page.locator(`#chart-${chart} .insight-empty`).isHidden()).toBe(true);
      expect(await page.locator(`#chart-${chart} .insight-chart`).getAttribute('aria-label')).toContain(await page.locator(`#chart-${chart} figcaption`).textContent());
    }

    const totals = (await tableValues(page, 'conversations')).map((row) => row.at(-1));
    expect(totals.reduce((sum, n) => sum! + n!, 0)).toBe(api.conversations.total);
    expect(await page.locator('#chart-conversations figcaption').textContent()).toMatch(new RegExp(`^Conversations started: ${api.conversations.total}; busiest day: `));
    expect(await rowLabels(page, 'complaintsByCategory')).toEqual(['Product quality']);
    expect(await tableValues(page, 'complaintsByCategory')).toEqual(api.complaintsByCategory.map((c) => [c.count]));
    expect(await rowLabels(page, 'complaintsByProduct')).toEqual(api.complaintsByProduct.map((p) => p.product));
    expect(await tableValues(page, 'funnel')).toEqual([
      ...[1, 2, 3, 4].map((step) => [api.funnel.reached[`step${step}`], api.funnel.stoppedAt[`step${step}`]]),
      [api.funnel.reached.step5, null],
      [api.funnel.recorded, null],
    ]);
    expect(await page.locator('#chart-funnel figcaption').textContent()).toBe(
      `Complaints: ${api.funnel.cases}; reached step 5: ${api.funnel.reached.step5}; commitment recorded: ${api.funnel.recorded}; stopped before step 5: 0`,
    );
    expect(await rowLabels(page, 'escalationsByReason')).toEqual(['Asked for a person']);
    expect(await tableValues(page, 'escalationsByReason')).toEqual([[1]]);
    expect(await tableValues(page, 'containment')).toEqual([[api.containmentRate], [api.conversations.total]]);
    expect(await page.locator('#chart-containment figcaption').textContent()).toBe(
      `Resolved without a person: ${percent(api.containmentRate!, 'en-GB')}; conversations started: ${api.conversations.total}`,
    );
    expect(api.csat).toMatchObject({ responses: 1, average: 5, satisfiedShare: 1, ratioAverage: 1.25 });
    expect(await tableValues(page, 'csat')).toEqual([[1], [5], [1], [1.25]]);
    // Over time: the day of the survey has its score and ratio; the bot and people apart in the summary.
    expect(api.csat.bot.responses + api.csat.people.responses).toBe(1);
    const surveyDay = api.csat.byDay.find((d) => d.responses > 0)!;
    expect(surveyDay).toMatchObject({ responses: 1, average: 5, ratioAverage: 1.25 });
    expect((await tableValues(page, 'surveyTrend')).filter((row) => row[0] === 1)).toEqual([[1, 5, 1.25]]);
    expect(await page.locator('#chart-surveyTrend figcaption').textContent()).toMatch(
      /^Complaints the bot handled alone: [01] surveys, ratio .*; with people: [01] surveys, ratio .* \(1 = as expected\)$/,
    );
    expect(await page.locator('#chart-csat figcaption').textContent()).toBe('Survey answers: 1; average score: 5.00 of 5; satisfied: 100%; satisfaction ratio: 1.25');
    const times = [api.firstResponseSeconds, api.resolutionSeconds].map((d) => [d.median, d.p90, d.count]);
    expect(await tableValues(page, 'times')).toEqual(times);
    expect(times.map((row) => row[2])).toEqual([1, 1]);
    expect(await page.locator('#chart-times figcaption').textContent()).toMatch(/^First response: median [\d.]+ (s|min)/);
    await page.screenshot({ path: 'test-artifacts/console-insights.png', fullPage: true });
  });

  it('downloads a chart as CSV with a header row and its rows', async () => {
    const { page } = sue;
    const download = page.waitForEvent('download');
    await page.locator('#chart-funnel [data-csv]').click();
    const file = await download;
    // The file says which calendar its days are of: STAFF_TIMEZONE (Asia/Shanghai here), which the page asked for.
    expect(file.suggestedFilename()).toMatch(/^insights-funnel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-Asia-Shanghai\.csv$/);
    const text = readFileSync((await file.path())!, 'utf8');
    expect(text.split('\r\n')).toEqual([
      '\uFEFFStep,Reached,Stopped here',
      '1 · Set the atmosphere,1,0',
      '2 · Diagnose,1,0',
      '3 · Seek solutions,1,0',
      '4 · Reach agreement,1,0',
      '5 · Follow through,1,',
      'Commitment recorded,1,',
      '',
    ]);
  });

  it('puts a filter in the address and shows its figures', async () => {
    const { page } = sue;
    const figures = nextFigures(page);
    await page.locator('#f-language').selectOption('zh');
    const api = await figures;
    await loaded(page);
    expect(new URL(page.url()).searchParams.get('language')).toBe('zh');
    expect(api.conversations.total).toBeGreaterThan(0);
    expect(api.conversations.byDay.every((d) => d.count === 0 || d.channel === 'webchat')).toBe(true);
    await expect.poll(() => tableValues(page, 'containment')).toEqual([[api.containmentRate], [api.conversations.total]]);
    // Alice's complaint was in English: no complaints here, said instead of an empty axis.
    for (const chart of ['complaintsByCategory', 'complaintsByProduct', 'funnel', 'csat', 'surveyTrend']) {
      expect(await page.locator(`#chart-${chart} .insight-empty`).isVisible()).toBe(true);
      expect(await page.locator(`#chart-${chart} canvas`).count()).toBe(0);
    }
    expect(await page.locator('#chart-complaintsByCategory .insight-empty').textContent()).toBe('No complaints in this period');
    // The address alone brings the same view back.
    const shared = nextFigures(page);
    await page.goto(page.url().replace('/console/insights.html', '/console/insights'));
    expect((await shared).conversations.total).toBe(api.conversations.total);
    await loaded(page);
    expect(await page.locator('#f-language').inputValue()).toBe('zh');
  });

  it('renames what the charts show when the language switches', async () => {
    const { page } = sue;
    const figures = nextFigures(page);
    await page.locator('#f-language').selectOption('');
    const api = await figures;
    await loaded(page);
    await expect.poll(() => rowLabels(page, 'complaintsByCategory')).toEqual(['Product quality']);
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#chart-complaintsByCategory h2').textContent()).toBe('投诉类别');
    expect(await rowLabels(page, 'complaintsByCategory')).toEqual(['产品质量']);
    expect(await chartLabels(page, 'complaintsByCategory', 'yAxis')).toEqual(['产品质量']);
    expect(await chartLabels(page, 'escalationsByReason', 'yAxis')).toEqual(['要求转人工']);
    expect(await page.locator('#chart-conversations thead th').allTextContents()).toContain('网页聊天');
    expect(await page.locator('#chart-containment figcaption').textContent()).toBe(`无需人工即解决：${percent(api.containmentRate!, 'zh-CN')}；开始的会话：${api.conversations.total}`);
    expect(await page.locator('#f-channel option').allTextContents()).toContain('网页聊天');
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#chart-complaintsByCategory h2').textContent()).toBe('Complaints by category');
    expect(await chartLabels(page, 'escalationsByReason', 'yAxis')).toEqual(['Asked for a person']);
  });

  it('draws the ratings after a chat, the customer mix and the knowledge gaps in both languages, and downloads them as CSV', async () => {
    const { page } = sue;
    const figures = nextFigures(page);
    await page.locator('#f-language').selectOption('en');
    const api = await figures;
    await loaded(page);
    expect(api.chatCsat).toMatchObject({ bot: { responses: 1, average: 4 }, people: { responses: 1, average: 5 }, byAgent: [{ name: 'Art', responses: 1, average: 5 }] });
    expect(api.knowledgeGaps).toEqual([{ question: 'are you hiring?', keywords: [expect.any(String)], count: 1, examples: ['Are you hiring?'] }]);
    for (const chart of ['chatCsat', 'chatCsatAgents', 'tierMix', 'lifecycleMix', 'knowledgeGaps']) {
      await page.locator(`#chart-${chart} .insight-chart canvas`).first().waitFor();
      expect(await page.locator(`#chart-${chart} .insight-empty`).isHidden()).toBe(true);
    }
    expect(await page.locator('#chart-chatCsat figcaption').textContent()).toBe('Bot: 1 ratings, average 4.00 of 5, satisfied 100%; people: 1 ratings, average 5.00 of 5, satisfied 100%');
    expect(await rowLabels(page, 'chatCsatAgents')).toEqual(['Art']);
    expect(await tableValues(page, 'chatCsatAgents')).toEqual([[1, 5, 1]]);
    expect(await chartLabels(page, 'knowledgeGaps', 'yAxis')).toEqual(['are you hiring?']);
    // Alice and Cy wrote in English; new cards are tier C and exploring.
    const customers = api.customerMix.customers;
    expect(api.customerMix.byTier).toEqual([
      { tier: 'A', count: 0 },
      { tier: 'B', count: 0 },
      { tier: 'C', count: customers },
    ]);
    expect(await page.locator('#chart-tierMix figcaption').textContent()).toBe(`Customers: ${customers}; A · key customers: 0 (0%); B: 0 (0%); C: ${customers} (100%)`);
    expect(await chartLabels(page, 'lifecycleMix', 'yAxis')).toEqual(['Exploration', 'Formation', 'Stability', 'Decline']);

    const download = page.waitForEvent('download');
    await page.locator('#chart-knowledgeGaps [data-csv]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^insights-knowledgeGaps-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-Asia-Shanghai\.csv$/);
    expect(readFileSync((await file.path())!, 'utf8').split('\r\n')).toEqual(['\uFEFFQuestion,Times asked,As customers wrote it', 'are you hiring?,1,Are you hiring?', '']);

    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#chart-chatCsat h2').textContent()).toBe('会话结束后的评分：机器人与人工，按日');
    expect(await page.locator('#chart-knowledgeGaps h2').textContent()).toBe('知识缺口：机器人未能回答的问题');
    expect(await chartLabels(page, 'lifecycleMix', 'yAxis')).toEqual(['考察期', '形成期', '稳定期', '退化期']);
    expect(await page.locator('#chart-chatCsatAgents figcaption').textContent()).toBe('Art：5.00（1 个评分）');
    const zhDownload = page.waitForEvent('download');
    await page.locator('#chart-chatCsatAgents [data-csv]').click();
    expect(readFileSync((await (await zhDownload).path())!, 'utf8').split('\r\n')).toEqual(['\uFEFF客服,评分数,平均分（1–5）,满意占比', 'Art,1,5,1', '']);
    await page.locator('#lang').click();
    await expect.poll(() => page.locator('#chart-chatCsat h2').textContent()).toBe('Rating after a chat: bot and people, per day');
    await page.locator('#f-language').selectOption('');
    await loaded(page);
  });

  it('shows each chart empty, in words, for a period with nothing; a bad range shows the API’s message', async () => {
    const { page } = sue;
    await page.goto(`${t.baseUrl}/console/insights?from=2020-01-01&to=2020-01-07`);
    await page.waitForSelector('#app:not([aria-busy])');
    await loaded(page);
    await expect.poll(() => page.locator('#chart-conversations .insight-empty').isVisible()).toBe(true);
    for (const chart of CHARTS) {
      expect(await page.locator(`#chart-${chart} .insight-empty`).isVisible()).toBe(true);
      expect(await page.locator(`#chart-${chart} canvas`).count()).toBe(0);
    }
    expect(await page.locator('#chart-complaintsByCategory .insight-empty').textContent()).toBe('No complaints in this period');
    expect(await page.locator('#range').textContent()).toContain('1 Jan – 7 Jan');

    await page.locator('#f-from').fill('2020-01-09');
    await page.locator('#filters button[type="submit"]').click();
    // The page asks for the days of STAFF_TIMEZONE (Asia/Shanghai here): a date alone is its midnight there (the API's default would be UTC).
    await expect.poll(() => page.locator('#filter-error').textContent()).toMatch(/^The figures could not be loaded: from \(2020-01-08T16:00:00\.000Z\) must be before to/);
    expect(new URL(page.url()).searchParams.get('from')).toBe('2020-01-09');

    await page.locator('#quick [data-days="30"]').click();
    await loaded(page);
    await expect.poll(() => page.locator('#filter-error').textContent()).toBe('');
    await expect.poll(() => page.locator('#chart-conversations canvas').count()).toBe(1);
    expect(await page.locator('#quick [data-days="30"]').getAttribute('aria-pressed')).toBe('true');
    expect(sue.errors).toEqual([]);
    expect(violations).toEqual([]);
  });

  it('serves ECharts from this origin, and no other file of the package', async () => {
    const script = await fetch(`${t.baseUrl}/console/vendor/echarts.min.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(100_000);
    for (const path of ['/console/vendor/echarts.js', '/console/vendor/package.json', '/console/vendor/extension/dataTool.js']) {
      expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(404);
    }
  });

  it('is not for agents: the console shows no link and the page says so', async () => {
    const art = await signInToConsole(browser, t.baseUrl, AGENT);
    expect(await art.page.locator('#insights-link').isHidden()).toBe(true);
    await art.page.goto(`${t.baseUrl}/console/insights`);
    await art.page.waitForSelector('#app:not([aria-busy])');
    await expect.poll(() => art.page.locator('#notice').textContent()).toBe('The Insights page is for supervisors and admins.');
    expect(await art.page.locator('#insights').isHidden()).toBe(true);
    await art.close();
  });
});
