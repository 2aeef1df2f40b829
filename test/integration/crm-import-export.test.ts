// CSV import and export over the real HTTP server, on SQLite and PostgreSQL: customers upserted by
// external id, phone (any spelling) or email, orders matched to their customer by each key, every
// bad cell reported by line and column while nothing is written, dry runs that write nothing,
// progress polled by the import's id, supervisors only, audited; exports filtered like the list,
// with a byte-order mark, formula-guarded cells, streamed for thousands of rows, importing back as
// they are. And `npm run import` (the script) on a SQLite file.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlDatabase } from '../../src/store/database.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';

const ADMIN = { email: 'csv-admin@care.test', password: 'csv admin password long' };
const BOM = '\uFEFF';

interface Rejection {
  line: number;
  field: string;
  message: string;
}
interface Summary {
  importId: string;
  dryRun: boolean;
  written: boolean;
  rows: number;
  imported: number;
  updated: number;
  rejected: Rejection[];
  rejectedTotal: number;
  ignoredColumns: string[];
  error?: { code: string; message: string };
}

/** Uploads a CSV file as the console does: the session cookie, the CSRF token, Content-Type text/csv. */
async function upload(
  client: StaffClient,
  kind: 'customers' | 'orders',
  csv: string | Buffer,
  query = '',
  options: { csrf?: boolean; contentType?: string } = {},
): Promise<{ status: number; body: Summary }> {
  const headers: Record<string, string> = { cookie: client.cookie, 'content-type': options.contentType ?? 'text/csv; charset=utf-8' };
  if (options.csrf !== false) headers['x-csrf-token'] = client.csrfToken;
  const response = await fetch(`${client.baseUrl}/api/staff/imports/${kind}${query}`, { method: 'POST', headers, body: typeof csv === 'string' ? csv : new Uint8Array(csv) });
  return { status: response.status, body: (await response.json()) as Summary };
}

async function download(client: StaffClient, path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${client.baseUrl}${path}`, { headers: { cookie: client.cookie } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

function records(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
}

/** A prefix of its own for each test's external ids, so tests sharing an app never touch each other's cards. */
function ids(): (n: number | string) => string {
  const prefix = `T${randomUUID().slice(0, 8)}`;
  return (n) => `${prefix}-${n}`;
}

/** A Chinese mobile number of its own per call, written plainly (138xxxxxxxx). */
function mobile(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('CSV import and export on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;
  const db = () => t.app.database.db;

  beforeAll(async () => {
    t = await startTestApp({ store, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sabine');
    agent = await admin.createStaff('agent', 'Arno');
  });
  afterAll(async () => t?.close());

  it('imports customers from a file with or without a byte-order mark, phones and emails normalised, fields confirmed by the import, audited', async () => {
    const id = ids();
    const [p1, p2] = [mobile(), mobile()];
    const csv = `external_id,name,phone,email,birthday,country,timezone,locale,loyalty_points\r\n${id(1)},王芳,${p1.slice(0, 3)} ${p1.slice(3, 7)} ${p1.slice(7)},Wang.Fang@Example.CN,1988-03-21,cn,Asia/Shanghai,zh-CN,120\r\n`;
    const withBom = await upload(supervisor, 'customers', `${BOM}${csv}`);
    expect(withBom).toMatchObject({ status: 200, body: { written: true, rows: 1, imported: 1, updated: 0, rejected: [], ignoredColumns: ['loyalty_points'] } });
    const plain = await upload(supervisor, 'customers', `name,email,external_id,phone\n"Emma Walker, Jr.",emma@example.com,${id(2)},+86 ${p2.slice(0, 3)}-${p2.slice(3, 7)}-${p2.slice(7)}\n`);
    expect(plain).toMatchObject({ status: 200, body: { imported: 1, updated: 0 } });

    const wang = await db().customer.findUniqueOrThrow({ where: { externalId: id(1) } });
    expect(wang).toMatchObject({ name: '王芳', phone: `+86${p1}`, email: 'wang.fang@example.cn', country: 'CN', timezone: 'Asia/Shanghai', locale: 'zh', phoneVerifiedAt: null });
    expect(wang.birthday?.toISOString()).toBe('1988-03-21T00:00:00.000Z');
    const confirmed = JSON.parse(wang.fieldConfirmations) as Record<string, { by: string }>;
    for (const field of ['name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale']) expect(confirmed[field]?.by).toBe('import');
    const emma = await db().customer.findUniqueOrThrow({ where: { externalId: id(2) } });
    // Not in the file: the country comes from the phone, the language from the country, both as guesses.
    expect(emma).toMatchObject({ name: 'Emma Walker, Jr.', phone: `+86${p2}`, country: 'CN', locale: 'zh' });
    expect((JSON.parse(emma.fieldConfirmations) as Record<string, { by: string }>).country?.by).toBe('inferred');

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'customers.imported', entityId: withBom.body.importId } });
    expect(audit).toMatchObject({ actorType: 'staff', actorId: supervisor.staff!.id, entity: 'Import' });
    expect(JSON.parse(audit.details)).toMatchObject({ rows: 1, imported: 1, updated: 0, via: 'console' });
  });

  it('upserts by external id, by a phone written another way, and by an email in other letter case; an empty cell keeps the card’s value', async () => {
    const id = ids();
    const [p1, p2, p3] = [mobile(), mobile(), mobile()];
    await upload(supervisor, 'customers', `external_id,name,phone,email,birthday\n${id(1)},李娜,${p1},,1990-01-02\n,张伟,${p2},\n,Chloe Tan,,chloe.${id(3)}@example.com\n`);
    const before = await db().customer.count();
    const again = await upload(
      supervisor,
      'customers',
      [
        'external_id,name,phone,email,birthday',
        `${id(1)},李娜娜,,li.na@example.cn,`,
        `,张伟 (VIP),0086 ${p2},,`,
        `,Chloe Tan-Lee,,CHLOE.${id(3).toUpperCase()}@EXAMPLE.COM,`,
        `${id(4)},New Person,${p3},,`,
      ].join('\n'),
    );
    expect(again).toMatchObject({ status: 200, body: { imported: 1, updated: 3, rejected: [] } });
    expect(await db().customer.count()).toBe(before + 1);
    const li = await db().customer.findUniqueOrThrow({ where: { externalId: id(1) } });
    expect(li).toMatchObject({ name: '李娜娜', phone: `+86${p1}`, email: 'li.na@example.cn' });
    expect(li.birthday?.toISOString().slice(0, 10)).toBe('1990-01-02');
    const zhang = await db().customer.findMany({ where: { phone: `+86${p2}` } });
    expect(zhang.map((c) => c.name)).toEqual(['张伟 (VIP)']);
    expect(await db().customer.findMany({ where: { email: `chloe.${id(3)}@example.com`.toLowerCase() }, select: { name: true } })).toEqual([{ name: 'Chloe Tan-Lee' }]);

    // An external id nobody has yet takes the card found by phone when that card has none; a card
    // with another external id is another person in the shop's system.
    const adopted = await upload(supervisor, 'customers', `external_id,phone,name\n${id(5)},+86 ${p2},张伟\n${id(6)},${p1},Li Twin\n`);
    expect(adopted).toMatchObject({ status: 200, body: { imported: 1, updated: 1 } });
    expect(await db().customer.findUniqueOrThrow({ where: { externalId: id(5) } })).toMatchObject({ id: zhang[0]!.id });
    expect(await db().customer.count({ where: { phone: `+86${p1}` } })).toBe(2);
  });

  it('rejects bad cells with their line, column and reason and writes nothing at all; a dry run counts and writes nothing', async () => {
    const id = ids();
    const good = mobile();
    const before = await db().customer.count();
    const csv = [
      'external_id,name,phone,email,birthday,country,timezone,locale',
      `${id(1)},Good Row,${good},good@example.com,1980-05-05,CN,Asia/Shanghai,en`,
      `${id(2)},Bad Phone,12345,,,,,`,
      `${id(3)},Bad Email,,not-an-email,,,,`,
      `${id(4)},Bad Date,,,1980-02-30,,,`,
      `${id(5)},Bad Zone,,,,XX,Mars/Olympus,fr`,
      `,No Key,,,,,,`,
      `${id(1)},Twice,,,,,,`,
    ].join('\n');
    const answer = await upload(supervisor, 'customers', csv);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ written: false, imported: 0, updated: 0, rows: 7, error: { code: 'rows_rejected' } });
    expect(answer.body.rejected.map((r) => [r.line, r.field])).toEqual([
      [3, 'phone'],
      [4, 'email'],
      [5, 'birthday'],
      [6, 'country'],
      [6, 'timezone'],
      [6, 'locale'],
      [7, 'external_id'],
      [8, 'external_id'],
    ]);
    expect(answer.body.rejected[0]!.message).toContain('"12345" is not a phone number');
    expect(answer.body.rejected[7]!.message).toContain('line 2');
    expect(answer.body.rejectedTotal).toBe(8);
    expect(await db().customer.count()).toBe(before);
    expect(await db().customer.findUnique({ where: { externalId: id(1) } })).toBeNull();

    const dry = await upload(supervisor, 'customers', `external_id,name,phone\n${id(1)},Good Row,${good}\n`, '?dryRun=true');
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, written: false, imported: 1, updated: 0, rejected: [] } });
    expect(await db().customer.count()).toBe(before);
    const dryBad = await upload(supervisor, 'customers', csv, '?dryRun=true');
    expect(dryBad.status).toBe(422);
    expect(dryBad.body.rejected).toEqual(answer.body.rejected);
    expect(await db().auditLog.count({ where: { entityId: { in: [dry.body.importId, answer.body.importId] } } })).toBe(0);
  });

  it('refuses a file it cannot read as a whole: a missing column, not UTF-8, not CSV, empty', async () => {
    const missing = await upload(supervisor, 'orders', 'order_number,customer_external_id,currency\nJD1,C1,CNY\n');
    expect(missing).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    expect(missing.body.error!.message).toContain('amount, placed_at');
    const noKey = await upload(supervisor, 'customers', 'name,birthday\nX,1990-01-01\n');
    expect(noKey.body.error!.message).toContain('external_id, phone, email');
    // "王芳" in GBK, as Excel saves a CSV by default on a Chinese Windows.
    const gbk = Buffer.concat([Buffer.from('external_id,name\nG1,'), Buffer.from([0xcd, 0xf5, 0xb7, 0xbc]), Buffer.from('\n')]);
    const notUtf8 = await upload(supervisor, 'customers', gbk);
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.body.error!.message).toContain('not UTF-8');
    const unclosed = await upload(supervisor, 'customers', 'external_id,name\nQ1,"never closed\n');
    expect(unclosed).toMatchObject({ status: 400 });
    expect(unclosed.body.error!.message).toContain('not valid CSV');
    expect((await upload(supervisor, 'customers', '')).status).toBe(400);
    expect((await upload(supervisor, 'customers', '{"a":1}', '', { contentType: 'application/json' })).status).toBe(415);
  });

  it('imports orders matched by external id, phone in another spelling or email, amounts exact to the cent; unknown customers and repeated numbers rejected', async () => {
    const id = ids();
    const phone = mobile();
    await upload(supervisor, 'customers', `external_id,name,phone,email\n${id(1)},Order Person,${phone},buyer.${id(1)}@example.com\n`);
    const owner = await db().customer.findUniqueOrThrow({ where: { externalId: id(1) } });
    const n = (k: number) => `JD${id(k).replace(/\W/g, '')}`;
    const csv = [
      'order_number,customer_external_id,customer_phone,customer_email,amount,currency,placed_at,status,items',
      `${n(1)},${id(1)},,,59.9,CNY,2026-11-28T14:03:00+08:00,completed,1 × 牛奶`,
      `${n(2)},,+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)},,0.29,,2026-11-29,,`,
      `${n(3)},,,BUYER.${id(1).toUpperCase()}@EXAMPLE.COM,1299.00,usd,2026-11-30T00:00:00Z,Shipped,2 × kettle`,
    ].join('\n');
    const answer = await upload(supervisor, 'orders', csv);
    expect(answer).toMatchObject({ status: 200, body: { imported: 3, updated: 0, rejected: [] } });
    const orders = await db().order.findMany({ where: { customerId: owner.id }, orderBy: { number: 'asc' } });
    expect(orders.map((o) => [o.number, o.amountCents, o.currency, o.status, o.items, o.source])).toEqual([
      [n(1), 5990, 'CNY', 'completed', '1 × 牛奶', 'import'],
      [n(2), 29, 'CNY', 'placed', '', 'import'],
      [n(3), 129900, 'USD', 'shipped', '2 × kettle', 'import'],
    ]);
    expect(orders[0]!.placedAt.toISOString()).toBe('2026-11-28T06:03:00.000Z');

    const update = await upload(supervisor, 'orders', `order_number,customer_external_id,amount,placed_at,status\n${n(1)},${id(1)},59.90,2026-11-28T14:03:00+08:00,refunded\n`);
    expect(update).toMatchObject({ status: 200, body: { imported: 0, updated: 1 } });
    expect(await db().order.findUniqueOrThrow({ where: { number: n(1) } })).toMatchObject({ status: 'refunded', amountCents: 5990 });

    const bad = await upload(
      supervisor,
      'orders',
      [
        'order_number,customer_external_id,customer_phone,amount,placed_at',
        `${n(4)},${id(99)},,10,2026-11-01`,
        `${n(5)},,+86 139 0000 0000,10,2026-11-01`,
        `${n(6)},${id(1)},,12.345,2026-11-01`,
        `${n(6)},${id(1)},,-3,yesterday`,
        `${n(7)},${id(1)},,10,2026-11-01`,
      ].join('\n'),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.rejected.map((r) => [r.line, r.field])).toEqual([
      [2, 'customer_external_id'],
      [3, 'customer_phone'],
      [4, 'amount'],
      [5, 'amount'],
      [5, 'placed_at'],
    ]);
    expect(await db().order.findUnique({ where: { number: n(7) } })).toBeNull();
  });

  it('lets only supervisors and admins import and export, with the CSRF token, and shows the progress to whoever started it', async () => {
    const id = ids();
    expect((await upload(agent, 'customers', `external_id,name\n${id(1)},x\n`)).status).toBe(403);
    expect((await upload(supervisor, 'customers', `external_id,name\n${id(1)},x\n`, '', { csrf: false })).status).toBe(403);
    expect((await download(agent, '/api/staff/exports/customers.csv')).status).toBe(403);
    expect(await db().customer.findUnique({ where: { externalId: id(1) } })).toBeNull();

    const importId = randomUUID();
    const done = await upload(supervisor, 'customers', `external_id,name\n${id(2)},Progress Person\n`, `?importId=${importId}`);
    expect(done.body.importId).toBe(importId);
    const progress = await supervisor.get<{ import: { phase: string; rowsRead: number; summary: Summary } }>(`/api/staff/imports/${importId}`);
    expect(progress).toMatchObject({ status: 200, body: { import: { phase: 'done', rowsRead: 1, summary: { imported: 1 } } } });
    expect((await admin.get(`/api/staff/imports/${importId}`)).status).toBe(200);
    const other = await admin.createStaff('supervisor', 'Otto');
    expect((await other.get(`/api/staff/imports/${importId}`)).status).toBe(404);
    expect((await upload(supervisor, 'customers', `external_id,name\n${id(3)},Again\n`, `?importId=${importId}`)).status).toBe(409);
  });

  it('exports what the filters show, with a byte-order mark and formula-guarded cells, audited; the file imports back unchanged', async () => {
    const id = ids();
    const tag = `tag-${id(0)}`;
    const phone = mobile();
    await upload(
      admin,
      'customers',
      [
        'external_id,name,phone,email',
        `${id(1)},"=HYPERLINK(""http://evil.example"",""click"")",${phone},one.${id(1)}@example.com`,
        `${id(2)},@SUM(A1:A9),,two.${id(2)}@example.com`,
        `${id(3)},-2+3,,three.${id(3)}@example.com`,
        `${id(4)},王小明,,four.${id(4)}@example.com`,
      ].join('\n'),
    );
    await db().customer.updateMany({ where: { externalId: { in: [id(1), id(2), id(3)] } }, data: { tags: JSON.stringify([tag, 'other']) } });
    await db().customer.update({ where: { externalId: id(1) }, data: { tier: 'A' } });

    const file = await download(supervisor, `/api/staff/exports/customers.csv?tag=${encodeURIComponent(tag)}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="customers-\d{8}-\d{4}\.csv"$/);
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = records(file.bytes);
    expect(rows.map((r) => r.external_id).sort()).toEqual([id(1), id(2), id(3)]);
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    expect(byId.get(id(1))).toMatchObject({ name: `'=HYPERLINK("http://evil.example","click")`, phone: `'+86${phone}`, tier: 'A', tags: `${tag}; other` });
    expect(byId.get(id(2))!.name).toBe("'@SUM(A1:A9)");
    expect(byId.get(id(3))!.name).toBe("'-2+3");

    const filtered = records((await download(supervisor, `/api/staff/exports/customers.csv?tag=${encodeURIComponent(tag)}&tier=A`)).bytes);
    expect(filtered.map((r) => r.external_id)).toEqual([id(1)]);
    const byPhone = records((await download(supervisor, `/api/staff/exports/customers.csv?q=${encodeURIComponent(`0086 ${phone.slice(0, 3)} ${phone.slice(3)}`)}`)).bytes);
    expect(byPhone.map((r) => r.external_id)).toEqual([id(1)]);
    const chinese = records((await download(supervisor, `/api/staff/exports/customers.csv?q=${encodeURIComponent('王小明')}`)).bytes);
    expect(chinese.map((r) => r.name)).toContain('王小明');

    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'customers.exported', actorId: supervisor.staff!.id, details: { contains: `"tier":"A"` } } });
    expect(JSON.parse(audit.details)).toEqual({ filter: { tag, tier: 'A' }, rows: 1 });

    // What was exported imports back as it was: every row updates its own card, nothing changes.
    const back = await upload(admin, 'customers', file.bytes, '?dryRun=true');
    expect(back).toMatchObject({ status: 200, body: { imported: 0, updated: 3, rejected: [] } });
    await upload(admin, 'customers', file.bytes);
    expect((await db().customer.findUniqueOrThrow({ where: { externalId: id(1) } })).name).toBe('=HYPERLINK("http://evil.example","click")');
  });

  it('streams an export of thousands of customers and their orders page by page', async () => {
    const id = ids();
    const count = 5000;
    const customers = ['external_id,name', ...Array.from({ length: count }, (_, i) => `${id(i)},客户 ${i}`)].join('\n');
    expect(await upload(admin, 'customers', customers)).toMatchObject({ status: 200, body: { imported: count } });
    const orders = ['order_number,customer_external_id,amount,placed_at', ...Array.from({ length: count }, (_, i) => `${id(`o${i}`)},${id(i)},${i}.5,2026-10-01T08:00:00+08:00`)].join('\n');
    expect(await upload(admin, 'orders', orders)).toMatchObject({ status: 200, body: { imported: count } });
    const tag = `bulk-${id(0)}`;
    await db().customer.updateMany({ where: { externalId: { startsWith: id('') } }, data: { tags: JSON.stringify([tag]) } });

    const file = await download(admin, `/api/staff/exports/customers.csv?tag=${tag}`);
    expect(file.headers.get('content-length')).toBeNull();
    const rows = records(file.bytes);
    expect(rows).toHaveLength(count);
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(count);
    const orderFile = records((await download(admin, `/api/staff/exports/orders.csv?tag=${tag}`)).bytes);
    expect(orderFile).toHaveLength(count);
    expect(orderFile.find((o) => o.order_number === id('o7'))).toMatchObject({ customer_external_id: id(7), amount: '7.50', currency: 'CNY', placed_at: '2026-10-01T00:00:00.000Z' });
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: 'orders.exported', details: { contains: tag } } });
    expect(JSON.parse(audit.details)).toMatchObject({ rows: count });
  });
});

describe('npm run import (the script) on a SQLite file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'care-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function runCli(args: string[], databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' };
    delete env.REDIS_URL;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('migrates the database, imports with progress lines and the same summary as the API, and writes nothing on a dry run or a rejected row', async () => {
    const databaseUrl = `file:${join(dir, 'cli.db')}`;
    const customers = join(dir, 'customers.csv');
    writeFileSync(customers, `${BOM}external_id,name,phone\nK1,陈静,138 0013 8000\nK2,Jack Parker,+1 415 555 0123\n`);
    const orders = join(dir, 'orders.csv');
    writeFileSync(orders, 'order_number,customer_external_id,customer_phone,amount,placed_at\nTB1,K1,,88.00,2026-11-01T10:00:00+08:00\nTB2,,13800138000,12.90,2026-11-02\n');

    const dry = await runCli(['customers', customers, '--dry-run', '--json'], databaseUrl);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, written: false, imported: 2, updated: 0 });
    expect(dry.stderr).toContain('reading');

    const done = await runCli(['customers', customers, '--json'], databaseUrl);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ kind: 'customers', written: true, rows: 2, imported: 2, updated: 0, rejected: [] });
    const text = await runCli(['orders', orders], databaseUrl);
    expect(text).toMatchObject({ code: 0 });
    expect(text.stdout).toContain('imported 2, updated 0');
    const rejected = await runCli(['orders', orders.replace('orders.csv', 'bad.csv')], databaseUrl);
    expect(rejected.code).toBe(2);
    writeFileSync(join(dir, 'bad.csv'), 'order_number,customer_external_id,amount,placed_at\nTB3,K1,1,2026-11-01\nTB4,NOPE,1,2026-11-01\n');
    const refused = await runCli(['orders', join(dir, 'bad.csv')], databaseUrl);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('line 3, customer_external_id: no customer has external id NOPE');
    expect((await runCli(['people', customers], databaseUrl)).code).toBe(2);

    const { sql } = await openSqlDatabase(databaseUrl);
    try {
      const cards = await sql.query<{ externalId: string; phone: string; country: string }>('SELECT "externalId", "phone", "country" FROM "Customer" ORDER BY "externalId"');
      expect(cards).toEqual([
        { externalId: 'K1', phone: '+8613800138000', country: 'CN' },
        { externalId: 'K2', phone: '+14155550123', country: 'US' },
      ]);
      expect(await sql.query('SELECT "number", "amountCents" FROM "Order" ORDER BY "number"')).toEqual([
        { number: 'TB1', amountCents: 8800 },
        { number: 'TB2', amountCents: 1290 },
      ]);
      const audit = await sql.query<{ action: string; actorType: string; actorId: string }>(
        `SELECT "action", "actorType", "actorId" FROM "AuditLog" WHERE "action" LIKE '%.imported' ORDER BY "action"`,
      );
      expect(audit).toEqual([
        { action: 'customers.imported', actorType: 'system', actorId: 'cli' },
        { action: 'orders.imported', actorType: 'system', actorId: 'cli' },
      ]);
    } finally {
      await sql.close();
    }
  });
});
