// Live streams under attack (issue 12, finding 4): one client opening streams without end, many
// clients together, and a client that connects and never reads. Streams are counted per web chat
// session (SSE_MAX_PER_SESSION), per client network (SSE_MAX_PER_IP) and per process
// (SSE_MAX_TOTAL); a reader that falls behind is dropped instead of growing the server's memory.
// Clients come from different loopback addresses (127.0.0.x) to stand for different networks.

import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'root@care.test', password: 'quiet otter harbour 9137 lantern' };

interface OpenedStream {
  status: number;
  /** The error answer when the stream was refused. */
  error?: { code: string; message: string };
  response: IncomingMessage;
  close(): void;
}

const opened: OpenedStream[] = [];
const apps: TestApp[] = [];

afterEach(async () => {
  for (const stream of opened.splice(0)) stream.close();
  for (const app of apps.splice(0)) await app.close();
});

async function start(env: Record<string, string>): Promise<TestApp> {
  const app = await startTestApp({ env });
  apps.push(app);
  return app;
}

/** Opens a stream from `from` (a loopback address standing for one client network); resolves once the first event arrived or it was refused. */
function openStream(url: string, options: { from?: string; cookie?: string } = {}): Promise<OpenedStream> {
  return new Promise((resolve, reject) => {
    let request: ClientRequest | undefined = undefined;
    request = get(url, { localAddress: options.from ?? '127.0.0.1', headers: options.cookie ? { cookie: options.cookie } : {} }, (response) => {
      const close = () => {
        response.destroy();
        request?.destroy();
      };
      let text = '';
      response.setEncoding('utf8');
      const onData = (chunk: string) => {
        text += chunk;
        if (response.statusCode === 200 && /\nevent: (status|ready)\n/.test(`\n${text}`)) {
          response.off('data', onData);
          const stream = { status: 200, response, close };
          opened.push(stream);
          resolve(stream);
        }
      };
      response.on('data', onData);
      response.on('end', () => {
        if (response.statusCode === 200) return;
        const body = JSON.parse(text) as { error: { code: string; message: string } };
        resolve({ status: response.statusCode ?? 0, error: body.error, response, close });
      });
    });
    request.on('error', reject);
  });
}

async function customerStream(t: TestApp, customer: WebchatCustomer, from?: string): Promise<OpenedStream> {
  return openStream(await customer.eventsUrl(), from ? { from } : {});
}

function newCustomer(t: TestApp): Promise<WebchatCustomer> {
  return new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
}

describe('caps on live streams', () => {
  it('one web chat session may hold SSE_MAX_PER_SESSION streams; the next gets 429, and a closed one frees its place', async () => {
    const t = await start({ SSE_MAX_PER_SESSION: '2' });
    const customer = await newCustomer(t);
    const first = await customerStream(t, customer);
    expect((await customerStream(t, customer)).status).toBe(200);
    const third = await customerStream(t, customer);
    expect(third.status).toBe(429);
    expect(third.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/chat session already has 2 live connections/) });
    // The old ?token= way counts the same.
    expect((await openStream(`${t.baseUrl}/api/webchat/events?token=${encodeURIComponent(customer.token)}`)).status).toBe(429);
    // Another session is not affected.
    expect((await customerStream(t, await newCustomer(t))).status).toBe(200);

    first.close();
    await expect.poll(async () => (await customerStream(t, customer)).status, { timeout: 10_000 }).toBe(200);
  });

  it('one client network may hold SSE_MAX_PER_IP streams across sessions and the console; the next gets 429', async () => {
    const t = await start({ SSE_MAX_PER_IP: '3', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    for (let i = 0; i < 3; i += 1) expect((await customerStream(t, await newCustomer(t), '127.0.0.2')).status).toBe(200);
    const refused = await customerStream(t, await newCustomer(t), '127.0.0.2');
    expect(refused.status).toBe(429);
    expect(refused.error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/your network already has 3 live connections/) });
    const admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    expect((await openStream(`${t.baseUrl}/api/staff/events`, { from: '127.0.0.2', cookie: admin.cookie })).status).toBe(429);
    // Other networks are not affected.
    expect((await customerStream(t, await newCustomer(t), '127.0.0.3')).status).toBe(200);
    expect((await openStream(`${t.baseUrl}/api/staff/events`, { from: '127.0.0.4', cookie: admin.cookie })).status).toBe(200);
  });

  it('past SSE_MAX_TOTAL streams in the process, anyone gets 503', async () => {
    const t = await start({ SSE_MAX_TOTAL: '2' });
    expect((await customerStream(t, await newCustomer(t), '127.0.0.5')).status).toBe(200);
    expect((await customerStream(t, await newCustomer(t), '127.0.0.6')).status).toBe(200);
    const refused = await customerStream(t, await newCustomer(t), '127.0.0.7');
    expect(refused.status).toBe(503);
    expect(refused.error).toEqual({ code: 'unavailable', message: expect.stringMatching(/as many live connections open as it can take/) });
  });
});

describe('back-pressure', () => {
  it('drops a client that stops reading once its unsent events pass the bound, freeing its place', async () => {
    const t = await start({ SSE_MAX_TOTAL: '1' });
    const customer = await newCustomer(t);
    expect((await customer.send('hello')).status).toBe(200);
    const conversation = await t.app.database.db.conversation.findFirstOrThrow({ where: { customerId: customer.customerId } });
    const stalled = await customerStream(t, customer);
    // Connected, then never reads again: the socket's buffers fill and stay full.
    stalled.response.pause();
    expect((await customerStream(t, customer)).status).toBe(503);

    // Live events keep coming for the stalled reader (a bot writing long replies).
    const draft = { type: 'draft', text: 'x'.repeat(64 * 1024), author: 'bot' } as const;
    let freed = false;
    for (let round = 0; round < 200 && !freed; round += 1) {
      await t.app.events.publish(conversation.id, ...Array.from({ length: 16 }, () => draft));
      const probe = await customerStream(t, customer);
      probe.close();
      freed = probe.status === 200;
    }
    // Without back-pressure the server would buffer all of it (200 MB) for the reader and keep its place.
    expect(freed, 'the stalled reader was dropped and its place freed').toBe(true);
  });
});
