// The console queue's pure parts: the search and filters read from and written to the page address
// and turned into the list request, and the rows' preview and unread count kept current live.

import { describe, expect, it } from 'vitest';
import { activeFilterCount, filtersFromQuery, listPath, queryWithFilters, sameFilters } from '../../src/console/public/state/queue-filters.js';
import { findRow, previewText, withLabels, withLiveMessage, withoutUnread } from '../../src/console/public/state/queue-rows.js';

describe('queue filters in the page address', () => {
  it('reads the known filters and leaves out empty values and other parameters', () => {
    expect(filtersFromQuery('?q=%20Lena%20&channel=webchat&label=&lang=zh&conversation=c1&assignee=me')).toEqual({ q: 'Lena', channel: 'webchat', assignee: 'me' });
    expect(filtersFromQuery('')).toEqual({});
  });

  it('writes the filters into the address, keeping the language and the open conversation', () => {
    const query = queryWithFilters({ q: 'order 42', label: 'vip', tier: '' }, '?lang=en&conversation=c1&channel=telegram');
    const params = new URLSearchParams(query);
    expect(params.get('lang')).toBe('en');
    expect(params.get('conversation')).toBe('c1');
    expect(params.get('q')).toBe('order 42');
    expect(params.get('label')).toBe('vip');
    expect(params.has('channel')).toBe(false);
    expect(params.has('tier')).toBe(false);
    expect(queryWithFilters({}, '?channel=webchat')).toBe('');
  });

  it('survives the round trip through the address', () => {
    const filters = { q: '订单 123', channel: 'webchat', language: 'zh', tier: 'A', reason: 'angry', assignee: 'none', label: '紧急 vip' };
    expect(filtersFromQuery(queryWithFilters(filters, ''))).toEqual(filters);
  });

  it('asks the list for the tab with each filter', () => {
    const params = new URL(listPath('human', { q: 'a&b', channel: 'webchat', label: '' }), 'http://x').searchParams;
    expect(new URL(listPath('human', {}), 'http://x').pathname).toBe('/api/staff/conversations');
    expect(params.get('status')).toBe('human');
    expect(params.get('q')).toBe('a&b');
    expect(params.get('channel')).toBe('webchat');
    expect(params.has('label')).toBe(false);
  });

  it('counts and compares the filters that narrow the list', () => {
    expect(activeFilterCount({ q: ' ', channel: 'webchat', tier: 'B' })).toBe(2);
    expect(sameFilters({ q: 'x ' }, { q: 'x', label: '' })).toBe(true);
    expect(sameFilters({ q: 'x' }, { q: 'y' })).toBe(false);
  });
});

describe('queue row previews', () => {
  it('shows the message on one line, cut at a word with an ellipsis', () => {
    expect(previewText('Hello\n\n  where is   my order?')).toBe('Hello where is my order?');
    const long = 'word '.repeat(60);
    const preview = previewText(long, 40);
    expect(preview.endsWith('…')).toBe(true);
    expect([...preview].length).toBeLessThanOrEqual(41);
    expect(preview).not.toMatch(/ …$/);
  });

  it('cuts text without spaces (Chinese) at the limit', () => {
    expect(previewText('我的订单还没有到'.repeat(10), 10)).toBe('我的订单还没有到我的…');
  });
});

describe('queue rows kept current live', () => {
  const lists = {
    queued: [{ id: 'c1', unread: 2, labels: [], lastMessage: null, lastCustomerMessageAt: null }],
    human: [{ id: 'c2', unread: 0, labels: ['vip'] }],
  };

  it('counts a customer message as unread unless the reader looks at it', () => {
    const message = { conversationId: 'c1', author: 'customer', text: 'Hello?', createdAt: '2026-01-01T10:00:00.000Z' };
    const unseen = withLiveMessage(lists, message, false);
    expect(unseen.queued[0]).toMatchObject({ unread: 3, lastMessage: { text: 'Hello?', author: 'customer' }, lastCustomerMessageAt: message.createdAt });
    expect(unseen.human).toBe(lists.human);
    expect(withLiveMessage(lists, message, true).queued[0]?.unread).toBe(0);
  });

  it('previews a bot message without touching the unread count or the customer’s time', () => {
    const next = withLiveMessage(lists, { conversationId: 'c1', author: 'bot', text: 'One moment', createdAt: '2026-01-01T10:00:01.000Z' }, false);
    expect(next.queued[0]).toMatchObject({ unread: 2, lastMessage: { author: 'bot' }, lastCustomerMessageAt: null });
  });

  it('clears the unread badge and replaces the labels of one row', () => {
    expect(withoutUnread(lists, 'c1').queued[0]?.unread).toBe(0);
    expect(findRow(withLabels(lists, 'c2', ['late', 'vip']), 'c2')?.labels).toEqual(['late', 'vip']);
    expect(findRow(lists, 'nope')).toBeUndefined();
  });
});
