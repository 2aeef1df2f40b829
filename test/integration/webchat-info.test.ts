// GET /api/webchat/info: what the web chat page shows before a session, here the staff hours from
// STAFF_HOURS, STAFF_DAYS and STAFF_TIMEZONE.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

describe('web chat info', () => {
  let office: TestApp;
  let allDay: TestApp;
  beforeAll(async () => {
    [office, allDay] = await Promise.all([
      startTestApp({ env: { STAFF_HOURS: '08:30-17:00', STAFF_DAYS: '7,1-5', STAFF_TIMEZONE: 'Europe/Berlin' } }),
      startTestApp({ env: { STAFF_HOURS: '00:00-24:00' } }),
    ]);
  });
  afterAll(async () => {
    await office?.close();
    await allDay?.close();
  });

  it('gives the configured staff hours, weekdays and time zone without a session', async () => {
    expect(await getJson(`${office.baseUrl}/api/webchat/info`)).toEqual({
      status: 200,
      body: { staffHours: { opens: '08:30', closes: '17:00', days: [1, 2, 3, 4, 5, 7], timeZone: 'Europe/Berlin' } },
    });
  });

  it('gives hours around the clock as 00:00 to 24:00 every day, in the default zone', async () => {
    expect(await getJson(`${allDay.baseUrl}/api/webchat/info`)).toEqual({
      status: 200,
      body: { staffHours: { opens: '00:00', closes: '24:00', days: [1, 2, 3, 4, 5, 6, 7], timeZone: 'Asia/Shanghai' } },
    });
  });

  it('is documented in the OpenAPI document with its response schema', async () => {
    const doc = (await getJson(`${office.baseUrl}/docs/json`)).body as {
      paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }> } }>;
    };
    const schema = doc.paths['/api/webchat/info']?.get?.responses?.['200']?.content?.['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['staffHours']);
  });
});
