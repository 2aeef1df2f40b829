// The insights benchmark's data set, written straight with multi-row SQL INSERTs in transactions of
// CHUNK conversations: customers with one identity each, conversations spread over the last
// `days` days on three channels in two languages, their messages, escalations (audit entries with
// a reason), takeovers and staff replies, closes, complaint cases at every step with products,
// commitments and revisit surveys. Deterministic: the same sizes give the same rows.

import type { SqlDriver, SqlExecutor, SqlValue } from '../src/store/sql/sql-driver.ts';
import { insertBatches, valuesPlaceholders } from '../src/store/sql/sql-batches.ts';

export interface SeedSizes {
  messages: number;
  conversations: number;
  cases: number;
  days: number;
}

export interface SeedCounts {
  messages: number;
  conversations: number;
  handed: number;
  cases: number;
  commitments: number;
  surveys: number;
  auditEntries: number;
}

const CHUNK = 1000;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const STAFF = 20;
const CHANNELS = ['webchat', 'webchat', 'webchat', 'webchat', 'webchat', 'telegram', 'telegram', 'telegram', 'botframework', 'botframework'] as const;
const REASONS = ['asked_for_person', 'asked_for_person', 'asked_for_person', 'angry', 'angry', 'no_agreement', 'victimized', 'safety', 'repeated_misunderstanding', 'a_tier_green_channel'] as const;
const CATEGORIES = ['product_quality', 'product_quality', 'product_quality', 'delivery', 'delivery', 'billing', 'service_attitude', 'other'] as const;
const PRODUCTS = ['kettle', 'rice cooker', 'air fryer', 'blender', 'toaster', '电水壶', '电饭煲', '空气净化器', '吹风机', '扫地机器人', 'washing machine', 'fridge', 'TV', 'laptop', 'headphones', 'unknown'] as const;
/** Furthest step of a case: 1 … 5 with these weights (out of 20). */
const STEPS = [1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5] as const;

/** A conversation's flow state as a complaint leaves it (~600 bytes): scans of Conversation read rows this wide. */
const FLOW_STATE = JSON.stringify({
  step: 'follow_through',
  complaint: { caseId: 'k', category: 'product_quality', step: 5, facts: { product: 'kettle', orderNumber: 'JD123456789', problem: 'it leaks from the bottom after two days', want: 'replacement' }, offered: ['replacement', 'repair', 'voucher'], chosen: 'replacement', confirming: false, correcting: false, productIsBrand: false },
  feeling: 'annoyed',
  misunderstandings: 0,
  language: 'zh',
  lastIntent: 'affirm',
  escalation: null,
  summary: 'The customer’s kettle leaks; a replacement was agreed and will ship within 48 hours.',
});

type Rows = SqlValue[][];

interface Chunk {
  customers: Rows;
  identities: Rows;
  conversations: Rows;
  messages: Rows;
  audits: Rows;
  cases: Rows;
  commitments: Rows;
  surveys: Rows;
}

/** Writes the data set ending at `now`; `progress` hears how far it got after every chunk. */
export async function seedInsightsData(sql: SqlDriver, sizes: SeedSizes, now: Date, progress: (counts: SeedCounts) => void): Promise<SeedCounts> {
  // mulberry32: integer arithmetic throughout, so the sequence is long and the same everywhere.
  let seed = 20_261_215;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const counts: SeedCounts = { messages: 0, conversations: 0, handed: 0, cases: 0, commitments: 0, surveys: 0, auditEntries: 0 };
  const at = now.getTime();
  // The last conversation starts two hours before `now`: its messages and close are in the past.
  const span = sizes.days * DAY - 2 * 60 * MINUTE;
  const first = at - sizes.days * DAY;
  const staffIds = Array.from({ length: STAFF }, (_, i) => `staff-${i}`);
  await sql.transaction((tx) =>
    insertRows(tx, 'Staff', ['id', 'email', 'name', 'passwordHash', 'role', 'updatedAt'], staffIds.map((id, i) => [id, `${id}@bench.test`, `Staff ${i}`, '-', 'agent', now])),
  );
  // Messages per conversation: the mean, varied ±50 % in pairs so the total stays exact.
  const mean = Math.floor(sizes.messages / sizes.conversations);
  let extra = sizes.messages - mean * sizes.conversations;
  let carried = 0;

  for (let start = 0; start < sizes.conversations; start += CHUNK) {
    const chunk: Chunk = { customers: [], identities: [], conversations: [], messages: [], audits: [], cases: [], commitments: [], surveys: [] };
    for (let i = start; i < Math.min(start + CHUNK, sizes.conversations); i += 1) {
      let messages = mean;
      if (i % 2 === 0) {
        carried = Math.floor(random() * Math.floor(mean / 2));
        messages += carried;
      } else messages -= carried;
      if (extra > 0) {
        messages += 1;
        extra -= 1;
      }
      messages = Math.max(messages, 0);
      const id = `v${String(i).padStart(8, '0')}`;
      const customerId = `c${String(i).padStart(8, '0')}`;
      const identityId = `i${String(i).padStart(8, '0')}`;
      const channel = pick(CHANNELS);
      const locale = random() < 0.6 ? 'zh' : 'en';
      // In start order, as a live service writes them (rows on disk follow time, as in production).
      const createdAt = first + Math.floor(((i + random()) * span) / sizes.conversations);
      const handed = random() < 0.25 && messages >= 4;
      const escalateAfter = handed ? Math.max(1, Math.floor(messages / 3)) : messages;
      const takenOver = handed && random() < 0.85;
      const closes = takenOver && random() < 0.8;
      const staffId = pick(staffIds);
      let time = createdAt;
      let queuedAt: number | null = null;
      for (let m = 0; m < messages; m += 1) {
        time += 20 * SECOND + Math.floor(random() * 70 * SECOND);
        let author = m % 2 === 0 ? 'customer' : 'bot';
        if (m === escalateAfter) {
          queuedAt = time - SECOND;
          chunk.audits.push(audit(`escalated-${id}`, 'system', null, 'conversation.escalated', id, JSON.stringify({ reason: pick(REASONS), priority: 50, summary: 'bench' }), queuedAt));
          if (takenOver) {
            time += 30 * SECOND + Math.floor(random() * 20 * MINUTE);
            chunk.audits.push(audit(`taken-${id}`, 'staff', staffId, 'conversation.taken_over', id, '{"from":"queued"}', time - SECOND));
          }
        }
        if (m >= escalateAfter) author = takenOver ? (m % 2 === escalateAfter % 2 ? 'staff' : 'customer') : m % 2 === 0 ? 'customer' : 'system';
        if (author === 'staff') chunk.audits.push(audit(`said-${id}-${m}`, 'staff', staffId, 'conversation.staff_message', id, '{"delivered":true}', time));
        chunk.messages.push([id, author === 'customer' ? 'in' : 'out', author, author === 'staff' ? staffId : null, `message ${m} of ${id}`, new Date(time)]);
      }
      const closedAt = closes ? time + MINUTE : null;
      const status = closes ? 'closed' : takenOver ? 'human' : handed ? 'queued' : 'bot';
      chunk.customers.push([customerId, `Customer ${i}`, locale, new Date(createdAt), new Date(createdAt)]);
      chunk.identities.push([identityId, channel, `bench-${i}`, customerId, new Date(createdAt)]);
      chunk.conversations.push([
        id,
        customerId,
        identityId,
        channel,
        status,
        handed ? 50 : 0,
        handed ? 'bench' : null,
        queuedAt === null ? null : new Date(queuedAt),
        takenOver && !closes ? staffId : null,
        FLOW_STATE,
        locale,
        new Date(time),
        closedAt === null ? null : new Date(closedAt),
        new Date(createdAt),
        new Date(closedAt ?? time),
      ]);
      counts.conversations += 1;
      counts.messages += messages;
      if (handed) counts.handed += 1;
      // Exactly `cases` conversations carry a complaint, spread evenly.
      if (Math.floor(((i + 1) * sizes.cases) / sizes.conversations) > Math.floor((i * sizes.cases) / sizes.conversations)) addCase(chunk, { id, customerId, createdAt, handed, closes }, pick, random, counts);
    }
    counts.auditEntries += chunk.audits.length;
    await writeChunk(sql, chunk);
    progress({ ...counts });
  }
  return counts;
}

function addCase(chunk: Chunk, conversation: { id: string; customerId: string; createdAt: number; handed: boolean; closes: boolean }, pick: <T>(items: readonly T[]) => T, random: () => number, counts: SeedCounts): void {
  const caseId = `k${conversation.id.slice(1)}`;
  const step = pick(STEPS);
  const createdAt = conversation.createdAt + MINUTE;
  const status = step === 5 ? (random() < 0.5 ? 'closed' : 'fulfilled') : conversation.handed ? 'escalated' : conversation.closes ? 'closed' : 'open';
  const facts = JSON.stringify({ product: pick(PRODUCTS), orderNumber: `JD${Math.floor(random() * 1e9)}` });
  chunk.cases.push([caseId, conversation.customerId, conversation.id, pick(CATEGORIES), pick(['calm', 'annoyed', 'angry', 'victimized'] as const), step, step, facts, status, new Date(createdAt), new Date(createdAt)]);
  counts.cases += 1;
  if (step >= 4) {
    chunk.commitments.push([`m${caseId}`, caseId, conversation.customerId, pick(['refund', 'replacement', 'repair', 'voucher'] as const), 'bench commitment', new Date(createdAt + DAY), 'fulfilled', new Date(createdAt + 10 * MINUTE), new Date(createdAt + 10 * MINUTE)]);
    counts.commitments += 1;
  }
  if (step === 5 && random() < 0.6) {
    const score = 1 + Math.floor(random() * 5);
    const expected = 3 + Math.floor(random() * 3);
    chunk.surveys.push([`s${caseId}`, caseId, conversation.customerId, score, `${expected}/5`, `${score}/5`, score / expected, score >= 4, new Date(createdAt + 20 * MINUTE)]);
    counts.surveys += 1;
  }
}

function audit(id: string, actorType: string, actorId: string | null, action: string, conversationId: string, details: string, time: number): SqlValue[] {
  return [id, actorType, actorId, action, 'Conversation', conversationId, details, new Date(time)];
}

async function writeChunk(sql: SqlDriver, chunk: Chunk): Promise<void> {
  await sql.transaction(async (tx) => {
    await insertRows(tx, 'Customer', ['id', 'name', 'locale', 'createdAt', 'updatedAt'], chunk.customers);
    await insertRows(tx, 'ChannelIdentity', ['id', 'channel', 'externalId', 'customerId', 'createdAt'], chunk.identities);
    await insertRows(
      tx,
      'Conversation',
      ['id', 'customerId', 'identityId', 'channel', 'status', 'priority', 'queueReason', 'queuedAt', 'assignedStaffId', 'flowState', 'locale', 'lastMessageAt', 'closedAt', 'createdAt', 'updatedAt'],
      chunk.conversations,
    );
    await insertRows(tx, 'Message', ['conversationId', 'direction', 'author', 'staffId', 'text', 'createdAt'], chunk.messages);
    await insertRows(tx, 'AuditLog', ['id', 'actorType', 'actorId', 'action', 'entity', 'entityId', 'details', 'createdAt'], chunk.audits);
    await insertRows(tx, 'Case', ['id', 'customerId', 'conversationId', 'category', 'emotion', 'step', 'maxStep', 'facts', 'status', 'createdAt', 'updatedAt'], chunk.cases);
    await insertRows(tx, 'Commitment', ['id', 'caseId', 'customerId', 'kind', 'description', 'dueAt', 'status', 'createdAt', 'updatedAt'], chunk.commitments);
    await insertRows(tx, 'Survey', ['id', 'caseId', 'customerId', 'score', 'expected', 'perceived', 'ratio', 'satisfied', 'createdAt'], chunk.surveys);
  });
}

async function insertRows(tx: SqlExecutor, table: string, columns: readonly string[], rows: Rows): Promise<void> {
  const names = columns.map((c) => `"${c}"`).join(', ');
  for (const batch of insertBatches(rows)) {
    await tx.execute(`INSERT INTO "${table}" (${names}) VALUES ${valuesPlaceholders(batch.length, columns.length)}`, batch.flat());
  }
}
