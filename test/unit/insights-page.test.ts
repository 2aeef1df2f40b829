// The Insights page's pure browser modules, imported as the browser loads them: the CSV a chart
// downloads (formula guard, quoting, BOM, CRLF), the filters in the page's address and the API's
// query, figures in readable units in both languages, and the figures shaped into chart tables.

import { describe, expect, it } from 'vitest';
import { buildCsv, csvCell, csvFileName, guardFormula } from '../../src/console/public/insights-csv.js';
import { addDays, apiQuery, lastDays, pageQuery, readFilters } from '../../src/console/public/insights-filters.js';
import { formatDuration, formatValue, type CellFormat } from '../../src/console/public/insights-format.js';
import { cellFormat, CHART_IDS, csvOf, insightTables } from '../../src/console/public/insights-tables.js';
import { guardFormula as serverGuardFormula } from '../../src/console/csv/formula-guard.ts';
import { loadConsoleStrings } from '../../src/console/routes/console-page.ts';

const strings = loadConsoleStrings();
type Lang = 'zh' | 'en';
const translate =
  (lang: Lang) =>
  (key: string, vars: Record<string, string | number> = {}): string =>
    (strings[lang][key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
const wordsIn = (lang: Lang) => {
  const t = translate(lang);
  return {
    t,
    label: (kind: string, code: string) => {
      const key = kind === 'category' ? `insights.category.${code}` : kind === 'lifecycle' ? `customers.lifecycle.${code}` : `${kind}.${code}`;
      return key in strings.en ? t(key) : code;
    },
    format: (value: string | number | null, format: CellFormat) => formatValue(value, format, lang, t),
  };
};

/** The figures of the past week in test/integration/crm-insights.test.ts, narrowed to two days. */
const WEEK = {
  range: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z', timeZone: 'UTC' },
  conversations: {
    total: 3,
    byDay: [
      { day: '2025-03-01', channel: 'telegram', count: 1 },
      { day: '2025-03-01', channel: 'webchat', count: 0 },
      { day: '2025-03-02', channel: 'telegram', count: 0 },
      { day: '2025-03-02', channel: 'webchat', count: 2 },
    ],
  },
  complaintsByCategory: [
    { category: 'product_quality', count: 3 },
    { category: 'billing', count: 1 },
  ],
  complaintsByProduct: [{ product: '=HYPERLINK("x")', count: 2 }],
  funnel: { cases: 5, reached: { step1: 5, step2: 4, step3: 3, step4: 3, step5: 2 }, recorded: 2, stoppedAt: { step1: 0, step2: 1, step3: 0, step4: 1 } },
  escalationsByReason: [
    { reason: 'angry', count: 2 },
    { reason: 'brand_new_reason', count: 1 },
  ],
  containmentRate: 0.2857,
  csat: {
    responses: 2,
    average: 3,
    satisfiedShare: 0.5,
    ratioAverage: 0.9167,
    bot: { responses: 1, average: 4, satisfiedShare: 1, ratioAverage: 1.3333 },
    people: { responses: 1, average: 2, satisfiedShare: 0, ratioAverage: 0.5 },
    byDay: [
      { day: '2025-03-01', responses: 1, average: 4, ratioAverage: 1.3333 },
      { day: '2025-03-02', responses: 1, average: 2, ratioAverage: 0.5 },
    ],
  },
  firstResponseSeconds: { median: 600, p90: 1560, count: 3 },
  resolutionSeconds: { median: 2700, p90: 3420, count: 2 },
  chatCsat: {
    bot: { responses: 3, average: 3.6667, satisfiedShare: 0.6667 },
    people: { responses: 1, average: 5, satisfiedShare: 1 },
    byAgent: [{ staffId: 's-ana', name: 'Ana', responses: 1, average: 5, satisfiedShare: 1 }],
    byDay: [
      { day: '2025-03-01', bot: { responses: 3, average: 3.6667 }, people: { responses: 0, average: null } },
      { day: '2025-03-02', bot: { responses: 0, average: null }, people: { responses: 1, average: 5 } },
    ],
  },
  customerMix: {
    customers: 4,
    byTier: [
      { tier: 'A', count: 1 },
      { tier: 'B', count: 0 },
      { tier: 'C', count: 3 },
    ],
    byLifecycle: [
      { stage: 'exploration', count: 3 },
      { stage: 'formation', count: 0 },
      { stage: 'stability', count: 1 },
      { stage: 'decline', count: 0 },
    ],
  },
  knowledgeGaps: [{ question: 'are you hiring?', keywords: ['hire'], count: 3, examples: ['Are you hiring?', 'Hiring: are you?'] }],
};

const NOTHING = {
  range: WEEK.range,
  conversations: { total: 0, byDay: [{ day: '2025-03-01', channel: 'webchat', count: 0 }] },
  complaintsByCategory: [],
  complaintsByProduct: [],
  funnel: { cases: 0, reached: { step1: 0, step2: 0, step3: 0, step4: 0, step5: 0 }, recorded: 0, stoppedAt: { step1: 0, step2: 0, step3: 0, step4: 0 } },
  escalationsByReason: [],
  containmentRate: null,
  csat: {
    responses: 0,
    average: null,
    satisfiedShare: null,
    ratioAverage: null,
    bot: { responses: 0, average: null, satisfiedShare: null, ratioAverage: null },
    people: { responses: 0, average: null, satisfiedShare: null, ratioAverage: null },
    byDay: [],
  },
  firstResponseSeconds: { median: null, p90: null, count: 0 },
  resolutionSeconds: { median: null, p90: null, count: 0 },
  chatCsat: {
    bot: { responses: 0, average: null, satisfiedShare: null },
    people: { responses: 0, average: null, satisfiedShare: null },
    byAgent: [],
    byDay: [{ day: '2025-03-01', bot: { responses: 0, average: null }, people: { responses: 0, average: null } }],
  },
  customerMix: { customers: 0, byTier: ['A', 'B', 'C'].map((tier) => ({ tier, count: 0 })), byLifecycle: ['exploration', 'formation', 'stability', 'decline'].map((stage) => ({ stage, count: 0 })) },
  knowledgeGaps: [],
};

describe('the CSV a chart downloads', () => {
  it('guards cells the way the server exports do', () => {
    for (const cell of ['=SUM(A1)', '+8613812345678', '-1+1', '@cmd', '\tx', '\rx', 'plain', "'=already", '']) {
      expect(guardFormula(cell)).toBe(serverGuardFormula(cell));
    }
  });

  it('writes a BOM, a header, CRLF lines, guarded and quoted text, numbers as they are and null as empty', () => {
    const csv = buildCsv(
      ['Product', 'Complaints'],
      [
        ['=HYPERLINK("http://evil")', 2],
        ['kettle, 2 l', 0.6667],
        ['line\nbreak', null],
      ],
    );
    expect(csv).toBe('\uFEFFProduct,Complaints\r\n"\'=HYPERLINK(""http://evil"")",2\r\n"kettle, 2 l",0.6667\r\n"line\nbreak",\r\n');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('names the file after the chart, the days shown and the zone they are days of', () => {
    expect(csvFileName('funnel', { from: '2025-03-08', to: '2025-03-09' }, 'America/New_York')).toBe('insights-funnel-2025-03-08-2025-03-09-America-New_York.csv');
    expect(csvFileName('conversations', { from: '2025-03-01', to: '2025-03-07' }, 'UTC')).toBe('insights-conversations-2025-03-01-2025-03-07-UTC.csv');
    expect(csvFileName('csat', { from: '2025-03-01', to: '2025-03-07' }, 'Etc/GMT+5')).toBe('insights-csat-2025-03-01-2025-03-07-Etc-GMT+5.csv');
  });
});

describe('the filters in the address', () => {
  const now = new Date('2026-12-06T15:30:00Z');

  it('defaults to the last seven UTC days up to today, all channels and languages', () => {
    expect(readFilters('', now)).toEqual({ from: '2026-11-30', to: '2026-12-06', channel: '', language: '' });
    expect(lastDays(30, now)).toEqual({ from: '2026-11-07', to: '2026-12-06' });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('reads a shared link and drops what it does not understand', () => {
    expect(readFilters('?from=2025-03-01&to=2025-03-07&channel=telegram&language=zh', now)).toEqual({ from: '2025-03-01', to: '2025-03-07', channel: 'telegram', language: 'zh' });
    expect(readFilters('?from=last+week&to=2025-03-07&channel=fax&language=fr', now)).toEqual({ from: '2025-03-01', to: '2025-03-07', channel: '', language: '' });
    expect(readFilters('?to=2025-02-31', now).to).toBe('2026-12-06');
  });

  it('keeps the last day shown in the page query and asks the API up to the midnight after it', () => {
    const filters = { from: '2025-03-01', to: '2025-03-07', channel: '', language: 'en' };
    expect(pageQuery(filters).toString()).toBe('from=2025-03-01&to=2025-03-07&language=en');
    expect(apiQuery(filters).toString()).toBe('from=2025-03-01&to=2025-03-08&language=en');
  });

  it('asks the API for the days of the staff’s time zone (the API counts UTC days otherwise)', () => {
    const filters = { from: '2025-03-01', to: '2025-03-07', channel: 'telegram', language: '' };
    expect(apiQuery(filters, 'Asia/Shanghai').toString()).toBe('from=2025-03-01&to=2025-03-08&channel=telegram&timeZone=Asia%2FShanghai');
    // The page's own address does not carry it: a shared link shows the reader's staff days.
    expect(pageQuery(filters).has('timeZone')).toBe(false);
  });
});

describe('figures as a supervisor reads them', () => {
  it('says durations in the two largest units, in English and Chinese', () => {
    const en = translate('en');
    expect([0.437, 9.96, 42, 120, 125, 5400, 90_000].map((s) => formatDuration(s, en))).toEqual(['0.4 s', '10 s', '42 s', '2 min', '2 min 5 s', '1 h 30 min', '1 d 1 h']);
    expect(formatDuration(125, translate('zh'))).toBe('2 分 5 秒');
    expect(formatDuration(null, en)).toBe('—');
  });

  it('says shares as percentages, scores to two decimals and days as short dates', () => {
    const en = translate('en');
    expect(formatValue(0.2857, 'share', 'en', en)).toBe('28.6%');
    expect(formatValue(0.9167, 'score', 'en', en)).toBe('0.92');
    expect(formatValue(12345, 'count', 'en', en)).toBe('12,345');
    expect(formatValue('2025-03-02', 'day', 'en', en)).toBe('2 Mar');
    expect(formatValue('2025-03-02', 'day', 'zh', translate('zh'))).toBe('3月2日');
  });
});

describe('the figures as chart tables', () => {
  it('lays out conversations as days down and channels across, with a total and the busiest day', () => {
    const { conversations } = insightTables(WEEK, wordsIn('en'));
    expect(conversations.columns.map((c) => c.label)).toEqual(['Day', 'Telegram', 'Web chat', 'Total']);
    expect(conversations.rows).toEqual([
      ['2025-03-01', 1, 0, 1],
      ['2025-03-02', 0, 2, 2],
    ]);
    expect(conversations.empty).toBe(false);
    expect(conversations.summary).toBe('Conversations started: 3; busiest day: 2 Mar (2)');
  });

  it('translates categories and reasons, and shows a reason it has no name for as its code', () => {
    const zh = insightTables(WEEK, wordsIn('zh'));
    expect(zh.complaintsByCategory.rows).toEqual([
      ['产品质量', 3],
      ['账单与付款', 1],
    ]);
    expect(zh.complaintsByCategory.summary).toBe('产品质量：3；账单与付款：1');
    expect(insightTables(WEEK, wordsIn('en')).escalationsByReason.rows).toEqual([
      ['Angry customer', 2],
      ['brand_new_reason', 1],
    ]);
  });

  it('walks the funnel step by step, then the recorded commitments', () => {
    const { funnel } = insightTables(WEEK, wordsIn('en'));
    expect(funnel.rows).toEqual([
      ['1 · Set the atmosphere', 5, 0],
      ['2 · Diagnose', 4, 1],
      ['3 · Seek solutions', 3, 0],
      ['4 · Reach agreement', 3, 1],
      ['5 · Follow through', 2, null],
      ['Commitment recorded', 2, null],
    ]);
    expect(funnel.summary).toBe('Complaints: 5; reached step 5: 2; commitment recorded: 2; stopped before step 5: 2');
  });

  it('formats each row of a mixed table by what it holds, and puts units in the CSV header of durations', () => {
    const tables = insightTables(WEEK, wordsIn('en'));
    expect([0, 1].map((row) => cellFormat(tables.containment, row, 1))).toEqual(['share', 'count']);
    expect(tables.containment.summary).toBe('Resolved without a person: 28.6%; conversations started: 3');
    expect(tables.csat.summary).toBe('Survey answers: 2; average score: 3.00 of 5; satisfied: 50%; satisfaction ratio: 0.92');
    expect(tables.times.summary).toBe('First response: median 10 min, 90th percentile 26 min (3 measured); resolution: median 45 min, 90th percentile 57 min (2 measured)');
    expect(csvOf(tables.times)).toEqual({
      header: ['Measure', 'Median (seconds)', '90th percentile (seconds)', 'Conversations measured'],
      rows: [
        ['First response by a person', 600, 1560, 3],
        ['Resolution', 2700, 3420, 2],
      ],
    });
  });

  it('shows the ratings after a chat per day and per agent, the customer mix and the knowledge gaps, in both languages', () => {
    const en = insightTables(WEEK, wordsIn('en'));
    expect(en.chatCsat.rows).toEqual([
      ['2025-03-01', 3, 3.6667, 0, null],
      ['2025-03-02', 0, null, 1, 5],
    ]);
    expect(en.chatCsat.summary).toBe('Bot: 3 ratings, average 3.67 of 5, satisfied 66.7%; people: 1 ratings, average 5.00 of 5, satisfied 100%');
    expect(en.chatCsatAgents.rows).toEqual([['Ana', 1, 5, 1]]);
    expect(en.tierMix.rows).toEqual([
      ['A · key customers', 1],
      ['B', 0],
      ['C', 3],
    ]);
    expect(en.tierMix.summary).toBe('Customers: 4; A · key customers: 1 (25%); B: 0 (0%); C: 3 (75%)');
    expect(insightTables(WEEK, wordsIn('zh')).lifecycleMix.rows).toEqual([
      ['考察期', 3],
      ['形成期', 0],
      ['稳定期', 1],
      ['退化期', 0],
    ]);
    expect(csvOf(en.knowledgeGaps)).toEqual({ header: ['Question', 'Times asked', 'As customers wrote it'], rows: [['are you hiring?', 3, 'Are you hiring? / Hiring: are you?']] });
    expect(insightTables(WEEK, wordsIn('zh')).knowledgeGaps.columns.map((c) => c.label)).toEqual(['问题', '提问次数', '客户原话']);
  });

  it('marks every chart empty, with its own sentence, when the period has nothing', () => {
    const tables = insightTables(NOTHING, wordsIn('en'));
    expect(CHART_IDS.filter((id) => !tables[id]!.empty)).toEqual([]);
    expect(tables.complaintsByCategory.summary).toBe('No complaints in this period');
    expect(tables.funnel.summary).toBe('No complaints in this period');
    expect(insightTables(NOTHING, wordsIn('zh')).complaintsByCategory.summary).toBe('此期间没有投诉');
  });
});
