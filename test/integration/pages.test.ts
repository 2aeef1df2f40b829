// The pages the service serves (web chat, staff console, follow-ups view) share one <head> and one
// stylesheet of design tokens and base styles, served once at /assets/base.css.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const get = async (path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  };

  it.each(['/', '/console/', '/console/jobs.html'])('serves %s with the shared head, before the page’s own stylesheet', async (path) => {
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.body).not.toContain('<!-- shared head -->');
    expect(page.body).toContain('<meta name="color-scheme" content="light dark">');
    const base = page.body.indexOf('<link rel="stylesheet" href="/assets/base.css">');
    expect(base).toBeGreaterThan(0);
    expect(page.body.indexOf('styles.css"', base)).toBeGreaterThan(base);
  });

  it('serves the shared stylesheet, and each page’s own stylesheet without the tokens again', async () => {
    const base = await get('/assets/base.css');
    expect(base).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/css/) });
    expect(base.body).toContain('--accent:');
    for (const path of ['/styles.css', '/console/styles.css']) {
      const own = await get(path);
      expect(own.status).toBe(200);
      expect(own.body).not.toContain('--accent:');
      expect(own.body).not.toContain('.sr-only');
    }
  });

  it('never serves a page without its head filled in', async () => {
    for (const path of ['/index.html', '/console/index.html']) {
      const page = await get(path);
      expect(page.body).not.toContain('<!-- shared head -->');
    }
  });
});
