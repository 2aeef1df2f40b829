// Who may read the metrics (src/metrics/scrape-access.ts): loopback without a token, the bearer
// token alone once one is set, never a client behind a proxy on the loopback rule.

import { describe, expect, it } from 'vitest';
import { isForwarded, isLoopback, scrapeAccess } from '../../src/metrics/scrape-access.ts';

const TOKEN = 'a-metrics-token-of-some-length';
const from = (socketAddress: string | undefined, authorization?: string, forwarded = false) => ({ socketAddress, authorization, forwarded });

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1'])('counts %s as loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.1', '::ffff:10.0.0.1', '203.0.113.7', '2001:db8::1', '::', '0.0.0.0', '127.0.0.1.evil', 'localhost', '', undefined])('does not count %s', (address) => {
    expect(isLoopback(address)).toBe(false);
  });
});

describe('scrapeAccess without METRICS_TOKEN', () => {
  it('lets a loopback client in', () => {
    expect(scrapeAccess(from('127.0.0.1'), undefined)).toEqual({ allowed: true });
    expect(scrapeAccess(from('::1', 'Bearer anything'), undefined)).toEqual({ allowed: true });
  });

  it('refuses another address, and a loopback socket relaying a proxied client, with 403', () => {
    for (const request of [from('203.0.113.7'), from('203.0.113.7', `Bearer ${TOKEN}`), from('127.0.0.1', undefined, true), from(undefined)]) {
      expect(scrapeAccess(request, undefined)).toMatchObject({ allowed: false, status: 403, code: 'forbidden' });
    }
  });
});

describe('scrapeAccess with METRICS_TOKEN', () => {
  it('lets the right bearer token in from anywhere', () => {
    expect(scrapeAccess(from('203.0.113.7', `Bearer ${TOKEN}`), TOKEN)).toEqual({ allowed: true });
    expect(scrapeAccess(from('10.0.0.1', `bearer   ${TOKEN}`, true), TOKEN)).toEqual({ allowed: true });
  });

  it('answers a wrong token (longer, shorter, different) with 401', () => {
    for (const presented of [`${TOKEN}x`, TOKEN.slice(1), 'x'.repeat(TOKEN.length)]) {
      expect(scrapeAccess(from('203.0.113.7', `Bearer ${presented}`), TOKEN)).toMatchObject({ allowed: false, status: 401, code: 'unauthorized' });
    }
  });

  it('asks a client without the token for it with 401, loopback included', () => {
    for (const request of [from('203.0.113.7'), from('127.0.0.1'), from('127.0.0.1', `Basic ${TOKEN}`)]) {
      expect(scrapeAccess(request, TOKEN)).toMatchObject({ allowed: false, status: 401, code: 'unauthorized' });
    }
  });
});

describe('isForwarded', () => {
  it('sees the headers a proxy adds', () => {
    expect(isForwarded({})).toBe(false);
    expect(isForwarded({ 'x-forwarded-for': '203.0.113.7' })).toBe(true);
    expect(isForwarded({ forwarded: 'for=203.0.113.7' })).toBe(true);
    expect(isForwarded({ 'x-real-ip': '203.0.113.7' })).toBe(true);
  });
});
