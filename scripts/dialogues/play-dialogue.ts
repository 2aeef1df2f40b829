// Plays one dialogue test against a running service: the customer over the web chat API, staff
// over the console API, and reads the CRM record (case, commitments, queue) after each message to
// check what the dialogue says must hold.

import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/store/database.ts';
import type { Dialogue, Expectation, StaffAction } from './dialogue-file.ts';

/** What the runner needs of the service under test. */
export interface DialogueTarget {
  baseUrl: string;
  db: Db;
  /** Moves the service's clock forward. */
  advance(minutes: number): void;
  /** The service's clock now. */
  now(): Date;
  /** A signed-in staff member's cookie and CSRF token. */
  staff: { cookie: string; csrfToken: string };
}

export interface CheckResult {
  /** e.g. "turn 3 person" */
  name: string;
  kind: string;
  passed: boolean;
  detail?: string;
}

export interface DialogueResult {
  dialogue: Dialogue;
  checks: CheckResult[];
  /** Handed to a person although the dialogue says it should have stayed with the bot. */
  falseEscalation: boolean;
  transcript: string[];
}

interface BotReply {
  text: string;
  choices?: string[];
}

interface SendResponse {
  replies?: BotReply[];
  conversation?: { status: string; step?: number };
  message?: string;
}

/** Plays the dialogue from a fresh web chat session; never throws for a misbehaving bot, only records failed checks. */
export async function playDialogue(dialogue: Dialogue, target: DialogueTarget): Promise<DialogueResult> {
  const checks: CheckResult[] = [];
  const transcript: string[] = [];
  const session = await startSession(target.baseUrl, dialogue);
  let previous: string[] = [];
  let everQueued = false;
  let turnNo = 0;
  for (const turn of dialogue.turns) {
    if ('wait' in turn) {
      target.advance(turn.wait);
      transcript.push(`        (${turn.wait} minutes pass)`);
      continue;
    }
    if ('staff' in turn) {
      const said = await staffAct(target, session.customerId, turn.staff);
      transcript.push(`STAFF   | ${said}`);
      continue;
    }
    turnNo += 1;
    target.advance(0.5);
    const response = await send(target.baseUrl, session.token, turn.customer);
    const replies = response.replies ?? [];
    const status = response.conversation?.status ?? 'unknown';
    transcript.push(`CUSTOMER| ${turn.customer}`);
    for (const r of replies) transcript.push(`BOT     | ${r.text.replace(/\n/g, '\n        | ')}${r.choices?.length ? `\n        | [${r.choices.join('] [')}]` : ''}`);
    transcript.push(`        (${status}${response.conversation?.step ? ` step ${response.conversation.step}` : ''})`);
    if (status === 'queued') everQueued = true;
    const record = await readRecord(target.db, session.customerId);
    const check = (kind: string, passed: boolean, detail?: string) => checks.push({ name: `turn ${turnNo} ${kind}`, kind, passed, ...(passed || !detail ? {} : { detail }) });
    const expect = turn.expect;
    const texts = replies.map((r) => r.text);
    const heard = replies.map((r) => [r.text, ...(r.choices ?? [])].join('\n')).join('\n');
    checkAlways(check, { texts, previous, status, expect, language: expect.reply_language ?? dialogue.language });
    checkExpected(check, expect, { heard, status, step: response.conversation?.step ?? 0, record });
    previous = texts;
  }
  const reachedPerson = everQueued || (await readRecord(target.db, session.customerId)).queued;
  checks.push({
    name: 'conversation reaches a person',
    kind: 'expect_person',
    passed: reachedPerson === dialogue.expect_person,
    ...(reachedPerson === dialogue.expect_person ? {} : { detail: dialogue.expect_person ? 'never reached a person' : 'was handed to a person' }),
  });
  return { dialogue, checks, falseEscalation: !dialogue.expect_person && reachedPerson, transcript };
}

type Check = (kind: string, passed: boolean, detail?: string) => void;

/** Checked on every customer message: an answer, in the right language, not the previous one again. */
function checkAlways(check: Check, turn: { texts: string[]; previous: string[]; status: string; expect: Expectation; language: 'zh' | 'en' }): void {
  const { texts, previous, status, expect } = turn;
  if (expect.silent) {
    check('silent', texts.length === 0, `said: ${texts.join(' / ')}`);
    return;
  }
  if (status === 'human') return;
  check('answered', texts.length > 0, 'no reply');
  if (texts.length === 0) return;
  const wrong = texts.filter((t) => languageOf(t) !== turn.language && languageOf(t) !== undefined);
  check('language', wrong.length === 0, `not ${turn.language}: ${wrong.join(' / ')}`);
  const repeated = texts.filter((t) => previous.includes(t));
  check('no_repeat', repeated.length === 0, `repeated: ${repeated.join(' / ')}`);
}

function checkExpected(check: Check, expect: Expectation, seen: { heard: string; status: string; step: number; record: CaseRecord }): void {
  const { heard, status, step, record } = seen;
  if (expect.person !== undefined) check('person', (status === 'queued' || status === 'human') === expect.person, `status ${status}`);
  if (expect.step !== undefined) check('step', step === expect.step, `step ${step}`);
  for (const [key, source] of Object.entries(expect.facts ?? {})) {
    const value = record.facts[key];
    check('facts', value !== undefined && new RegExp(source, 'iu').test(value), `${key} = ${value ?? '(not set)'}`);
  }
  for (const [key, source] of Object.entries(expect.not_facts ?? {})) {
    const value = record.facts[key];
    const bad = source === '' ? value !== undefined : value !== undefined && new RegExp(source, 'iu').test(value);
    check('facts', !bad, `${key} = ${value}`);
  }
  if (expect.category) check('category', record.category === expect.category, `category ${record.category ?? '(no case)'}`);
  if (expect.emotion) check('emotion', record.emotion === expect.emotion, `emotion ${record.emotion ?? '(no case)'}`);
  if (expect.agreed) check('agreed', record.commitments.includes(expect.agreed), `commitments: ${record.commitments.join(', ') || 'none'}`);
  if (expect.reason) check('reason', record.queueReason === expect.reason, `queue reason ${record.queueReason ?? '(none)'}`);
  for (const source of expect.mention ?? []) check('mention', new RegExp(source, 'iu').test(heard), `no /${source}/`);
  for (const source of expect.not_mention ?? []) check('not_mention', !new RegExp(source, 'iu').test(heard), `said /${source}/`);
}

/**
 * zh when Han characters outnumber Latin words, en otherwise; undefined for a text of neither (digits,
 * emoji). Deliberately not the bot's own rule (src/domain/nlu/language.ts): a check must not share
 * the rule it checks.
 */
function languageOf(text: string): 'zh' | 'en' | undefined {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = text.match(/[a-z]{2,}/giu)?.length ?? 0;
  if (han === 0 && latin === 0) return undefined;
  // A Chinese sentence may carry a product or model name; an English one may quote an order.
  return han >= latin ? 'zh' : 'en';
}

interface CaseRecord {
  facts: Record<string, string>;
  category?: string;
  emotion?: string;
  commitments: string[];
  queueReason?: string;
  queued: boolean;
}

async function readRecord(db: Db, customerId: string): Promise<CaseRecord> {
  const [kase, conversation] = await Promise.all([
    db.case.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' }, include: { commitments: true } }),
    db.conversation.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' } }),
  ]);
  const facts = kase ? (JSON.parse(kase.facts) as Record<string, string>) : {};
  return {
    facts,
    ...(kase ? { category: kase.category, emotion: kase.emotion } : {}),
    commitments: kase?.commitments.map((c) => c.kind) ?? [],
    ...(conversation?.queueReason ? { queueReason: conversation.queueReason } : {}),
    queued: conversation?.status === 'queued' || conversation?.status === 'human',
  };
}

async function startSession(baseUrl: string, dialogue: Dialogue): Promise<{ token: string; customerId: string }> {
  const body = { locale: dialogue.language, ...(dialogue.customer.name ? { name: dialogue.customer.name } : {}) };
  const response = await fetch(`${baseUrl}/api/webchat/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`${dialogue.id}: could not start a web chat session: ${response.status} ${await response.text()}`);
  return (await response.json()) as { token: string; customerId: string };
}

async function send(baseUrl: string, token: string, text: string): Promise<SendResponse> {
  const response = await fetch(`${baseUrl}/api/webchat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ text, clientMessageId: randomUUID() }),
  });
  return (await response.json()) as SendResponse;
}

/** One staff action through the console API; returns a line for the transcript. */
async function staffAct(target: DialogueTarget, customerId: string, action: StaffAction): Promise<string> {
  const conversation = await target.db.conversation.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' } });
  if (!conversation) throw new Error('staff action before the customer wrote anything');
  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${target.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: target.staff.cookie, 'x-csrf-token': target.staff.csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (response.status >= 300) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  };
  if (action === 'takeover' || action === 'handback' || action === 'close') {
    await post(`/api/staff/conversations/${conversation.id}/${action}`);
    return action;
  }
  if ('say' in action) {
    await post(`/api/staff/conversations/${conversation.id}/messages`, { text: action.say });
    return action.say;
  }
  const kase = await target.db.case.findFirst({ where: { customerId }, orderBy: { createdAt: 'desc' } });
  if (!kase) throw new Error('a staff commitment needs a case: the customer has not complained');
  const { kind, description, amount, dueInHours } = action.commitment;
  const dueAt = new Date(target.now().getTime() + dueInHours * 3_600_000).toISOString();
  await post(`/api/staff/cases/${kase.id}/commitments`, { kind, description, dueAt, ...(amount ? { amountCents: Math.round(amount * 100) } : {}) });
  return `records a commitment: ${kind}${amount ? ` ${amount}` : ''}, ${description}`;
}
