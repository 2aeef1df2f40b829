// The HTTP layer under attack: secrets in request logs, spoofed X-Forwarded-For with and without
// TRUST_PROXY, the global 429's readable message, rate-limit keys under REDIS_PREFIX, and the
// security headers every answer carries.

import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { roomInWindow } from '../support/rate-window.ts';

const ADMIN = { email: 'headers-admin@care.test', password: 'headers admin password' };

/** A pino destination that keeps every line, to read what the service logged. */
function memoryLog(): { lines: string[]; logger: pino.Logger } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

async function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers });
}

describe('request logs', () => {
  let t: TestApp;
  const log = memoryLog();

  beforeAll(async () => {
    t = await startTestApp({ logger: log.logger });
  });
  afterAll(async () => t?.close());

  it('never hold a query string or an authorization header', async () => {
    const secret = `secret-${randomUUID()}`;
    await get(t.baseUrl, `/api/webchat/history?token=${secret}`);
    await get(t.baseUrl, `/api/webchat/events?token=${secret}`);
    await get(t.baseUrl, '/api/webchat/history', { authorization: `Bearer ${secret}` });
    await fetch(`${t.baseUrl}/api/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@y.z', password: secret }) });
    await expect.poll(() => log.lines.filter((line) => line.includes('/api/webchat/history')).length).toBeGreaterThan(0);
    const all = log.lines.join('');
    expect(all).toContain('"url":"/api/webchat/history"');
    expect(all).not.toContain(secret);
  });

  it('say one line per request, once it is answered: method, path, status and time', async () => {
    const path = `/api/webchat/info`;
    const before = log.lines.length;
    expect((await get(t.baseUrl, `${path}?probe=${randomUUID()}`)).status).toBe(200);
    await expect.poll(() => log.lines.slice(before).filter((line) => line.includes(path)).length).toBe(1);
    const [line] = log.lines.slice(before).filter((l) => l.includes(path));
    const entry = JSON.parse(line!) as { msg: string; reqId: string; req: { method: string; url: string }; res: { statusCode: number }; responseTime: number };
    expect(entry).toMatchObject({ msg: 'request completed', req: { method: 'GET', url: path }, res: { statusCode: 200 } });
    expect(entry.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(entry.responseTime).toBeGreaterThan(0);
    expect(log.lines.join('')).not.toContain('incoming request');
  });

  it('hide a secret-looking field a log call is given', () => {
    const before = log.lines.length;
    t.app.server.log.warn({ token: 'tok-123', body: { password: 'pw-456', note: 'kept' }, headers: { cookie: 'c-789' } }, 'probe');
    const written = log.lines.slice(before).join('');
    expect(written).toContain('kept');
    for (const secret of ['tok-123', 'pw-456', 'c-789']) expect(written).not.toContain(secret);
    expect(written).toContain('[redacted]');
  });
});

describe('behind a proxy', () => {
  let direct: TestApp;
  let proxied: TestApp;

  beforeAll(async () => {
    direct = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    proxied = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  });
  afterAll(async () => {
    await direct?.close();
    await proxied?.close();
  });

  async function statuses(t: TestApp, forwardedFor: (i: number) => string): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) out.push((await get(t.baseUrl, '/api/webchat/info', { 'x-forwarded-for': forwardedFor(i) })).status);
    return out;
  }

  it('ignores a forged X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    // This test and the next count in the same one-minute window.
    await roomInWindow(60_000, 15_000);
    // Without TRUST_PROXY a client cannot escape its limit by inventing addresses.
    expect(await statuses(direct, (i) => `203.0.113.${i}`)).toEqual([200, 200, 200, 429, 429]);
    // Behind a trusted proxy each real client has its own limit.
    expect(await statuses(proxied, (i) => `203.0.113.${i}`)).toEqual([200, 200, 200, 200, 200]);
    expect(await statuses(proxied, () => '198.51.100.7')).toEqual([200, 200, 200, 429, 429]);
  });

  it('answers the global limit with a readable message in the error shape', async () => {
    const response = await get(direct.baseUrl, '/api/webchat/info', { 'x-forwarded-for': '192.0.2.1' });
    expect(response.status).toBe(429);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/too many requests; try again in \d+ s/);
  });

  it('keeps its rate-limit counters under REDIS_PREFIX', async () => {
    const redis = new Redis(inject('redisUrl'));
    try {
      const prefix = direct.app.config.REDIS_PREFIX;
      // Each instance adds its counts to Redis a few times a second.
      await expect.poll(() => redis.keys(`${prefix}ratelimit:*`)).not.toEqual([]);
      expect(await redis.keys('care:ratelimit:*')).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });

  it('marks the staff cookie Secure and sends HSTS when the trusted proxy terminated TLS', async () => {
    const login = (t: TestApp) =>
      fetch(`${t.baseUrl}/api/staff/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', 'x-forwarded-for': `192.0.2.${Math.floor(Math.random() * 200)}` },
        body: JSON.stringify(ADMIN),
      });
    const behindProxy = await login(proxied);
    expect(behindProxy.status).toBe(200);
    expect(behindProxy.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
    expect(behindProxy.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    // A client talking plain HTTP directly cannot claim TLS.
    const forged = await login(direct);
    expect(forged.headers.get('set-cookie') ?? '').not.toMatch(/;\s*Secure/i);
    expect(forged.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('security headers', () => {
  let t: TestApp;
  let framed: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    framed = await startTestApp({ env: { FRAME_ANCESTORS: 'https://shop.example.com' } });
  });
  afterAll(async () => {
    await t?.close();
    await framed?.close();
  });

  it.each(['/', '/console/', '/console/jobs', '/api/webchat/info', '/healthz', '/no-such-page'])('are on %s', async (path) => {
    const response = await get(t.baseUrl, path);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(response.headers.get('origin-agent-cluster')).toBe('?1');
    expect(response.headers.get('x-permitted-cross-domain-policies')).toBe('none');
    expect(response.headers.get('x-dns-prefetch-control')).toBe('off');
    expect(response.headers.get('x-xss-protection')).toBe('0');
    // Plain HTTP: no HSTS.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('let a configured site embed the web chat', async () => {
    const response = await get(framed.baseUrl, '/');
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors https://shop.example.com');
    expect(response.headers.get('x-frame-options')).toBeNull();
  });
});
