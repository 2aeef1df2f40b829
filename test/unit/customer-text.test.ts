// The customer's text as every channel cleans it (clean-text.ts) and the HTTP routes check it
// (customer-text.ts): what is kept, what is dropped, and what is refused with which code.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cleanText } from '../../src/conversation/clean-text.ts';
import { checkedCustomerText, customerText } from '../../src/http/customer-text.ts';
import { DomainError } from '../../src/domain/domain-error.ts';

function refusal(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { code, message } = error as DomainError;
    return { code, message };
  }
  throw new Error('expected a refusal');
}

describe('cleanText', () => {
  it('drops control characters but keeps newlines and tabs', () => {
    expect(cleanText('my\u0000 order\u0007 is\u001b late\u007f')).toBe('my order is late');
    expect(cleanText('first line\nsecond\tcolumn')).toBe('first line\nsecond\tcolumn');
  });

  it('keeps CRLF line breaks inside a message and trims them at its ends', () => {
    expect(cleanText('\r\nline one\r\nline two\r\n')).toBe('line one\r\nline two');
  });

  it('drops zero-width spaces, BOMs, soft hyphens and replacement characters', () => {
    expect(cleanText('\ufeffre\u200bfund\u00ad please\ufffd')).toBe('refund please');
  });

  it('drops lone surrogates but keeps emoji whole', () => {
    expect(cleanText('where is it \ud800?\udc00')).toBe('where is it ?');
    expect(cleanText('😀🙏🔥👍🏽')).toBe('😀🙏🔥👍🏽');
  });

  it('keeps the joiners and selectors inside emoji sequences', () => {
    const family = '👨\u200d👩\u200d👧';
    const heart = '❤\ufe0f';
    expect(cleanText(` ${family} ${heart} `)).toBe(`${family} ${heart}`);
  });

  it('trims white space of every kind around the text, the ideographic space too', () => {
    expect(cleanText(' \t\u3000 我的订单还没到 \u00a0\n')).toBe('我的订单还没到');
  });

  it('keeps Chinese, right-to-left and combining text exactly', () => {
    for (const text of ['我的订单 20261101 还没到', 'مرحبا، أين طلبي؟', 'Z̸͓̈a̵̛l̶g̷o order']) expect(cleanText(text)).toBe(text);
  });

  it('makes a text of invisible characters alone empty', () => {
    for (const text of ['', '   \n\t  \u3000 ', '\u0000\u0001\u007f\ufffd', '\u200b\u200d\u2060', '\ufe0f\u034f\u3164\u2800', '\ud83d']) expect(cleanText(text)).toBe('');
  });
});

describe('checkedCustomerText', () => {
  it('returns the cleaned text', () => {
    expect(checkedCustomerText('  hello\u200b there\u0000 ', 100)).toBe('hello there');
  });

  it('refuses a text with nothing visible as empty_text', () => {
    expect(refusal(() => checkedCustomerText(' \u200b\u0001 ', 100))).toEqual({ code: 'empty_text', message: 'text must contain at least one visible character' });
  });

  it('counts the limit in characters after cleaning, never in bytes', () => {
    // 4000 Chinese characters are 12,000 bytes of UTF-8: within a 4000-character limit.
    const chinese = '我'.repeat(4000);
    expect(checkedCustomerText(chinese, 4000)).toBe(chinese);
    // What cleaning drops does not count.
    expect(checkedCustomerText(`  ${'a'.repeat(4000)}\u200b\u200b  `, 4000)).toBe('a'.repeat(4000));
    const over = refusal(() => checkedCustomerText('a'.repeat(4001), 4000));
    expect(over.code).toBe('text_too_long');
    expect(over.message).toBe('the message has 4001 characters; the limit is 4000. Please split it up.');
  });
});

describe('customerText (the body schema field)', () => {
  const body = z.object({ text: customerText(10) });

  it('hands the handler the cleaned text', () => {
    expect(body.parse({ text: ' \ufeffhi 😀 ' })).toEqual({ text: 'hi 😀' });
  });

  it('refuses empty and over-long text with their own codes', () => {
    expect(refusal(() => body.parse({ text: '\u200b' })).code).toBe('empty_text');
    expect(refusal(() => body.parse({ text: 'x'.repeat(11) })).code).toBe('text_too_long');
  });

  it('leaves a value of the wrong type to zod, naming the field', () => {
    const result = body.safeParse({ text: 42 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['text']);
  });
});
