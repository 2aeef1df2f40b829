// The main console's browser code comes from this origin only (CSP script-src 'self'): Preact with
// htm from node_modules under /console/vendor/ (no other file of the packages), the shared kit
// under /assets/kit/, and the components beside the page.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';

describe('the console’s front-end files', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const get = async (path: string) => {
    const response = await fetch(`${t.baseUrl}${path}`);
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  };

  it('serves Preact, its hooks and htm in one ES module', async () => {
    const vendor = await get('/console/vendor/preact-htm.js');
    expect(vendor).toMatchObject({ status: 200, type: expect.stringMatching(/javascript/) });
    expect(vendor.body).toMatch(/export\s*\{[^}]*\bhtml\b[^}]*\buseState\b/);
  });

  it('serves no other file from node_modules', async () => {
    for (const path of ['/console/vendor/standalone.module.js', '/console/vendor/preact-htm.d.ts', '/console/vendor/package.json', '/console/vendor/..%2Fpackage.json']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it('serves the shared kit and the page’s modules, and the page loads only its entry module', async () => {
    for (const path of [
      '/assets/kit/i18n.js',
      '/assets/kit/api.js',
      '/assets/kit/live.js',
      '/assets/kit/format.js',
      '/console/app.js',
      '/console/components/console-app.js',
      '/console/state/console-store.js',
    ]) {
      expect(await get(path), path).toMatchObject({ status: 200, type: expect.stringMatching(/javascript/) });
    }
    const page = await get('/console/');
    expect(page.body).toContain('<script type="module" src="/console/app.js"></script>');
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });
});
