// Deterministic fuzzing of POST /api/webchat/messages over real HTTP: over a thousand generated
// bodies (odd unicode, long strings, type confusion, malformed JSON, deliberate resends) spread
// over twenty sessions, eight in flight. The service must never fail with a 5xx, always answer an
// accepted message, explain every refusal, and store each accepted message exactly once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanText } from '../../src/conversation/clean-text.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const SEED = 0xc0ffee;
const INPUTS = 1200;
const SESSIONS = 20;
const IN_FLIGHT = 8;
const MAX_CHARS = 4000;

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** One code point (or lone surrogate) from a code point range. */
  charIn(from: number, to: number): string {
    return String.fromCodePoint(this.int(from, to));
  }
}

const RANGES: Record<string, [number, number][]> = {
  ascii: [[0x20, 0x7e]],
  cjk: [
    [0x4e00, 0x9fff],
    [0x3000, 0x303f],
    [0xff01, 0xff5e],
  ],
  emoji: [
    [0x1f300, 0x1f5ff],
    [0x1f600, 0x1f64f],
    [0x1f900, 0x1f9ff],
    [0x2600, 0x26ff],
  ],
  rtl: [
    [0x0590, 0x05ff],
    [0x0600, 0x06ff],
    [0x200e, 0x200f],
    [0x202a, 0x202e],
  ],
  combining: [
    [0x0300, 0x036f],
    [0x20d0, 0x20ff],
  ],
  control: [
    [0x00, 0x1f],
    [0x7f, 0x9f],
    [0xfff0, 0xffff],
  ],
  surrogate: [[0xd800, 0xdfff]],
  other: [
    [0x00a0, 0x024f],
    [0x0400, 0x04ff],
    [0x0e00, 0x0e7f],
    [0x1100, 0x11ff],
    [0xfe00, 0xfe0f],
    [0x200b, 0x200d],
  ],
};

const PHRASES_EN = [
  'My blender from order 12345678 stopped working after two days',
  'How long does delivery take?',
  'I want a refund',
  'A replacement',
  "Yes, that's right",
  'No',
  'Where is my parcel?',
  'I was charged twice for order 87654321',
  'The courier was rude to me',
  'thanks, bye',
  'go back',
  'my email is alice@example.com and phone +86 138 0013 8000',
  'It cost 299.00 CNY',
];
const PHRASES_ZH = [
  '快递太慢了，订单 20261101 到现在还没收到，气死我了！',
  '我要退款',
  '对，没错',
  '不对，需要修改',
  '订单号是 20261199',
  '物流一直显示在途中，已经十天了',
  '同意',
  '发货要多久？',
  '你好',
  '谢谢',
];

/** Phrases that hand the conversation to a person (status 'queued'); only odd sessions get them. */
const ESCALATING = ['I want to talk to a human', 'This is dangerous, the charger caught fire', '转人工', '充电器冒烟了，很危险'];

interface FuzzInput {
  n: number;
  session: number;
  kind: string;
  body: string | Buffer;
  contentType: string;
  /** The clientMessageId the body carries when it is accepted; undefined when it has none. */
  clientMessageId: string | undefined;
  /** The text as sent, when the body is a well-formed message. */
  text?: string;
}

function randomText(g: Gen, length: number, ranges: [number, number][]): string {
  let out = '';
  while (out.length < length) {
    const [from, to] = g.pick(ranges);
    out += g.charIn(from, to);
  }
  return out;
}

function fuzzText(g: Gen, session: number): { kind: string; text: string } {
  const roll = g.int(0, 14);
  switch (roll) {
    case 0:
      return { kind: 'ascii', text: randomText(g, g.int(1, 60), RANGES.ascii!) };
    case 1:
      return { kind: 'cjk', text: randomText(g, g.int(1, 40), RANGES.cjk!) };
    case 2:
      return { kind: 'emoji', text: randomText(g, g.int(1, 12), RANGES.emoji!) };
    case 3:
      return { kind: 'rtl', text: randomText(g, g.int(1, 40), [...RANGES.rtl!, ...RANGES.ascii!]) };
    case 4:
      return { kind: 'combining', text: randomText(g, g.int(1, 30), [...RANGES.ascii!, ...RANGES.combining!]) };
    case 5:
      return { kind: 'control', text: randomText(g, g.int(1, 20), [...RANGES.control!, ...RANGES.ascii!]) };
    case 6:
      return { kind: 'surrogate', text: randomText(g, g.int(1, 10), [...RANGES.surrogate!, ...RANGES.cjk!]) };
    case 7:
      return { kind: 'mixed', text: randomText(g, g.int(1, 80), Object.values(RANGES).flat()) };
    case 8: {
      // Around the limit: some just under, some over (413), rarely far over the body limit.
      const length = g.chance(0.1) ? g.int(66_000, 70_000) : g.pick([g.int(500, 3999), MAX_CHARS, MAX_CHARS + 1, g.int(4001, 9000)]);
      const unit = g.pick(['a', '我', '😀 ', 'order 12345678 ']);
      return { kind: 'long', text: unit.repeat(Math.ceil(length / unit.length)).slice(0, length) };
    }
    case 9:
      return { kind: 'number', text: g.pick([String(g.int(-1e9, 1e9)), String(g.float() * 1e6), '0', '-0', '1e308', 'NaN', 'Infinity', '3.14159']) };
    case 10: {
      const digits = String(g.int(10_000_000, 99_999_999));
      return { kind: 'order', text: g.pick([digits, `#${digits}`, `order ${digits}`, `订单号 ${digits}`, `${digits.slice(0, 4)}-${digits.slice(4)}`, `ORD${digits}X`]) };
    }
    case 11:
      return { kind: 'phrase-en', text: g.pick(PHRASES_EN) };
    case 12:
      return { kind: 'phrase-zh', text: g.pick(PHRASES_ZH) };
    case 13:
      return session % 2 === 1 ? { kind: 'phrase-escalating', text: g.pick(ESCALATING) } : { kind: 'phrase-en', text: g.pick(PHRASES_EN) };
    default: {
      const a = g.chance(0.5) ? g.pick(PHRASES_EN) : g.pick(PHRASES_ZH);
      return { kind: 'phrase-noisy', text: `${randomText(g, g.int(0, 5), Object.values(RANGES).flat())}${a}${randomText(g, g.int(0, 5), RANGES.emoji!)}` };
    }
  }
}

const MALFORMED = [
  '',
  ' ',
  '{',
  '}',
  '{"text": "hi"',
  '{"text": "hi",}',
  "{'text': 'hi'}",
  '{text: "hi"}',
  '{"text": "a\u0001b"}',
  '{"text": "line\nbreak"}',
  '{"text": "\\uZZZZ"}',
  '{"text": "\\x41"}',
  '{"text": NaN}',
  '{"text": Infinity}',
  '{"text": undefined}',
  '{"text": "hi"} trailing',
  '{"text": "hi"}{"text": "again"}',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{"__proto__": {"x": 1}, "text": "hi"}',
  'null',
  'true',
  '123',
  '"just a string"',
  '[]',
  '[{"text": "hi"}]',
];

function generate(seed: number, count: number): FuzzInput[] {
  const g = new Gen(seed);
  const inputs: FuzzInput[] = [];
  for (let n = 0; n < count; n++) {
    const session = g.int(0, SESSIONS - 1);
    // A handful of ids per session are reused on purpose to create resends.
    const roll = g.float();
    const clientMessageId = roll < 0.2 ? `dup-${session}-${g.int(0, 4)}` : roll < 0.3 ? undefined : `f${n}-${g.int(0, 1e6).toString(36)}`;
    const shape = g.float();
    const withId = <T extends object>(o: T) => (clientMessageId === undefined ? o : { ...o, clientMessageId });
    if (shape < 0.68) {
      const { kind, text } = fuzzText(g, session);
      inputs.push({ n, session, kind, body: JSON.stringify(withId({ text })), contentType: 'application/json', clientMessageId, text });
    } else if (shape < 0.74) {
      // Type confusion: text that is not a string.
      const text = g.pick<unknown>([g.int(-100, 100), g.float(), null, true, false, [], ['hi'], { text: 'hi' }, {}, [1, [2, [3]]]]);
      inputs.push({ n, session, kind: 'type-confusion', body: JSON.stringify(withId({ text })), contentType: 'application/json', clientMessageId });
    } else if (shape < 0.8) {
      // Extra fields, some of them pretending to be someone else.
      const { kind, text } = fuzzText(g, session);
      const extra = g.pick<Record<string, unknown>>([
        { author: 'staff' },
        { conversationId: 'c-1', status: 'human' },
        { sessionId: 'someone-else', token: 'x' },
        { text2: 'second', nested: { deep: [1, 2, { a: null }] } },
        { clientmessageid: 'case' },
      ]);
      inputs.push({ n, session, kind: `extra-${kind}`, body: JSON.stringify(withId({ ...extra, text })), contentType: 'application/json', clientMessageId, text });
    } else if (shape < 0.85) {
      // Missing fields / bad ids.
      const variant = g.int(0, 3);
      if (variant === 0) inputs.push({ n, session, kind: 'missing-text', body: JSON.stringify(withId({})), contentType: 'application/json', clientMessageId });
      else if (variant === 1) inputs.push({ n, session, kind: 'empty-object', body: '{}', contentType: 'application/json', clientMessageId: undefined });
      else {
        const bad = g.pick(['has space', 'ü', '', 'x'.repeat(101), 'a/b', 'a.b', '<id>', 42, null, ['a']]);
        const text = g.pick(PHRASES_EN);
        inputs.push({ n, session, kind: 'bad-client-id', body: JSON.stringify({ text, clientMessageId: bad }), contentType: 'application/json', clientMessageId: undefined });
      }
    } else if (shape < 0.95) {
      const base = JSON.stringify(withId({ text: g.pick(PHRASES_ZH) }));
      const truncated = g.chance(0.4);
      const body = truncated ? base.slice(0, g.int(0, base.length - 1)) : g.pick(MALFORMED);
      inputs.push({ n, session, kind: 'malformed-json', body, contentType: 'application/json', clientMessageId: truncated ? clientMessageId : undefined });
    } else if (shape < 0.98) {
      // Invalid UTF-8 bytes inside the JSON string.
      const bytes = Buffer.from(Array.from({ length: g.int(1, 6) }, () => g.pick([0xff, 0xfe, 0xc3, 0x80, 0xed, 0xa0, 0xf8, 0xc0])));
      const prefix = g.chance(0.6) ? g.pick(PHRASES_EN) : '';
      const rest = clientMessageId === undefined ? '"}' : `","clientMessageId":"${clientMessageId}"}`;
      const body = Buffer.concat([Buffer.from(`{"text":"${prefix}`), bytes, Buffer.from(rest)]);
      inputs.push({ n, session, kind: 'invalid-utf8', body, contentType: 'application/json', clientMessageId });
    } else {
      const contentType = g.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=latin1']);
      inputs.push({ n, session, kind: 'content-type', body: JSON.stringify(withId({ text: 'hello' })), contentType, clientMessageId, text: 'hello' });
    }
  }
  return inputs;
}

interface Outcome {
  input: FuzzInput;
  status: number;
  body: unknown;
}

async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/** What the service keeps of a text: lone surrogates and control characters dropped, trimmed. */
function stored(text: string): string {
  return cleanText(text);
}

type HistoryMessage = Awaited<ReturnType<WebchatCustomer['history']>>['messages'][number] & { clientMessageId?: string };

describe('fuzzing the web chat messages API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  async function fullHistory(token: string): Promise<HistoryMessage[]> {
    const messages: HistoryMessage[] = [];
    for (let after = 0; ;) {
      const response = await fetch(`${t.baseUrl}/api/webchat/history?after=${after}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const page = ((await response.json()) as { messages: HistoryMessage[] }).messages;
      messages.push(...page);
      if (page.length === 0) return messages;
      after = page.at(-1)!.id;
    }
  }

  it('is deterministic', () => {
    const a = generate(SEED, 50).map((i) => Buffer.from(i.body).toString('base64'));
    const b = generate(SEED, 50).map((i) => Buffer.from(i.body).toString('base64'));
    expect(a).toEqual(b);
  });

  it(`survives ${INPUTS} generated inputs over ${SESSIONS} sessions without a 5xx, a silent answer, a loss or a double`, { timeout: 60_000 }, async () => {
    const inputs = generate(SEED, INPUTS);
    const customers = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => new WebchatCustomer(t.baseUrl).start(i % 2 ? { locale: 'zh' } : { locale: 'en', name: `Fuzz ${i}` })));

    const outcomes = await pool(inputs, IN_FLIGHT, async (input): Promise<Outcome> => {
      const response = await fetch(`${t.baseUrl}/api/webchat/messages`, {
        method: 'POST',
        headers: { 'content-type': input.contentType, authorization: `Bearer ${customers[input.session]!.token}` },
        body: typeof input.body === 'string' ? input.body : new Uint8Array(input.body),
      });
      const raw = await response.text();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
      return { input, status: response.status, body };
    });

    const describeOutcome = (o: Outcome) => `#${o.input.n} ${o.input.kind} ${o.status} body=${JSON.stringify(o.input.body.toString().slice(0, 120))} → ${JSON.stringify(o.body).slice(0, 300)}`;

    // No server failures at all.
    const failures = outcomes.filter((o) => o.status >= 500);
    expect(failures.map(describeOutcome)).toEqual([]);

    // Every accepted message is answered with something to read.
    const silent = outcomes.filter((o) => {
      if (o.status !== 200) return false;
      const replies = (o.body as { replies?: { text?: unknown }[] }).replies;
      return !Array.isArray(replies) || replies.length === 0 || replies.some((r) => typeof r.text !== 'string' || r.text.trim() === '');
    });
    expect(silent.map(describeOutcome)).toEqual([]);
    for (const o of outcomes.filter((x) => x.status === 200)) {
      expect(['bot', 'queued']).toContain((o.body as { conversation: { status: string } }).conversation.status);
    }

    // Every refusal is a 4xx that says what and why.
    const unexplained = outcomes.filter((o) => {
      if (o.status === 200) return false;
      if (o.status < 400 || o.status >= 500) return true;
      const error = (o.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      return !(typeof error?.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '');
    });
    expect(unexplained.map(describeOutcome)).toEqual([]);

    // Malformed inputs are refused, well-formed ones within the limit are accepted.
    for (const o of outcomes) {
      const { kind } = o.input;
      if (kind === 'malformed-json' || kind === 'type-confusion' || kind === 'missing-text' || kind === 'empty-object' || kind === 'bad-client-id') {
        expect(o.status, describeOutcome(o)).toBeGreaterThanOrEqual(400);
      }
      if (kind === 'content-type' && !o.input.contentType.startsWith('application/json')) expect(o.status, describeOutcome(o)).toBe(415);
      if (o.input.text !== undefined && o.input.contentType === 'application/json') {
        const clean = stored(o.input.text);
        const expected = clean === '' ? 400 : Buffer.byteLength(o.input.body) > 64 * 1024 || clean.length > MAX_CHARS ? 413 : 200;
        expect(o.status, describeOutcome(o)).toBe(expected);
      }
    }

    // Nothing lost, nothing stored twice: per session, history holds one customer message per
    // distinct accepted clientMessageId plus one per accepted message without an id.
    const accepted = outcomes.filter((o) => o.status === 200);
    let resends = 0;
    for (let s = 0; s < SESSIONS; s++) {
      const mine = accepted.filter((o) => o.input.session === s);
      const ids = mine.map((o) => o.input.clientMessageId).filter((id): id is string => id !== undefined);
      const distinct = new Set(ids);
      resends += ids.length - distinct.size;
      const withoutId = mine.length - ids.length;

      const history = await fullHistory(customers[s]!.token);
      const fromCustomer = history.filter((m) => m.author === 'customer');
      expect(fromCustomer.length, `session ${s}`).toBe(distinct.size + withoutId);
      const storedIds = fromCustomer.map((m) => m.clientMessageId).filter((id): id is string => id !== undefined);
      expect([...storedIds].sort(), `session ${s}`).toEqual([...distinct].sort());
      expect(history.filter((m) => m.author !== 'customer').every((m) => m.text.trim() !== '')).toBe(true);

      // Every message sent once is stored with exactly its cleaned text.
      const sentOnce = mine.filter((o) => o.input.clientMessageId === undefined || ids.filter((id) => id === o.input.clientMessageId).length === 1);
      const storedTexts = fromCustomer.map((m) => m.text);
      for (const o of sentOnce) if (o.input.text !== undefined) expect(storedTexts, describeOutcome(o)).toContain(stored(o.input.text));

      // The database agrees: one row per distinct id of this session.
      const identity = await t.app.database.db.channelIdentity.findFirstOrThrow({ where: { channel: 'webchat', externalId: customers[s]!.sessionId } });
      const rows = await t.app.database.db.message.count({ where: { channelMessageId: { startsWith: `webchat:${identity.id}:` } } });
      expect(rows, `session ${s}`).toBe(distinct.size);
    }

    // The run really exercised what it claims to.
    const byStatus = new Map<number, number>();
    for (const o of outcomes) byStatus.set(o.status, (byStatus.get(o.status) ?? 0) + 1);
    const summary = Object.fromEntries([...byStatus].sort(([a], [b]) => a - b));
    expect(outcomes).toHaveLength(INPUTS);
    expect(accepted.length, JSON.stringify(summary)).toBeGreaterThan(INPUTS / 2);
    expect(byStatus.get(400) ?? 0).toBeGreaterThan(50);
    expect(byStatus.get(413) ?? 0).toBeGreaterThan(5);
    expect(byStatus.get(415) ?? 0).toBeGreaterThan(5);
    expect(resends).toBeGreaterThan(20);
  });
});
