// Bad input over real HTTP: every wrong request gets a clear `{ error: { code, message } }` with the
// right 4xx status, odd but valid text gets a polite answer, and nothing is lost or stored twice.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer, said } from '../support/webchat-client.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

describe('bad input on the web chat and NLU APIs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  /** POST with full control over headers and the raw body. */
  async function post(path: string, body: string | Buffer | undefined, headers: Record<string, string> = {}): Promise<Answer> {
    const payload = typeof body === 'string' || body === undefined ? body : new Uint8Array(body);
    const response = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, ...(payload === undefined ? {} : { body: payload }) });
    return answerOf(response);
  }

  async function answerOf(response: Response): Promise<Answer> {
    const contentType = response.headers.get('content-type') ?? '';
    const raw = await response.text();
    let body: unknown = raw;
    if (contentType.includes('application/json')) body = JSON.parse(raw) as unknown;
    return { status: response.status, contentType, body };
  }

  function json(token?: string): Record<string, string> {
    return { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  }

  function sendMessage(token: string | undefined, payload: unknown): Promise<Answer> {
    return post('/api/webchat/messages', JSON.stringify(payload), json(token));
  }

  /** Asserts the answer is a JSON error with the given status and code, and returns its message. */
  function expectError(answer: Answer, status: number, code: string): string {
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.contentType).toContain('application/json');
    const { error } = answer.body as ErrorBody;
    expect(error.code).toBe(code);
    expect(typeof error.message).toBe('string');
    expect(error.message.length).toBeGreaterThan(0);
    return error.message;
  }

  function repliesOf(answer: Answer): { id: number; text: string }[] {
    return (answer.body as { replies: { id: number; text: string }[] }).replies;
  }

  function expectPoliteReply(answer: Answer): void {
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const replies = repliesOf(answer);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply.text.trim().length).toBeGreaterThan(0);
  }

  function customerTexts(history: Awaited<ReturnType<WebchatCustomer['history']>>): string[] {
    return history.messages.filter((m) => m.author === 'customer').map((m) => m.text);
  }

  async function newCustomer(locale: 'en' | 'zh' = 'en'): Promise<WebchatCustomer> {
    return new WebchatCustomer(t.baseUrl).start({ locale });
  }

  describe('text content', () => {
    it('rejects an empty text with 400 empty_text and stores nothing', async () => {
      const customer = await newCustomer();
      const message = expectError(await sendMessage(customer.token, { text: '', clientMessageId: randomUUID() }), 400, 'empty_text');
      expect(message).toMatch(/visible character/);
      expect(customerTexts(await customer.history())).toEqual([]);
    });

    it('rejects whitespace- and control-character-only text as empty', async () => {
      const customer = await newCustomer();
      expectError(await sendMessage(customer.token, { text: '   \n\t  \u3000 ' }), 400, 'empty_text');
      expectError(await sendMessage(customer.token, { text: '\u0000\u0001\u007f\ufffd' }), 400, 'empty_text');
      expect(customerTexts(await customer.history())).toEqual([]);
    });

    it('rejects empty and whitespace-only text on /api/nlu/parse too', async () => {
      expectError(await post('/api/nlu/parse', JSON.stringify({ text: '' }), json()), 400, 'empty_text');
      expectError(await post('/api/nlu/parse', JSON.stringify({ text: ' \n\t ' }), json()), 400, 'empty_text');
    });

    it('refuses a 20 kB message with 413 and a message that names the limit', async () => {
      const customer = await newCustomer();
      const text = 'my order is late '.repeat(1200).slice(0, 20_000);
      const message = expectError(await sendMessage(customer.token, { text, clientMessageId: randomUUID() }), 413, 'text_too_long');
      expect(message).toContain('20000');
      expect(message).toMatch(/limit is 4000/);
      expect(customerTexts(await customer.history())).toEqual([]);
    });

    it('refuses a 20 kB text on /api/nlu/parse with 413 naming the limit', async () => {
      const message = expectError(await post('/api/nlu/parse', JSON.stringify({ text: 'x'.repeat(20_000) }), json()), 413, 'text_too_long');
      expect(message).toMatch(/limit is 4000/);
    });

    it('refuses a body over the 64 kB body limit with 413 payload_too_large', async () => {
      const customer = await newCustomer();
      const message = expectError(await sendMessage(customer.token, { text: 'y'.repeat(70_000) }), 413, 'payload_too_large');
      expect(message).toMatch(/too large/);
    });

    it('accepts text of exactly the limit', async () => {
      const customer = await newCustomer();
      expectPoliteReply(await sendMessage(customer.token, { text: 'a'.repeat(4000) }));
    });

    it('answers invalid UTF-8 bytes inside the JSON string politely or with a 4xx, never a 5xx', async () => {
      const customer = await newCustomer();
      const withText = Buffer.concat([Buffer.from('{"text":"hello '), Buffer.from([0xff, 0xfe]), Buffer.from(' my order is late","clientMessageId":"utf8-a"}')]);
      const onlyBad = Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('","clientMessageId":"utf8-b"}')]);
      const inKey = Buffer.concat([Buffer.from('{"te'), Buffer.from([0xff, 0xfe]), Buffer.from('xt":"hi"}')]);
      for (const body of [withText, onlyBad, inKey]) {
        const answer = await post('/api/webchat/messages', body, json(customer.token));
        expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500);
        if (answer.status === 200) expectPoliteReply(answer);
        else expect((answer.body as ErrorBody).error.code).toMatch(/^[a-z_]+$/);
      }
      // What was stored is valid text without the replacement character.
      for (const text of customerTexts(await customer.history())) {
        expect(text).not.toContain('\ufffd');
        expect(text.length).toBeGreaterThan(0);
      }
    });

    it('answers text with lone surrogates (valid JSON escapes) politely and stores it without them', async () => {
      const customer = await newCustomer();
      const body = '{"text":"where is my order 12345678 \\ud800 \\udc00?","clientMessageId":"lone-1"}';
      const answer = await post('/api/webchat/messages', body, json(customer.token));
      expectPoliteReply(answer);
      expectError(await post('/api/webchat/messages', '{"text":"\\ud83d"}', json(customer.token)), 400, 'empty_text');
      const parsed = await post('/api/nlu/parse', '{"text":"refund \\udfff please"}', json());
      expect(parsed.status).toBe(200);
      expect(customerTexts(await customer.history())).toEqual(['where is my order 12345678  ?']);
      const named = await post('/api/webchat/sessions', '{"name":"Ann \\udc00"}', json());
      expect(named.status, JSON.stringify(named.body)).toBe(201);
    });

    it('gives a polite reply to a message of emoji only', async () => {
      const customer = await newCustomer();
      const answer = await sendMessage(customer.token, { text: '😀🙏🔥👍🏽', clientMessageId: randomUUID() });
      expectPoliteReply(answer);
      expect(customerTexts(await customer.history())).toEqual(['😀🙏🔥👍🏽']);
    });

    it('stores HTML/script text verbatim as plain text and never answers with live markup', async () => {
      const customer = await newCustomer();
      const text = '<script>alert("x")</script><img src=x onerror=alert(1)> my order 12345678 <b>never</b> arrived';
      const answer = await sendMessage(customer.token, { text });
      expectPoliteReply(answer);
      expect(answer.contentType).toContain('application/json');
      for (const reply of repliesOf(answer)) {
        expect(reply.text).not.toMatch(/<script/i);
        expect(reply.text).not.toMatch(/onerror=/i);
      }
      expect(customerTexts(await customer.history())).toEqual([text]);
    });

    it('treats SQL-looking text as plain text and the Message table keeps working', async () => {
      const customer = await newCustomer();
      const text = `'; DROP TABLE "Message"; --`;
      const before = await t.app.database.db.message.count();
      expectPoliteReply(await sendMessage(customer.token, { text }));
      expectPoliteReply(await sendMessage(customer.token, { text: `" OR 1=1; DELETE FROM Message WHERE '1'='1` }));
      expect(await t.app.database.db.message.count()).toBeGreaterThanOrEqual(before + 4);
      expectPoliteReply(await sendMessage(customer.token, { text: 'How long does delivery take?' }));
      const texts = customerTexts(await customer.history());
      expect(texts).toEqual([text, `" OR 1=1; DELETE FROM Message WHERE '1'='1`, 'How long does delivery take?']);
    });

    it('answers right-to-left, combining marks and CJK text politely and stores it exactly', async () => {
      const customer = await newCustomer();
      const texts = ['مرحبا، أين طلبي؟', 'Z̸͓̈a̵̛l̶g̷o order', '我的订单 20261101 还没到'];
      for (const text of texts) expectPoliteReply(await sendMessage(customer.token, { text }));
      expect(customerTexts(await customer.history())).toEqual(texts);
    });
  });

  describe('request shape', () => {
    it('rejects malformed JSON with 400 invalid_json', async () => {
      const customer = await newCustomer();
      for (const body of ['{"text": "hi"', '{text: hi}', '{"text":"a",}', 'nope', '{"text":"\\x41"}']) {
        expectError(await post('/api/webchat/messages', body, json(customer.token)), 400, 'invalid_json');
      }
      expectError(await post('/api/nlu/parse', '{"text": ', json()), 400, 'invalid_json');
      expectError(await post('/api/webchat/sessions', '{"name":', json()), 400, 'invalid_json');
    });

    it('rejects an empty JSON body with 400 invalid_json', async () => {
      const customer = await newCustomer();
      expectError(await post('/api/webchat/messages', '', json(customer.token)), 400, 'invalid_json');
    });

    it('rejects a text/plain body with 415 unsupported_media_type', async () => {
      const customer = await newCustomer();
      const message = expectError(await post('/api/webchat/messages', 'hello', { 'content-type': 'text/plain', authorization: `Bearer ${customer.token}` }), 415, 'unsupported_media_type');
      expect(message).toMatch(/application\/json/);
      expectError(await post('/api/nlu/parse', 'hello', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
      expectError(await post('/api/webchat/sessions', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    });

    it('rejects text of the wrong JSON type with 400 invalid_request naming the field', async () => {
      const customer = await newCustomer();
      for (const text of [42, null, ['hi'], { hi: 1 }, true]) {
        const message = expectError(await sendMessage(customer.token, { text }), 400, 'invalid_request');
        expect(message).toContain('body.text');
      }
      expectError(await sendMessage(customer.token, {}), 400, 'invalid_request');
      expectError(await sendMessage(customer.token, ['hi']), 400, 'invalid_request');
      expectError(await sendMessage(customer.token, 'hi'), 400, 'invalid_request');
      expectError(await post('/api/nlu/parse', JSON.stringify({ text: 7 }), json()), 400, 'invalid_request');
      expect(customerTexts(await customer.history())).toEqual([]);
    });

    it('rejects an invalid clientMessageId format with 400 invalid_request', async () => {
      const customer = await newCustomer();
      for (const clientMessageId of ['has spaces', 'semi;colon', '', 'x'.repeat(101), '../../etc', 'ü-umlaut']) {
        const message = expectError(await sendMessage(customer.token, { text: 'hello', clientMessageId }), 400, 'invalid_request');
        expect(message).toContain('clientMessageId');
      }
      expectError(await sendMessage(customer.token, { text: 'hello', clientMessageId: 12 }), 400, 'invalid_request');
      expect(customerTexts(await customer.history())).toEqual([]);
    });

    it('ignores extra fields in an otherwise valid message', async () => {
      const customer = await newCustomer();
      expectPoliteReply(await sendMessage(customer.token, { text: 'hello', clientMessageId: randomUUID(), author: 'staff', conversationId: 'x' }));
      const history = await customer.history();
      expect(history.messages.filter((m) => m.author === 'customer')).toHaveLength(1);
      expect(history.messages.some((m) => m.author === 'staff')).toBe(false);
    });

    it('refuses a prototype-poisoning body with a 4xx', async () => {
      const customer = await newCustomer();
      const answer = await post('/api/webchat/messages', '{"text":"hi","__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', json(customer.token));
      expectError(answer, 400, 'invalid_json');
    });

    it('answers an unknown route with a 404 JSON error', async () => {
      const get = await answerOf(await fetch(`${t.baseUrl}/api/webchat/nope?token=abc`));
      const message = expectError(get, 404, 'not_found');
      expect(message).toBe('no route for GET /api/webchat/nope');
      expectError(await post('/api/does-not-exist', '{}', json()), 404, 'not_found');
      expectError(await answerOf(await fetch(`${t.baseUrl}/api/webchat/messages`, { method: 'DELETE' })), 404, 'not_found');
    });
  });

  describe('sessions', () => {
    it('starts a session from an empty request and from an empty JSON object', async () => {
      const none = await post('/api/webchat/sessions', undefined);
      expect(none.status, JSON.stringify(none.body)).toBe(201);
      const empty = await post('/api/webchat/sessions', '{}', json());
      expect(empty.status).toBe(201);
      expect((empty.body as { token: string }).token).toMatch(/^[\w-]{20,}$/);
    });

    it('rejects an invalid session request with 400 naming the field', async () => {
      const cases: [unknown, string][] = [
        [{ name: '' }, 'body.name'],
        [{ name: '   ' }, 'body.name'],
        [{ name: 'n'.repeat(81) }, 'body.name'],
        [{ name: 42 }, 'body.name'],
        [{ locale: 'fr' }, 'body.locale'],
        [{ locale: null }, 'body.locale'],
      ];
      for (const [body, field] of cases) {
        const message = expectError(await post('/api/webchat/sessions', JSON.stringify(body), json()), 400, 'invalid_request');
        expect(message).toContain(field);
      }
      expectError(await post('/api/webchat/sessions', '[1,2]', json()), 400, 'invalid_request');
      expectError(await post('/api/webchat/sessions', '"hi"', json()), 400, 'invalid_request');
    });

    it('keeps a name with emoji, CJK and markup as given', async () => {
      const answer = await post('/api/webchat/sessions', JSON.stringify({ name: '  <b>王</b> 😀  ', locale: 'zh' }), json());
      expect(answer.status).toBe(201);
      const { customerId } = answer.body as { customerId: string };
      const profile = await t.app.database.db.customer.findUniqueOrThrow({ where: { id: customerId } });
      expect(profile.name).toBe('<b>王</b> 😀');
    });
  });

  describe('tokens', () => {
    it('answers a message without a token with 401', async () => {
      const message = expectError(await sendMessage(undefined, { text: 'hello' }), 401, 'unauthorized');
      expect(message).toMatch(/Bearer/);
      expectError(await answerOf(await fetch(`${t.baseUrl}/api/webchat/history`)), 401, 'unauthorized');
    });

    it('answers a malformed authorization header with 401', async () => {
      for (const authorization of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'token']) {
        expectError(await post('/api/webchat/messages', JSON.stringify({ text: 'hello' }), { 'content-type': 'application/json', authorization }), 401, 'unauthorized');
      }
    });

    it('answers a made-up token with 401 and stores nothing', async () => {
      const before = await t.app.database.db.message.count();
      const message = expectError(await sendMessage('made-up-token-0123456789abcdefghijklmnopqrstuv', { text: 'hello' }), 401, 'unauthorized');
      expect(message).toMatch(/not valid/);
      expectError(await answerOf(await fetch(`${t.baseUrl}/api/webchat/history`, { headers: { authorization: 'Bearer made-up' } })), 401, 'unauthorized');
      expectError(await answerOf(await fetch(`${t.baseUrl}/api/webchat/history?token=made-up`)), 401, 'unauthorized');
      expect(await t.app.database.db.message.count()).toBe(before);
    });

    it('lets each token see only its own messages', async () => {
      const alice = await newCustomer();
      const bob = await newCustomer();
      expect((await alice.send('alice secret: my order 11112222 is broken')).status).toBe(200);
      expect((await bob.send('bob secret: where is my parcel 33334444')).status).toBe(200);
      const aliceHistory = await alice.history();
      const bobHistory = await bob.history();
      expect(customerTexts(aliceHistory)).toEqual(['alice secret: my order 11112222 is broken']);
      expect(customerTexts(bobHistory)).toEqual(['bob secret: where is my parcel 33334444']);
      expect(JSON.stringify(bobHistory)).not.toContain('alice secret');
      expect(JSON.stringify(aliceHistory)).not.toContain('bob secret');
      const aliceIds = new Set(aliceHistory.messages.map((m) => m.id));
      expect(bobHistory.messages.some((m) => aliceIds.has(m.id))).toBe(false);
      // Bob asking for "after 0" still gets only his conversation.
      const afterZero = await answerOf(await fetch(`${t.baseUrl}/api/webchat/history?after=0`, { headers: { authorization: `Bearer ${bob.token}` } }));
      expect(afterZero.status).toBe(200);
      expect(JSON.stringify(afterZero.body)).not.toContain('alice secret');
      // The token is not taken from the URL of the history (URLs end up in logs).
      const viaQuery = await answerOf(await fetch(`${t.baseUrl}/api/webchat/history?token=${encodeURIComponent(bob.token)}&after=0`));
      expect(viaQuery.status).toBe(401);
    });
  });

  describe('resends', () => {
    it('answers a resent message with the same clientMessageId once and stores it once', async () => {
      const customer = await newCustomer();
      const clientMessageId = `resend-${randomUUID()}`;
      const first = await customer.send('My kettle from order 12345678 leaks', clientMessageId);
      const again = await customer.send('My kettle from order 12345678 leaks', clientMessageId);
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(said(first).length).toBeGreaterThan(0);
      expect(again.replies).toEqual(first.replies);
      // Even with different text, the id decides: the first answer is returned.
      const changed = await customer.send('something else entirely', clientMessageId);
      expect(changed.replies).toEqual(first.replies);
      const rows = await t.app.database.db.message.count({ where: { channelMessageId: { endsWith: `:${clientMessageId}` } } });
      expect(rows).toBe(1);
      const history = await customer.history();
      expect(customerTexts(history)).toEqual(['My kettle from order 12345678 leaks']);
      expect(history.messages.filter((m) => m.author !== 'customer')).toHaveLength(first.replies.length);
    });

    it('stores concurrent resends of one clientMessageId once and answers all of them alike', async () => {
      const customer = await newCustomer();
      const clientMessageId = `burst-${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 6 }, () => customer.send('where is my order 87654321?', clientMessageId)));
      for (const result of results) {
        expect(result.status).toBe(200);
        expect(result.replies).toEqual(results[0]!.replies);
      }
      expect(await t.app.database.db.message.count({ where: { channelMessageId: { endsWith: `:${clientMessageId}` } } })).toBe(1);
      expect(customerTexts(await customer.history())).toHaveLength(1);
    });

    it('keeps the same clientMessageId in two sessions apart', async () => {
      const one = await newCustomer();
      const two = await newCustomer();
      const clientMessageId = `shared-${randomUUID()}`;
      expect((await one.send('hello from one', clientMessageId)).status).toBe(200);
      expect((await two.send('hello from two', clientMessageId)).status).toBe(200);
      expect(customerTexts(await one.history())).toEqual(['hello from one']);
      expect(customerTexts(await two.history())).toEqual(['hello from two']);
      expect(await t.app.database.db.message.count({ where: { channelMessageId: { endsWith: `:${clientMessageId}` } } })).toBe(2);
    });
  });
});
