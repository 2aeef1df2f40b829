// The console composer's `/` picker, pure: which `/query` the cursor is in, which canned replies it
// finds (title and text, in the customer's language and the staff member's), and the reply put in
// place of the `/query` with the cursor after it.

import { describe, expect, it } from 'vitest';
import { insertAtCursor, matchCanned, slashQuery } from '../../src/console/public/state/canned-picker.js';

const en = [
  { id: 'greeting', title: 'Greeting', text: 'Hello {customerName}, this is {agentName}.' },
  { id: 'ask_order', title: 'Ask for the order number', text: 'Could you share your order number?' },
  { id: 'refund', title: 'Refund issued', text: 'The refund for order {orderNumber} is on its way.' },
];
const zh = [
  { id: 'greeting', title: '问候', text: '{customerName}您好，我是客服{agentName}。' },
  { id: 'ask_order', title: '询问订单号', text: '请提供一下订单号。' },
  { id: 'refund', title: '已办理退款', text: '订单 {orderNumber} 的退款已提交。' },
];

describe('the `/query` at the cursor', () => {
  it('opens at the start of the text and after white space, up to the cursor', () => {
    expect(slashQuery('/', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(slashQuery('/gre', 4)).toEqual({ start: 0, end: 4, query: 'gre' });
    expect(slashQuery('Hi there /ref', 13)).toEqual({ start: 9, end: 13, query: 'ref' });
    expect(slashQuery('line one\n/ask', 13)).toEqual({ start: 9, end: 13, query: 'ask' });
  });

  it('reads only what is before the cursor', () => {
    expect(slashQuery('/refund please', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
  });

  it('stays shut inside a word, an address or after a space ends the query', () => {
    expect(slashQuery('and/or', 6)).toBeNull();
    expect(slashQuery('see https://shop.example/help', 29)).toBeNull();
    expect(slashQuery('/refund ', 8)).toBeNull();
    expect(slashQuery('no slash here', 13)).toBeNull();
  });
});

describe('matching canned replies', () => {
  it('lists every reply for an empty query', () => {
    expect(matchCanned(en, '').map((r) => r.id)).toEqual(['greeting', 'ask_order', 'refund']);
  });

  it('matches the title in either language, letter case ignored', () => {
    expect(matchCanned(zh, 'REF', en).map((r) => r.id)).toEqual(['refund']);
    expect(matchCanned(en, '退款', zh).map((r) => r.id)).toEqual(['refund']);
  });

  it('matches the text too, after the title matches', () => {
    // "order" is in ask_order's title and in refund's text only.
    expect(matchCanned(en, 'order').map((r) => r.id)).toEqual(['ask_order', 'refund']);
    expect(matchCanned(en, 'way').map((r) => r.id)).toEqual(['refund']);
  });

  it('takes - and _ as word breaks and wants every word', () => {
    expect(matchCanned(en, 'order-number').map((r) => r.id)).toEqual(['ask_order', 'refund']);
    expect(matchCanned(en, 'order_hello')).toEqual([]);
  });

  it('finds nothing for a query no reply contains', () => {
    expect(matchCanned(en, 'xyz', zh)).toEqual([]);
  });
});

describe('inserting at the cursor', () => {
  it('replaces the `/query` and puts the cursor after the reply', () => {
    const text = 'Hi /gre';
    expect(insertAtCursor(text, 3, 7, 'Hello Lena')).toEqual({ text: 'Hi Hello Lena', cursor: 13 });
  });

  it('keeps what follows and a space between', () => {
    const result = insertAtCursor('/gre and more', 0, 4, 'Hello');
    expect(result).toEqual({ text: 'Hello and more', cursor: 5 });
    expect(insertAtCursor('/grex', 0, 4, 'Hello')).toEqual({ text: 'Hello x', cursor: 6 });
  });

  it('keeps the reply apart from a word just before it', () => {
    expect(insertAtCursor('Thanks', 6, 6, 'Hello')).toEqual({ text: 'Thanks Hello', cursor: 12 });
  });

  it('fills an empty box with the reply alone', () => {
    expect(insertAtCursor('', 0, 0, 'Hello')).toEqual({ text: 'Hello', cursor: 5 });
  });
});
