// The shared browser kit's pure parts (src/http/public/kit/): wording with variables and
// fallbacks, the API's error shape, the live stream's back-off and resume address, and the
// formatting of times and durations; plus the main console's transcript merge and canned replies.

import { describe, expect, it } from 'vitest';
import { chooseLanguage, translate } from '../../src/http/public/kit/i18n.js';
import { ApiError, errorFromResponse, parseBody } from '../../src/http/public/kit/api.js';
import { backoffDelay, resumeUrl } from '../../src/http/public/kit/live.js';
import { formatDuration, formatMoney, formatTime, relativeTime } from '../../src/http/public/kit/format.js';
import { addMessage, mergeTranscript } from '../../src/console/public/state/transcript.js';
import { cannedVariables, fillCanned } from '../../src/console/public/state/canned-text.js';

const strings = {
  en: { hello: 'Hello {name}, you have {n} messages', onlyEn: 'English only', justNow: 'just now', seconds: '{n}s', minutes: '{m}m {s}s', hours: '{h}h {m}m' },
  zh: { hello: '你好 {name}，你有 {n} 条消息' },
};
const t = (key: string, vars?: Record<string, string | number>) => translate(strings, 'en', key, vars);

describe('i18n', () => {
  it('fills variables in the chosen language', () => {
    expect(translate(strings, 'zh', 'hello', { name: 'Lena', n: 3 })).toBe('你好 Lena，你有 3 条消息');
    expect(translate(strings, 'en', 'hello', { name: 'Lena', n: 0 })).toBe('Hello Lena, you have 0 messages');
  });

  it('falls back to English, then to the key, and leaves unknown placeholders visible', () => {
    expect(translate(strings, 'zh', 'onlyEn')).toBe('English only');
    expect(translate(strings, 'zh', 'missing.key')).toBe('missing.key');
    expect(translate(strings, 'en', 'hello', { name: 'Lena' })).toBe('Hello Lena, you have {n} messages');
  });

  it('starts in the language the address asks for, else the one chosen before, else the browser’s', () => {
    expect(chooseLanguage({ query: 'zh', saved: 'en', browser: 'en-US' })).toBe('zh');
    expect(chooseLanguage({ query: 'fr', saved: 'zh', browser: 'en-US' })).toBe('zh');
    expect(chooseLanguage({ query: null, saved: null, browser: 'zh-TW' })).toBe('zh');
    expect(chooseLanguage({ browser: 'de-DE' })).toBe('en');
  });
});

describe('api errors', () => {
  it('keeps the server’s code and message', () => {
    const error = errorFromResponse(409, { error: { code: 'conflict', message: 'taken by Jon' } });
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.code, error.message]).toEqual([409, 'conflict', 'taken by Jon']);
  });

  it('says the status when the body does not explain', () => {
    for (const body of [{}, { error: 'nope' }, null, 'text', { error: { code: 7, message: '' } }]) {
      const error = errorFromResponse(502, body);
      expect([error.code, error.message]).toEqual(['http', 'HTTP 502']);
    }
  });

  it('reads an empty or broken body as an empty object', () => {
    expect(parseBody('')).toEqual({});
    expect(parseBody('<html>')).toEqual({});
    expect(parseBody('{"ok":true}')).toEqual({ ok: true });
  });
});

describe('live stream', () => {
  it('waits twice as long after each failed attempt, up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, { minMs: 1000, maxMs: 30_000 }))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(backoffDelay(0)).toBe(1000);
    expect(backoffDelay(20)).toBe(30_000);
  });

  it('resumes after the last event id seen on a fresh connection', () => {
    expect(resumeUrl('/api/webchat/events?ticket=abc', 'lastEventId', '41')).toBe('/api/webchat/events?ticket=abc&lastEventId=41');
    expect(resumeUrl('/api/webchat/events', 'lastEventId', '7')).toBe('/api/webchat/events?lastEventId=7');
    expect(resumeUrl('/api/staff/events', 'lastEventId', '')).toBe('/api/staff/events');
    expect(resumeUrl('/api/staff/events', undefined, '7')).toBe('/api/staff/events');
  });
});

describe('formatting', () => {
  it('reads durations as staff do', () => {
    expect(formatDuration(3, t)).toBe('just now');
    expect(formatDuration(42.9, t)).toBe('42s');
    expect(formatDuration(125, t)).toBe('2m 5s');
    expect(formatDuration(3 * 3600 + 7 * 60 + 5, t)).toBe('3h 7m');
    expect(formatDuration(-10, t)).toBe('just now');
  });

  it('shows the time alone today and the day too before', () => {
    const now = new Date(2026, 11, 6, 15, 0);
    expect(formatTime(new Date(2026, 11, 6, 9, 5).toISOString(), 'en-GB', now)).toBe('09:05');
    expect(formatTime(new Date(2026, 11, 4, 9, 5).toISOString(), 'en-GB', now)).toMatch(/4 Dec.*09:05/);
    expect(formatTime('not a date', 'en-GB', now)).toBe('');
  });

  it('says how long ago', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const ago = (key: string, vars?: Record<string, string | number>) => `${key}:${vars?.n ?? ''}`;
    expect(relativeTime('2026-12-06T11:59:30Z', ago, now)).toBe('ago.now:');
    expect(relativeTime('2026-12-06T11:45:00Z', ago, now)).toBe('ago.minutes:15');
    expect(relativeTime('2026-12-06T09:00:00Z', ago, now)).toBe('ago.hours:3');
    expect(relativeTime('2026-12-03T12:00:00Z', ago, now)).toBe('ago.days:3');
    expect(relativeTime('2026-12-06T13:00:00Z', ago, now)).toBe('ago.now:');
  });

  it('formats money from minor units', () => {
    expect(formatMoney(5900, 'CNY', 'en-GB')).toMatch(/59\.00/);
  });
});

describe('the console’s transcript', () => {
  it('keeps the server’s texts and the live messages newer than its history, in id order', () => {
    const shown = [
      { id: 1, text: 'old' },
      { id: 5, text: 'live, after the fetch' },
      { id: 3, text: 'before erasure' },
    ];
    const fetched = [
      { id: 1, text: 'old' },
      { id: 3, text: '[erased]' },
    ];
    expect(mergeTranscript(shown, fetched)).toEqual([
      { id: 1, text: 'old' },
      { id: 3, text: '[erased]' },
      { id: 5, text: 'live, after the fetch' },
    ]);
  });

  it('adds a live message in its place once', () => {
    const list = [{ id: 1 }, { id: 4 }];
    expect(addMessage(list, { id: 2 })).toEqual([{ id: 1 }, { id: 2 }, { id: 4 }]);
    expect(addMessage(list, { id: 4 })).toBe(list);
    expect(addMessage(list, { id: 9 })).toEqual([{ id: 1 }, { id: 4 }, { id: 9 }]);
  });
});

describe('canned replies', () => {
  const detail = {
    profile: { name: 'Lena' },
    transcript: [
      { author: 'customer', text: 'order 12345678 is late' },
      { author: 'bot', text: 'order 99999999?' },
    ],
    openCases: [{ id: 'abcdef1234' }],
  };

  it('fills the names, the order number the customer wrote and the case reference', () => {
    const vars = cannedVariables(detail, { name: 'Mei' });
    expect(vars).toEqual({ customerName: 'Lena', agentName: 'Mei', orderNumber: '12345678', reference: 'ABCDEF12' });
    expect(fillCanned('Hello {customerName}, this is {agentName} about {orderNumber} ({reference}).', vars)).toBe('Hello Lena, this is Mei about 12345678 (ABCDEF12).');
  });

  it('drops an empty name with its comma and leaves unknown variables visible', () => {
    expect(fillCanned('Hello {customerName}, thanks!', { customerName: '' })).toBe('Hello, thanks!');
    expect(fillCanned('{customerName}，您好', { customerName: '' })).toBe('您好');
    expect(fillCanned('Ref {reference}', {})).toBe('Ref {reference}');
  });
});
