// What a due follow-up turns into: the rules that cancel it, move it out of quiet hours, hand it
// to staff, or send it with the right words; and how the revisit survey reads a score.

import { beforeAll, describe, expect, it } from 'vitest';
import { decideFollowUp, type FollowUpFacts, type FollowUpRules } from '../../src/domain/follow-ups/decide-follow-up.ts';
import { isSatisfied, readScore } from '../../src/domain/flow/survey.ts';
import { isQuietHour, nextAllowedTime } from '../../src/domain/greetings/send-window.ts';
import type { Phrasebook } from '../../src/domain/phrasebook.ts';
import { testContent } from '../support/test-app.ts';

const QUIET = { startHour: 21, endHour: 8 };
const WINDOW = { startHour: 9, endHour: 20 };
const rules: FollowUpRules = {
  isQuiet: (at, tz) => isQuietHour(at, tz, QUIET),
  nextAllowed: (at, tz) => nextAllowedTime(at, tz, WINDOW, QUIET),
  giftCode: 'GIFT-1',
};
/** 2027-02-06 10:00 in Shanghai (Spring Festival), daytime. */
const DAYTIME = new Date('2027-02-06T02:00:00Z');
/** 2027-02-06 23:30 in Shanghai: quiet hours. */
const NIGHT = new Date('2027-02-06T15:30:00Z');

let phrases: Phrasebook;
beforeAll(async () => {
  phrases = (await testContent()).phrases;
});

function facts(overrides: Partial<FollowUpFacts> = {}): FollowUpFacts {
  return {
    kind: 'greeting',
    followUpId: 'fu-1',
    payload: { occasion: 'spring-festival', names: { zh: '春节', en: 'Spring Festival' } },
    customer: { name: 'Li Na', locale: 'en', timezone: 'Asia/Shanghai', tier: 'B', optOutGreetings: false, optOutMarketing: false },
    caseInfo: null,
    commitment: null,
    reachable: true,
    takenUpSince: false,
    withPeople: false,
    staffId: null,
    ...overrides,
  };
}

describe('deciding a due follow-up', () => {
  it('greets in the customer’s language with tier wording; only A-tier gets the gift code', () => {
    const zhA = decideFollowUp(facts({ customer: { ...facts().customer, locale: 'zh', tier: 'A', name: '李娜' } }), DAYTIME, phrases, rules);
    expect(zhA).toMatchObject({ action: 'send' });
    expect(zhA.action === 'send' && zhA.text).toMatch(/^尊敬的李娜，春节快乐！.*GIFT-1/s);
    const enC = decideFollowUp(facts({ customer: { ...facts().customer, tier: 'C' } }), DAYTIME, phrases, rules);
    expect(enC.action === 'send' && enC.text).toMatch(/^Happy Spring Festival, Li Na!/);
    expect(enC.action === 'send' && enC.text).not.toContain('GIFT-1');
    expect(enC.action === 'send' && enC.text).toMatch(/unsubscribe/);
  });

  it('moves a check-in that falls due at night to the customer’s next morning', () => {
    const decision = decideFollowUp(facts({ kind: 'outreach', payload: { reason: 'silent' } }), NIGHT, phrases, rules);
    expect(decision).toEqual({ action: 'defer', until: new Date('2027-02-07T01:00:00Z'), reason: 'quiet hours' });
  });

  it('drops a greeting whose day has passed, or that night would push past its day', () => {
    const spring = { ...facts().payload, localDate: '2027-02-06' };
    expect(decideFollowUp(facts({ payload: spring }), DAYTIME, phrases, rules)).toMatchObject({ action: 'send' });
    expect(decideFollowUp(facts({ payload: spring }), NIGHT, phrases, rules)).toMatchObject({ action: 'cancel', reason: 'no allowed hour left on 2027-02-06' });
    expect(decideFollowUp(facts({ payload: spring }), new Date('2027-02-07T02:00:00Z'), phrases, rules)).toMatchObject({ action: 'cancel', reason: 'the day of the greeting (2027-02-06) has passed' });
  });

  it('cancels greetings and check-ins for customers who opted out or cannot be reached', () => {
    const optedOut = { ...facts().customer, optOutGreetings: true };
    expect(decideFollowUp(facts({ customer: optedOut }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel', reason: expect.stringMatching(/opted out/) });
    expect(decideFollowUp(facts({ kind: 'outreach', payload: { reason: 'silent' }, customer: { ...facts().customer, optOutMarketing: true } }), DAYTIME, phrases, rules)).toMatchObject({
      action: 'cancel',
    });
    expect(decideFollowUp(facts({ reachable: false }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel', reason: 'no reachable channel' });
  });

  it('keeps a callback’s promise through staff when the customer opted out, and cancels it when the matter is settled', () => {
    const caseInfo = { id: 'abcdef12-0000', status: 'agreed', agreedSolution: 'refund' };
    const commitment = { status: 'pending', description: 'Refund ¥30', dueAt: new Date('2027-02-07T02:00:00Z') };
    const sent = decideFollowUp(facts({ kind: 'callback', caseInfo, commitment }), NIGHT, phrases, rules);
    expect(sent).toMatchObject({ action: 'send', queue: { reason: 'callback_due' } }); // promised times are kept, night or not
    expect(sent.action === 'send' && sent.text).toContain('ABCDEF12');
    expect(sent.action === 'send' && sent.text).toContain('Refund ¥30');
    expect(decideFollowUp(facts({ kind: 'callback', caseInfo, customer: { ...facts().customer, optOutGreetings: true } }), DAYTIME, phrases, rules)).toMatchObject({ action: 'task' });
    expect(decideFollowUp(facts({ kind: 'callback', caseInfo: { ...caseInfo, status: 'closed' } }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel', reason: 'case already closed' });
    expect(decideFollowUp(facts({ kind: 'callback', caseInfo, takenUpSince: true }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel' });
  });

  it('opens the revisit survey with 1–5 buttons and remembers it in the conversation', () => {
    const caseInfo = { id: 'case-7', status: 'fulfilled', agreedSolution: 'Replace the kettle' };
    const decision = decideFollowUp(facts({ kind: 'revisit', caseInfo, customer: { ...facts().customer, locale: 'zh' } }), DAYTIME, phrases, rules);
    expect(decision).toMatchObject({
      action: 'send',
      choices: ['1', '2', '3', '4', '5'],
      flowPatch: { survey: { followUpId: 'fu-1', caseId: 'case-7', language: 'zh', stage: 'score' }, lastChoices: ['1', '2', '3', '4', '5'] },
    });
    expect(decideFollowUp(facts({ kind: 'revisit', caseInfo, withPeople: true }), DAYTIME, phrases, rules)).toMatchObject({ action: 'defer', reason: 'a person is talking with the customer' });
    expect(decideFollowUp(facts({ kind: 'revisit', caseInfo: { ...caseInfo, status: 'closed' } }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel' });
  });

  it('never puts a bot message into a conversation people hold: callbacks, greetings, check-ins and crisis updates wait', () => {
    const later = { action: 'defer', until: new Date(DAYTIME.getTime() + 60 * 60_000), reason: 'a person is talking with the customer' };
    const caseInfo = { id: 'abcdef12-0000', status: 'agreed', agreedSolution: 'refund' };
    const commitment = { status: 'pending', description: 'Refund ¥30', dueAt: DAYTIME };
    expect(decideFollowUp(facts({ kind: 'callback', caseInfo, commitment, withPeople: true }), DAYTIME, phrases, rules)).toEqual(later);
    expect(decideFollowUp(facts({ withPeople: true }), DAYTIME, phrases, rules)).toEqual(later);
    expect(decideFollowUp(facts({ kind: 'outreach', payload: { reason: 'silent' }, withPeople: true }), DAYTIME, phrases, rules)).toEqual(later);
    const crisis = { reason: 'crisis_update', incidentId: 'incident-1', update: { en: 'The batch is recalled.' }, language: 'en' };
    expect(decideFollowUp(facts({ kind: 'outreach', payload: crisis, withPeople: true }), DAYTIME, phrases, rules)).toEqual(later);
    // A greeting held back past its day is dropped, not sent late.
    expect(decideFollowUp(facts({ payload: { ...facts().payload, localDate: '2027-02-06' }, withPeople: true }), NIGHT, phrases, rules)).toMatchObject({
      action: 'cancel',
      reason: 'a person is talking with the customer until 2027-02-06 is over',
    });
    // Work for staff is not a bot message: it still goes to them.
    expect(decideFollowUp(facts({ kind: 'outreach', payload: { reason: 'monthly', task: true }, withPeople: true }), DAYTIME, phrases, rules)).toMatchObject({ action: 'task' });
  });

  it('turns an A-tier check-in with a key account manager into a task', () => {
    expect(decideFollowUp(facts({ kind: 'outreach', payload: { reason: 'monthly', task: true } }), DAYTIME, phrases, rules)).toMatchObject({ action: 'task' });
  });
});

describe('the revisit survey', () => {
  it('reads scores however they are written, and nothing else', () => {
    for (const [text, score] of [
      ['4', 4],
      ['５', 5],
      ['3分', 3],
      ['五星', 5],
      ['two stars', 2],
      ['⭐⭐⭐', 3],
      ['4/5', 4],
      ['score 1', 1],
    ] as const)
      expect(readScore(text)).toBe(score);
    for (const text of ['6', '0', 'it broke again', '45', '']) expect(readScore(text)).toBeUndefined();
  });

  it('weighs what they got against what they expected (seed 004: perceived ÷ expected)', () => {
    expect(isSatisfied(4, 4)).toBe(true);
    expect(isSatisfied(3, 2)).toBe(true); // better than expected
    expect(isSatisfied(3, 5)).toBe(false); // short of expectations
    expect(isSatisfied(4, 5)).toBe(true); // a good score is satisfied even if they hoped for more
    expect(isSatisfied(2, 1)).toBe(false); // a poor score is never satisfied
  });
});
