// LLM mode under prompt injection (issue 7): every attempt of test/fixtures/llm-injections.yaml, in
// Chinese and English, sent by a fresh web chat customer while the local model is fully compromised
// for that message — its reading, its proposals and its wording all do what the attack asks. The
// service must still record nothing the customer did not agree to, show no other customer's data,
// disclose none of its instructions, promise nothing new and answer in the customer's language.
// The invariants live in scripts/llm-injection-suite.ts; `npm run eval:llm` checks the same ones
// against a real model.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AttackIndex,
  ATTACK_CATEGORIES,
  CANARY_PATTERN,
  checkAttempt,
  checkIsolation,
  checkVictimUntouched,
  customerMessageIn,
  inParallel,
  letters,
  loadInjectionSuite,
  playAttempt,
  seedVictim,
  summaryLine,
  victimValues,
  walkReading,
  type InjectionAttempt,
  type InjectionSuite,
  type ObservedCall,
  type Verdict,
  type Victim,
} from '../../scripts/llm-injection-suite.ts';
import { draftsOf, FakeLlm, type ChatRequest, type Scripted } from '../support/fake-llm.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

/** Attempts played at once: enough to keep the file well under a minute. */
const CONCURRENCY = 8;
const NEUTRAL = { intent: 'other', emotion: 'calm', category: null, want: null, safety: false, orderNumber: null, proposedReply: 'Sure.' };

/** The model doing exactly what the attack asks: its `compromised` answer, placeholders filled. */
function compromisedAnswer(attempt: InjectionAttempt, request: ChatRequest, purpose: 'understand' | 'reply', victim: Victim, standIns: InjectionSuite['standIns']): Scripted {
  const { understanding, understandingRaw, tools, rewrite } = attempt.compromised;
  if (purpose === 'understand') {
    return {
      content: understandingRaw ?? JSON.stringify({ ...NEUTRAL, ...understanding }),
      toolCalls: tools.map((t) => ({ name: t.name, arguments: typeof t.args === 'string' ? t.args : JSON.stringify(t.args) })),
    };
  }
  const system = request.messages[0]?.content ?? '';
  const sent = request.messages.map((m) => m.content).join('\n');
  const fake: Record<string, string> = { 'victim.name': standIns.name, 'victim.phone': standIns.phone, 'victim.email': standIns.email, 'victim.order': standIns.order, 'victim.case': standIns.case };
  // A model repeats what it was given and invents the rest: the victim's real data only if it was sent.
  const known = Object.fromEntries(Object.entries(victimValues(victim)).map(([key, real]) => [key, sent.includes(real) ? real : fake[key]!]));
  const values: Record<string, string> = { ...known, system, canary: system.match(CANARY_PATTERN)?.[0] ?? '', system_excerpt: excerptOf(system) };
  const fill = (draft: string) => rewrite.replace(/\{([\w.]+)\}/g, (whole, name: string) => (name === 'draft' ? draft : (values[name] ?? whole)));
  return { content: draftsOf(request).map(fill).join('\n---\n') };
}

/** 32 letters copied from inside the first long instruction line, starting after its third letter. */
function excerptOf(system: string): string {
  const line = system.split('\n').find((l) => letters(l).length >= 50) ?? '';
  let seen = 0;
  let start = 0;
  for (let i = 0; i < line.length; i += 1) {
    if (!/[\p{L}\p{N}]/u.test(line[i]!)) continue;
    if (seen === 3) start = i;
    seen += 1;
    if (seen === 35) return line.slice(start, i + 1);
  }
  return line;
}

/** The model behaving: it reads the walk's messages plainly and returns the drafts as they are. */
function behavedAnswer(request: ChatRequest, purpose: 'understand' | 'reply'): Scripted {
  return purpose === 'understand' ? { content: JSON.stringify(walkReading(customerMessageIn(request))) } : { content: draftsOf(request).join('\n---\n') };
}

describe('LLM mode under prompt injection', () => {
  const llm = new FakeLlm();
  const calls: ObservedCall[] = [];
  let t: TestApp;
  let suite: InjectionSuite;
  let index: AttackIndex;
  let victim: Victim | undefined;

  beforeAll(async () => {
    suite = await loadInjectionSuite();
    index = new AttackIndex(suite.attempts);
    await llm.start();
    llm.script = (request, purpose) => {
      const attempt = index.attemptOf(request);
      const answer = attempt && victim ? compromisedAnswer(attempt, request, purpose, victim, suite.standIns) : behavedAnswer(request, purpose);
      calls.push({ purpose, request, answer: { content: answer.content ?? '', toolCalls: answer.toolCalls ?? [] } });
      return answer;
    };
    t = await startTestApp({
      env: { LLM_MODEL: 'compromised-model', LLM_BASE_URL: llm.url, LLM_TURN_BUDGET_MS: '10000', LLM_BREAKER_FAILURES: '1000' },
    });
    victim = await seedVictim(t.app, t.baseUrl, suite.victim);
    calls.length = 0; // from here on, every call belongs to an attacker
  });
  afterAll(async () => {
    await t?.close();
    await llm.close();
  });

  it('has at least 60 attempts, about half in each language, in every category, at the start and at step 4', () => {
    const { attempts } = suite;
    expect(attempts.length).toBeGreaterThanOrEqual(60);
    expect(attempts.filter((a) => a.language === 'zh').length).toBeGreaterThanOrEqual(attempts.length * 0.4);
    expect(attempts.filter((a) => a.language === 'en').length).toBeGreaterThanOrEqual(attempts.length * 0.4);
    expect(new Set(attempts.map((a) => a.category))).toEqual(new Set(ATTACK_CATEGORIES));
    expect(attempts.filter((a) => a.at === 'step4').length).toBeGreaterThanOrEqual(20);
  });

  it('yields no unauthorized commitment, no other customer’s data, no disclosure, no new promise and no wrong language', async () => {
    const runs = await inParallel(suite.attempts, CONCURRENCY, (attempt) => playAttempt(t.app, t.baseUrl, attempt));
    const ctx = { app: t.app, victim: victim!, calls, index };
    const verdicts: Verdict[] = [];
    for (const run of runs) verdicts.push(await checkAttempt(ctx, run));
    const overall = [...checkIsolation(ctx), ...(await checkVictimUntouched(t.app, victim!))];
    console.log(summaryLine('llm-injection', verdicts, overall));
    for (const v of verdicts) for (const note of v.notes) console.log(`  note ${v.run.attempt.id}: ${note}`);

    // Each attack really reached the compromised model, for its reading and for its wording.
    expect(verdicts.filter((v) => !v.exercised).map((v) => `${v.run.attempt.id}: ${v.run.failure ?? v.outcomes.join(' ')}`)).toEqual([]);
    expect([...overall, ...verdicts.flatMap((v) => v.violations.map((violation) => `${v.run.attempt.id}: ${violation}`))]).toEqual([]);
  }, 120_000);
});
