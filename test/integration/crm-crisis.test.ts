// The crisis signal end to end (seed 002: 确认, 控制, 解决): two weeks of past complaints written
// straight into the store give a keyword its baseline, a burst of complaints through the real web
// chat makes one detection pass signal it once, every open console hears of it, a webhook receiver
// gets crisis.detected, a supervisor confirms it with a holding statement the bot then tells a
// matching customer once (and a customer with another problem never), and closing the incident
// with an update plans it for the customers told. The report counts it all.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { SqlValue } from '../../src/store/sql/sql-driver.ts';
import { SseReader } from '../support/sse-reader.ts';
import { StaffClient } from '../support/staff-client.ts';
import { startTestApp, type StoreKind, type TestApp } from '../support/test-app.ts';
import { waitFor } from '../support/wait-for.ts';
import { said, WebchatCustomer } from '../support/webchat-client.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

const ADMIN = { email: 'crisis-admin@care.test', password: 'crisis admin password' };
const HOUR = 60 * 60_000;
/** One past complaint about kettles an hour for the baseline's two weeks: one expected per window. */
const BASELINE_CASES = 14 * 24;
const STATEMENT = {
  zh: '部分 Zephyr 电水壶的壶盖密封圈有缺陷，我们正在安排统一更换。',
  en: 'Some Zephyr kettles have a faulty lid seal; we are arranging free replacements for everyone affected.',
};
const UPDATE = { zh: '更换用的密封圈已经寄出，请留意快递。', en: 'The replacement seals have been shipped; watch for the parcel.' };

interface Signal {
  id: string;
  dimension: string;
  keyword?: string;
  category?: string;
  count: number;
  baseline: number;
  status: string;
  incidentId: string | null;
  burstWords?: string[];
}

interface Incident {
  id: string;
  signalId: string;
  keyword?: string;
  status: string;
  statement: { zh: string; en: string };
  confirmedBy: { name: string };
  updatesPlanned: number;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('crisis signal on %s', (store) => {
  let t: TestApp;
  let admin: StaffClient;
  let supervisor: StaffClient;
  let agent: StaffClient;
  let receiver: WebhookReceiver;
  let secret: string;
  let consoleStream: SseReader;
  let signal: Signal;
  let incident: Incident;
  let told: WebchatCustomer;

  beforeAll(async () => {
    receiver = await new WebhookReceiver().start();
    t = await startTestApp({
      store,
      env: {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // The webhook deliveries are worked where the follow-up worker runs.
        JOBS_IN_PROCESS: 'true',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
        WEBHOOKS_RETRY_BASE_MS: '50',
        // The test runs the passes itself.
        CRISIS_DETECT_INTERVAL_MS: '0',
        CRISIS_MIN_EXPECTED: '0.1',
      },
    });
    admin = await new StaffClient(t.baseUrl).signIn(ADMIN.email, ADMIN.password);
    supervisor = await admin.createStaff('supervisor', 'Sunny');
    agent = await admin.createStaff('agent', 'Ari');
    const endpoint = await admin.post<{ secret: string }>('/api/staff/webhooks', { url: receiver.url('/crisis'), events: ['crisis.detected'] });
    expect(endpoint.status).toBe(201);
    secret = endpoint.body.secret;
    await writeBaseline();
    consoleStream = await SseReader.open(`${t.baseUrl}/api/staff/events`, { cookie: agent.cookie, ready: 'ready' });
  });
  afterAll(async () => {
    consoleStream?.close();
    await t?.close();
    await receiver?.close();
  });

  async function insert(table: string, row: Record<string, SqlValue>): Promise<void> {
    const columns = Object.keys(row);
    await t.app.database.sql.execute(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row));
  }

  /** Past kettle complaints, one an hour over the two weeks before the window, and their keywords. */
  async function writeBaseline(): Promise<void> {
    const start = new Date(Date.now() - 15 * 24 * HOUR);
    await insert('Customer', { id: 'past-customer', name: 'Past', locale: 'en', createdAt: start, updatedAt: start });
    await insert('ChannelIdentity', { id: 'past-identity', channel: 'webchat', externalId: 'past', customerId: 'past-customer', createdAt: start });
    await insert('Conversation', {
      id: 'past-conversation',
      customerId: 'past-customer',
      identityId: 'past-identity',
      channel: 'webchat',
      locale: 'en',
      status: 'closed',
      lastMessageAt: start,
      createdAt: start,
      updatedAt: start,
    });
    await t.app.database.sql.transaction(async (tx) => {
      for (let i = 0; i < BASELINE_CASES; i++) {
        const at = new Date(Date.now() - 1.5 * HOUR - i * HOUR);
        const id = `past-case-${i}`;
        await tx.execute(
          `INSERT INTO "Case" ("id", "customerId", "conversationId", "category", "emotion", "status", "facts", "createdAt", "updatedAt") VALUES (?, 'past-customer', 'past-conversation', 'product_quality', 'annoyed', 'closed', '{}', ?, ?)`,
          [id, at, at],
        );
        await tx.execute('INSERT INTO "CaseKeyword" ("caseId", "keyword", "createdAt") VALUES (?, ?, ?)', [id, 'kettle', at]);
      }
    });
  }

  async function complain(text: string, name: string): Promise<{ customer: WebchatCustomer; first: string }> {
    const customer = await new WebchatCustomer(t.baseUrl).start({ name, locale: 'en' });
    const result = await customer.send(text);
    expect(result.status).toBe(200);
    return { customer, first: said(result) };
  }

  it('signals a burst of complaints about one keyword once, as one signal, and tells every console and the webhook receivers', async () => {
    for (let i = 0; i < 7; i++) await complain(`My Zephyr kettle is leaking from the lid, complaint number ${String.fromCharCode(97 + i)}`, `Burst ${i}`);
    const first = await t.app.crisis.detector.detect();
    const kettle = first?.find((s) => s.dimension === 'keyword' && s.key === 'kettle');
    expect(kettle).toMatchObject({ count: 7 });
    // One burst, one signal: its product ("Zephyr kettle"), its other words (zephyr, leak, lid) and
    // its category fold into the word most of it uses that customers used before.
    expect(first?.map((s) => `${s.dimension}:${s.key}`)).toEqual(['keyword:kettle']);
    // A second pass finds the same burst: the signal is updated, not made again.
    const second = await t.app.crisis.detector.detect();
    expect(second?.some((s) => s.key === 'kettle')).toBe(false);
    const rows = await t.app.database.sql.query<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "CrisisSignal" WHERE "dimension" = 'keyword' AND "key" = 'kettle'`);
    expect(Number(rows[0]!.n)).toBe(1);

    const live = await consoleStream.waitFor((e) => e.event === 'crisis' && (e.data as { signal?: { key?: string } }).signal?.key === 'kettle');
    expect(live.data).toMatchObject({ type: 'detected', signal: { id: kettle!.id, dimension: 'keyword', count: 7, expected: 1 } });

    const delivery = await waitFor('the crisis.detected delivery', async () => receiver.at('/crisis').find((d) => d.body.includes(kettle!.id)));
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as { type: string; data: Record<string, unknown> };
    expect(payload).toMatchObject({
      type: 'crisis.detected',
      data: { signalId: kettle!.id, dimension: 'keyword', key: 'kettle', expected: 1, keyword: 'kettle', category: 'product_quality', count: 7, baseline: 1 },
    });

    const list = await supervisor.get<{ signals: Signal[]; incidents: Incident[] }>('/api/staff/crises');
    expect(list.status).toBe(200);
    signal = list.body.signals.find((s) => s.id === kettle!.id)!;
    expect(signal).toMatchObject({ dimension: 'keyword', keyword: 'kettle', category: 'product_quality', count: 7, baseline: 1, status: 'new', incidentId: null });
    // The words most of the burst used: an incident reaches the complaints that share two of them.
    expect(signal.burstWords).toEqual(expect.arrayContaining(['kettle', 'zephyr', 'leak', 'lid']));
    expect(list.body.incidents).toEqual([]);
    expect((await agent.get('/api/staff/crises')).status).toBe(403);
  });

  it('confirms the signal as an incident with a holding statement, audited and announced', async () => {
    expect((await supervisor.request('POST', `/api/staff/crises/signals/${signal.id}/confirm`, { statement: STATEMENT }, { csrf: null })).status).toBe(403);
    expect((await supervisor.post(`/api/staff/crises/signals/${signal.id}/confirm`, { statement: { zh: STATEMENT.zh, en: ' ' } })).status).toBe(400);
    expect((await agent.post(`/api/staff/crises/signals/${signal.id}/confirm`, { statement: STATEMENT })).status).toBe(403);
    const confirmed = await supervisor.post<{ incident: Incident }>(`/api/staff/crises/signals/${signal.id}/confirm`, { title: 'Zephyr kettle lids', statement: STATEMENT });
    expect(confirmed.status).toBe(201);
    incident = confirmed.body.incident;
    expect(incident).toMatchObject({ signalId: signal.id, keyword: 'kettle', status: 'open', statement: STATEMENT, confirmedBy: { name: 'Sunny' } });
    expect((await supervisor.post(`/api/staff/crises/signals/${signal.id}/confirm`, { statement: STATEMENT })).status).toBe(409);
    expect((await supervisor.post(`/api/staff/crises/signals/${signal.id}/dismiss`)).status).toBe(409);
    await consoleStream.waitFor((e) => e.event === 'crisis' && (e.data as { change?: string }).change === 'confirmed');
    expect(await t.app.database.db.auditLog.count({ where: { action: 'crisis.confirmed', entityId: incident.id, actorId: supervisor.staff!.id } })).toBe(1);
    const list = await supervisor.get<{ signals: Signal[]; incidents: Incident[] }>('/api/staff/crises');
    expect(list.body.signals.find((s) => s.id === signal.id)).toMatchObject({ status: 'confirmed', incidentId: incident.id });
    expect(list.body.incidents.map((i) => i.id)).toEqual([incident.id]);
  });

  it('tells a matching customer the statement once, before the five steps carry on, and a customer with another problem nothing', async () => {
    const matching = await complain('The kettle I bought last week leaks all over the counter', 'Mia');
    told = matching.customer;
    expect(matching.first).toContain(STATEMENT.en);
    expect(matching.first).toMatch(/sorry/i); // step 1 still sets the atmosphere
    const next = await told.send('It is the Zephyr 2000 kettle');
    expect(said(next)).not.toContain(STATEMENT.en);
    const history = await told.history();
    expect(history.messages.filter((m) => m.text.includes(STATEMENT.en))).toHaveLength(1);

    const other = await complain('My parcel has not arrived after two weeks of waiting', 'Noah');
    expect(other.first).not.toContain(STATEMENT.en);
    // One word of the burst is not enough: a leaking washing machine is another story.
    const unrelated = await complain('My washing machine is leaking water everywhere', 'Ola');
    expect(unrelated.first).not.toContain(STATEMENT.en);
    // A Chinese customer hears it in Chinese.
    const zh = await new WebchatCustomer(t.baseUrl).start({ name: '王芳', locale: 'zh' });
    const zhFirst = said(await zh.send('我买的 Zephyr kettle 漏水了'));
    expect(zhFirst).toContain(STATEMENT.zh);
  });

  it('closes the incident with an update planned for the customers told, and reports the incident', async () => {
    expect((await supervisor.post(`/api/staff/crises/incidents/${incident.id}/close`, { notifyCustomers: true })).status).toBe(400);
    const closed = await supervisor.post<{ incident: Incident }>(`/api/staff/crises/incidents/${incident.id}/close`, { update: UPDATE, notifyCustomers: true });
    expect(closed.status).toBe(200);
    expect(closed.body.incident).toMatchObject({ status: 'closed', updatesPlanned: 2 });
    expect((await supervisor.post(`/api/staff/crises/incidents/${incident.id}/close`, { notifyCustomers: false })).status).toBe(409);
    const planned = await t.app.database.db.followUp.findMany({ where: { dedupeKey: { startsWith: `crisis:${incident.id}:` } } });
    expect(planned).toHaveLength(2);
    expect(planned.map((f) => f.customerId)).toContain(told.customerId);
    expect(planned.every((f) => f.kind === 'outreach' && JSON.parse(f.payload).reason === 'crisis_update')).toBe(true);
    expect(await t.app.database.db.auditLog.count({ where: { action: 'crisis.closed', entityId: incident.id } })).toBe(1);

    // The bot no longer tells the statement.
    const later = await complain('Another kettle of mine leaks too', 'Lee');
    expect(later.first).not.toContain(STATEMENT.en);

    const report = await supervisor.get<{ counts: Record<string, number>; timeline: { event: string; by?: { name: string } }[] }>(`/api/staff/crises/incidents/${incident.id}/report`);
    expect(report.status).toBe(200);
    expect(report.body.counts).toMatchObject({ complaints: 2, customersTold: 2, updatesPlanned: 2 });
    expect(report.body.timeline.map((e) => e.event)).toEqual(['detected', 'confirmed', 'first_told', 'last_told', 'closed', 'updates_planned']);
    expect(report.body.timeline.find((e) => e.event === 'confirmed')?.by?.name).toBe('Sunny');
    expect((await supervisor.get('/api/staff/crises/incidents/nope/report')).status).toBe(404);
  });

  it('refuses to confirm a burst that is over, without touching it', async () => {
    const { db } = t.app.database;
    const past = new Date(Date.now() - 3 * 86_400_000);
    await db.crisisSignal.create({
      data: { id: 'ended-signal', dimension: 'category', key: 'billing', count: 6, expected: 0.5, pValue: 1e-5, status: 'new', detectedAt: past, lastSeenAt: past, endedAt: past, updatedAt: past },
    });
    const refused = await supervisor.post<{ error: { code: string } }>('/api/staff/crises/signals/ended-signal/confirm', { statement: STATEMENT });
    expect(refused.status).toBe(409);
    expect(await db.crisisSignal.findUniqueOrThrow({ where: { id: 'ended-signal' } })).toMatchObject({ status: 'new', endedAt: past });
    expect(await db.crisisIncident.count({ where: { signalId: 'ended-signal' } })).toBe(0);
  });

  it('forgets who was told a statement when that customer is erased', async () => {
    const { db } = t.app.database;
    expect(await db.crisisNotice.count({ where: { customerId: told.customerId } })).toBe(1);
    expect((await admin.post(`/api/staff/customers/${told.customerId}/erase`)).status).toBe(200);
    expect(await db.crisisNotice.count({ where: { customerId: told.customerId } })).toBe(0);
  });
});
