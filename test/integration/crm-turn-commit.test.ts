// A turn's write is committed whole or not at all. Two turns racing on one conversation version:
// one commits, the other gets StaleConversationError and leaves nothing behind. On SQLite the
// check runs before the group's COMMIT; on PostgreSQL the COMMIT leaves with the turn's writes, so
// the database itself must fail the stale update — for each shape of that update. There, a turn
// (one that does not read the customer's card) is one write: BEGIN, every statement, COMMIT.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaleConversationError, type LoadedConversation, type TurnWrite, type TurnWritten } from '../../src/conversation/ports.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { SqlConversationStore } from '../../src/store/conversations.ts';
import { openSqlDatabase } from '../../src/store/database.ts';
import { SqlIdentityStore } from '../../src/store/identities.ts';
import { toDateOrNull, type SqlDriver } from '../../src/store/sql/sql-driver.ts';
import { startTcpTap, type TcpTap } from '../support/tcp-tap.ts';
import { freshDatabaseUrl, type StoreKind } from '../support/test-app.ts';

/** What one side of the race writes besides its messages and contact, by the shape of its conversation update. */
const shapes: Record<string, (ids: { caseId: string; followUpId: string }, label: string) => Effect[]> = {
  'keeping its status': ({ caseId, followUpId }) => [
    { type: 'openCase', caseId, category: 'delivery', emotion: 'annoyed' },
    { type: 'scheduleFollowUp', followUp: { id: followUpId, kind: 'callback', dueAt: new Date(Date.now() + 3_600_000), dedupeKey: `callback:${followUpId}`, caseId } },
  ],
  'changing its status': ({ caseId }) => [
    { type: 'openCase', caseId, category: 'delivery', emotion: 'annoyed' },
    { type: 'setStatus', status: 'closed' },
  ],
  escalating: ({ caseId }, label) => [
    { type: 'openCase', caseId, category: 'delivery', emotion: 'angry' },
    { type: 'escalate', reason: 'angry', priority: 2, summary: `${label} wants a person` },
    { type: 'setStatus', status: 'queued' },
  ],
  // Reads the customer's card between its writes: COMMIT after their answers, not with them.
  'updating the card': ({ caseId }, label) => [
    { type: 'openCase', caseId, category: 'delivery', emotion: 'annoyed' },
    { type: 'updateCustomer', name: label, orderNumber: `SO-${label}` },
  ],
};

/** A fresh database of `kind` and the stores a turn writes through, for the tests of the describe block that calls it. */
function turnStores(kind: StoreKind): { sql: SqlDriver; conversations: SqlConversationStore; identities: SqlIdentityStore } {
  const stores = {} as ReturnType<typeof turnStores>;
  beforeAll(async () => {
    ({ sql: stores.sql } = await openSqlDatabase(await freshDatabaseUrl(kind)));
    stores.conversations = new SqlConversationStore(stores.sql);
    stores.identities = new SqlIdentityStore(stores.sql);
  });
  afterAll(async () => {
    await stores.sql?.close();
  });
  return stores;
}

describe.each<StoreKind>(['sqlite', 'postgres'])('two turns racing on one conversation version, on %s', (kind) => {
  const db = turnStores(kind);

  const openConversation = async (): Promise<LoadedConversation> => {
    const { identityId, customerId } = await db.identities.createIdentity({ channel: 'webchat', externalId: randomUUID(), locale: 'en' });
    return db.conversations.openConversation(identityId, customerId, 'webchat');
  };

  const turnOf = (loaded: LoadedConversation, label: string, shape: string) => {
    const ids = { caseId: randomUUID(), followUpId: randomUUID() };
    const write: TurnWrite = {
      conversation: loaded.conversation,
      customerId: loaded.customer.id,
      now: new Date(),
      inbound: { text: `${label}: my parcel is late`, channelMessageId: randomUUID() },
      replies: [{ text: `${label}: sorry to hear that` }, { text: `${label}: which order?` }],
      flowState: JSON.stringify({ writtenBy: label }),
      locale: 'en',
      effects: shapes[shape]!(ids, label),
      contact: { id: randomUUID(), kind: 'complaint', summary: `${label} complaint`, outcome: 'in_progress' },
    };
    return { label, write, ...ids };
  };

  const count = async (sqlText: string, params: (string | number)[]) => Number((await db.sql.query<{ n: number | string }>(sqlText, params))[0]!.n);

  it.each(Object.keys(shapes))('commits one and fails the other as stale, leaving nothing of it, when %s', async (shape) => {
    const loaded = await openConversation();
    const turns = [turnOf(loaded, 'first', shape), turnOf(loaded, 'second', shape)];
    const outcomes = await Promise.allSettled(turns.map((t) => db.conversations.commitTurn(t.write)));

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winnerIndex = outcomes.findIndex((o) => o.status === 'fulfilled');
    const winner = turns[winnerIndex]!;
    const loser = turns[1 - winnerIndex]!;
    expect((outcomes[1 - winnerIndex] as PromiseRejectedResult).reason).toBeInstanceOf(StaleConversationError);

    const written = (outcomes[winnerIndex] as PromiseFulfilledResult<TurnWritten>).value;
    expect(written.replies.map((r) => r.text)).toEqual([`${winner.label}: sorry to hear that`, `${winner.label}: which order?`]);
    if (shape === 'escalating') expect(written.queue).toEqual({ priority: 2, reason: 'angry' });

    const [conversation] = await db.sql.query<{ version: number; flowState: string }>('SELECT "version", "flowState" FROM "Conversation" WHERE "id" = ?', [loaded.conversation.id]);
    expect({ version: Number(conversation!.version), flowState: conversation!.flowState }).toEqual({ version: 1, flowState: JSON.stringify({ writtenBy: winner.label }) });
    const texts = (await db.sql.query<{ text: string }>('SELECT "text" FROM "Message" WHERE "conversationId" = ? ORDER BY "id"', [loaded.conversation.id])).map((m) => m.text);
    expect(texts).toEqual([`${winner.label}: my parcel is late`, `${winner.label}: sorry to hear that`, `${winner.label}: which order?`]);
    expect(await count('SELECT COUNT(*) AS "n" FROM "Contact" WHERE "id" = ?', [loser.write.contact.id])).toBe(0);
    expect(await count('SELECT COUNT(*) AS "n" FROM "Case" WHERE "id" = ?', [loser.caseId])).toBe(0);
    expect(await count('SELECT COUNT(*) AS "n" FROM "Case" WHERE "id" = ?', [winner.caseId])).toBe(1);
    expect(await count('SELECT COUNT(*) AS "n" FROM "FollowUp" WHERE "id" = ?', [loser.followUpId])).toBe(0);
    expect(await count('SELECT COUNT(*) AS "n" FROM "AuditLog" WHERE "entityId" = ?', [loaded.conversation.id])).toBe(shape === 'escalating' ? 1 : 0);
    const [customer] = await db.sql.query<{ name: string | null; attributes: string }>('SELECT "name", "attributes" FROM "Customer" WHERE "id" = ?', [loaded.customer.id]);
    if (shape === 'updating the card') {
      expect(customer!.name).toBe(winner.label);
      expect(JSON.parse(customer!.attributes)).toEqual({ orderNumbers: [`SO-${winner.label}`] });
    } else {
      expect(customer!.name).toBeNull();
    }
  });

  it('fails a turn as stale when the conversation moved on before it was written, and the next turn at the new version commits', async () => {
    const loaded = await openConversation();
    await db.conversations.commitTurn(turnOf(loaded, 'first', 'keeping its status').write);
    const late = turnOf(loaded, 'late', 'escalating');
    await expect(db.conversations.commitTurn(late.write)).rejects.toBeInstanceOf(StaleConversationError);
    expect(await count('SELECT COUNT(*) AS "n" FROM "Case" WHERE "id" = ?', [late.caseId])).toBe(0);

    const reloaded = (await db.conversations.loadConversation(loaded.conversation.id))!;
    expect(reloaded.conversation.version).toBe(1);
    const next = await db.conversations.commitTurn(turnOf(reloaded, 'next', 'escalating').write);
    expect(next).toMatchObject({ status: 'queued', queue: { priority: 2, reason: 'angry' } });
    expect((await db.conversations.loadConversation(loaded.conversation.id))!.conversation.version).toBe(2);
  });
});

describe.each<StoreKind>(['sqlite', 'postgres'])("the customer's last contact, on %s", (kind) => {
  const db = turnStores(kind);

  const turnAt = (loaded: LoadedConversation, now: Date): TurnWrite => ({
    conversation: loaded.conversation,
    customerId: loaded.customer.id,
    now,
    inbound: { text: 'where is my parcel?', channelMessageId: randomUUID() },
    replies: [{ text: 'it left the warehouse today' }],
    flowState: '{}',
    locale: 'en',
    effects: [],
    contact: { id: randomUUID(), kind: 'inquiry', summary: 'parcel', outcome: 'answered' },
  });
  const lastContactAt = async (customerId: string) => toDateOrNull((await db.sql.query<{ at: unknown }>('SELECT "lastContactAt" AS "at" FROM "Customer" WHERE "id" = ?', [customerId]))[0]!.at);

  it('is written at most once a minute and never moved back', async () => {
    const { identityId, customerId } = await db.identities.createIdentity({ channel: 'webchat', externalId: randomUUID(), locale: 'en' });
    const t0 = new Date('2026-12-07T10:00:00.000Z');
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const turn = async (seconds: number) => {
      const loaded = await db.conversations.openConversation(identityId, customerId, 'webchat');
      await db.conversations.commitTurn(turnAt(loaded, at(seconds)));
      return lastContactAt(customerId);
    };
    expect(await lastContactAt(customerId)).toBeNull();
    expect(await turn(0)).toEqual(t0);
    expect(await turn(30)).toEqual(t0);
    expect(await turn(61)).toEqual(at(61));
    // A turn stamped earlier (its clock read before another conversation's turn wrote) leaves the later time.
    expect(await turn(50)).toEqual(at(61));
  });
});

describe('a turn on PostgreSQL', () => {
  let tap: TcpTap;
  let sql: SqlDriver;
  let conversations: SqlConversationStore;
  let identities: SqlIdentityStore;

  beforeAll(async () => {
    tap = await startTcpTap(await freshDatabaseUrl('postgres'));
    // One pooled connection: every turn's transaction on it, already connected after the first.
    ({ sql } = await openSqlDatabase(tap.url, { poolSize: 1 }));
    conversations = new SqlConversationStore(sql);
    identities = new SqlIdentityStore(sql);
  });

  afterAll(async () => {
    await sql?.close();
    await tap?.close();
  });

  const everyEffect = (label: string) => {
    const caseId = randomUUID();
    const commitmentId = randomUUID();
    const surveyId = randomUUID();
    const inAnHour = new Date(Date.now() + 3_600_000);
    const effects: Effect[] = [
      { type: 'openCase', caseId, category: 'delivery', emotion: 'angry' },
      { type: 'updateCase', update: { caseId, step: 4, category: 'delivery', emotion: 'angry', facts: {}, offered: ['reship'], evidence: [], status: 'agreed', agreedSolution: 'reship' } },
      {
        type: 'recordCommitment',
        commitment: { id: commitmentId, caseId, kind: 'reship', currency: 'CNY', description: `${label}: reship today`, dueAt: inAnHour },
        followUps: [
          { id: randomUUID(), kind: 'callback', dueAt: inAnHour, dedupeKey: `callback:${commitmentId}`, caseId, commitmentId },
          { id: randomUUID(), kind: 'revisit', dueAt: inAnHour, dedupeKey: `revisit:${commitmentId}`, caseId, commitmentId },
        ],
      },
      { type: 'recordSurvey', survey: { id: surveyId, caseId, followUpId: randomUUID(), score: 4, expected: 4, ratio: 1, satisfied: true } },
      { type: 'escalate', reason: 'angry', priority: 2, summary: `${label} wants a person` },
      { type: 'setStatus', status: 'queued' },
      { type: 'optOut' },
    ];
    return { caseId, commitmentId, surveyId, effects };
  };

  const turnOn = (loaded: LoadedConversation, label: string, effects: Effect[]): TurnWrite => ({
    conversation: loaded.conversation,
    customerId: loaded.customer.id,
    now: new Date(),
    inbound: { text: `${label}: I want a person`, channelMessageId: randomUUID() },
    replies: [{ text: `${label}: a colleague will take over` }],
    flowState: JSON.stringify({ writtenBy: label }),
    locale: 'en',
    effects,
    contact: { id: randomUUID(), kind: 'complaint', summary: `${label} complaint`, outcome: 'escalated' },
  });

  const opened = async () => {
    const { identityId, customerId } = await identities.createIdentity({ channel: 'webchat', externalId: randomUUID(), locale: 'en' });
    return conversations.openConversation(identityId, customerId, 'webchat');
  };

  it('sends BEGIN, every statement of the turn and its effects, and COMMIT in one write', async () => {
    await conversations.commitTurn(turnOn(await opened(), 'warm-up', everyEffect('warm-up').effects));
    const loaded = await opened();
    const { caseId, commitmentId, surveyId, effects } = everyEffect('measured');

    tap.clear();
    const written = await conversations.commitTurn(turnOn(loaded, 'measured', effects));
    const writes = tap.sent.map((chunk) => chunk.toString('latin1'));

    expect(written).toMatchObject({ status: 'queued', queue: { priority: 2, reason: 'angry' } });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^[^]*BEGIN[^]*measured: I want a person[^]*measured: reship today[^]*COMMIT[^]*$/);
    const count = async (table: string, id: string) => Number((await sql.query<{ n: string }>(`SELECT COUNT(*) AS "n" FROM "${table}" WHERE "id" = ?`, [id]))[0]!.n);
    expect([await count('Case', caseId), await count('Commitment', commitmentId), await count('Survey', surveyId)]).toEqual([1, 1, 1]);
    expect(Number((await sql.query<{ n: string }>('SELECT COUNT(*) AS "n" FROM "FollowUp" WHERE "commitmentId" = ?', [commitmentId]))[0]!.n)).toBe(2);
  });
});
