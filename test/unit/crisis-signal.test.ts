// The crisis signal's pure parts around the detector: which words a complaint is counted under,
// what a detection pass changes among the signals, which open incident a complaint falls under,
// and the update a closed incident sends (quiet hours and opt-outs honoured).

import { beforeAll, describe, expect, it } from 'vitest';
import { complaintKeywords, crisisKey, MAX_KEYWORDS } from '../../src/domain/crisis/complaint-keywords.ts';
import { indexIncidents, matchIncident, NO_INCIDENTS, type OpenIncident } from '../../src/domain/crisis/incident-match.ts';
import { signalChanges, type ActiveSignal } from '../../src/domain/crisis/signal-changes.ts';
import type { Spike } from '../../src/domain/crisis/spike-detection.ts';
import { decideFollowUp, type FollowUpFacts, type FollowUpRules } from '../../src/domain/follow-ups/decide-follow-up.ts';
import { isQuietHour, nextAllowedTime } from '../../src/domain/greetings/send-window.ts';
import type { Phrasebook } from '../../src/domain/phrasebook.ts';
import { windowText } from '../../src/crisis/crisis-alerts.ts';
import { testContent } from '../support/test-app.ts';

const HOUR = 60 * 60_000;
const NOW = new Date('2027-03-01T10:00:00Z');

describe('complaint keywords', () => {
  it('are the content words of the message, in order, without small words, digit runs or words every complaint has', () => {
    expect(complaintKeywords('My Zephyr kettle is leaking again, order 12345678', 'en')).toEqual(['zephyr', 'kettle', 'leak']);
    expect(complaintKeywords('I want to complain about my order, the problem is still there', 'en')).toEqual([]);
    expect(complaintKeywords('我的电水壶漏水了', 'zh')).toEqual(['电水', '水壶', '壶漏', '漏水']);
    // Pairs across a function character ("的电", "水了") and everyday complaint words ("投诉", "订单") are no topics.
    expect(complaintKeywords('我要投诉订单问题', 'zh')).toEqual([]);
  });

  it('are at most a dozen, so a long story weighs no more than a short one', () => {
    const long = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar';
    expect(complaintKeywords(long, 'en')).toHaveLength(MAX_KEYWORDS);
  });

  it('keys products and keywords trimmed and in lower case', () => {
    expect(crisisKey('  Zephyr Kettle ')).toBe('zephyr kettle');
  });
});

describe('what a detection pass changes', () => {
  const spike = (key: string, count = 7): Spike => ({ dimension: 'keyword', key, count, expected: 1, pValue: 1e-5 });
  const active = (id: string, key: string, status: ActiveSignal['status'], lastSeenAt: Date): ActiveSignal => ({ id, dimension: 'keyword', key, status, lastSeenAt });

  it('signals a bursting key once: a key with an active signal is updated, not signalled again', () => {
    const changes = signalChanges([spike('kettle', 9), spike('lid')], [active('s1', 'kettle', 'new', NOW)], NOW, HOUR);
    expect(changes.created.map((s) => s.key)).toEqual(['lid']);
    expect(changes.updated).toEqual([{ id: 's1', spike: spike('kettle', 9) }]);
    expect(changes.ended).toEqual([]);
  });

  it('ends an unconfirmed signal only after its key has been quiet for a whole window; a confirmed one lasts with its incident', () => {
    const signals = [
      active('recent', 'a', 'new', new Date(NOW.getTime() - HOUR / 2)),
      active('quiet', 'b', 'new', new Date(NOW.getTime() - HOUR)),
      active('dismissed', 'c', 'dismissed', new Date(NOW.getTime() - 2 * HOUR)),
      active('incident', 'd', 'confirmed', new Date(NOW.getTime() - 5 * HOUR)),
    ];
    expect(signalChanges([], signals, NOW, HOUR).ended).toEqual(['quiet', 'dismissed']);
  });

  it('does not signal a dismissed key again while its burst lasts', () => {
    const changes = signalChanges([spike('kettle')], [active('s1', 'kettle', 'dismissed', NOW)], NOW, HOUR);
    expect(changes.created).toEqual([]);
    expect(changes.updated.map((u) => u.id)).toEqual(['s1']);
  });
});

describe('matching a complaint to an open incident', () => {
  const incident = (id: string, dimension: OpenIncident['dimension'], key: string): OpenIncident => ({ id, dimension, key, statement: { zh: `声明${id}`, en: `statement ${id}` } });
  const index = indexIncidents([incident('i1', 'category', 'delivery'), incident('i2', 'product', 'zephyr kettle'), incident('i3', 'keyword', 'leak')]);

  it('matches the category, the product (as keyed) or a keyword of the first message', () => {
    expect(matchIncident(index, { category: 'delivery' }, [])?.id).toBe('i1');
    expect(matchIncident(index, { category: 'product_quality', product: ' Zephyr Kettle' }, [])?.id).toBe('i2');
    expect(matchIncident(index, { category: 'product_quality', keywords: ['my', 'leak'] }, [])?.id).toBe('i3');
    expect(matchIncident(index, { category: 'billing', product: 'toaster', keywords: ['charge'] }, [])).toBeUndefined();
  });

  it('skips incidents the conversation was told of already, and finds nothing when none is open', () => {
    expect(matchIncident(index, { category: 'delivery', keywords: ['leak'] }, ['i1'])?.id).toBe('i3');
    expect(matchIncident(index, { category: 'delivery' }, ['i1'])).toBeUndefined();
    expect(matchIncident(NO_INCIDENTS, { category: 'delivery' }, [])).toBeUndefined();
  });

  it('matches a complaint that shares two of the burst’s words, though not the word it was signalled under', () => {
    const battery = { ...incident('i4', 'keyword', 'battery'), burstWords: ['battery', 'quokka', 'vacuum', 'di'] };
    const kettle = { ...incident('i5', 'product', 'zephyr kettle'), burstWords: ['zephyr', 'kettle', 'lid'] };
    const burst = indexIncidents([battery, kettle]);
    expect(matchIncident(burst, { category: 'product_quality', keywords: ['quokka', 'vacuum', 'charg'] }, [])?.id).toBe('i4');
    // One shared word is not enough when the burst has more: another brand's vacuum is another story.
    expect(matchIncident(burst, { category: 'product_quality', keywords: ['dyson', 'vacuum', 'charg'] }, [])).toBeUndefined();
    // A product incident reaches the customers who spelled the product otherwise.
    expect(matchIncident(burst, { category: 'product_quality', product: 'Zephyr 2000', keywords: ['zephyr', 'kettle', 'leak'] }, [])?.id).toBe('i5');
    // The word it was signalled under is enough on its own.
    expect(matchIncident(burst, { category: 'product_quality', keywords: ['my', 'battery', 'drain'] }, [])?.id).toBe('i4');
    // A burst of one word needs that word.
    expect(matchIncident(indexIncidents([incident('i6', 'keyword', 'outage')]), { category: 'other', keywords: ['outage'] }, [])?.id).toBe('i6');
  });
});

describe('the update of a closed incident', () => {
  let phrases: Phrasebook;
  beforeAll(async () => {
    phrases = (await testContent()).phrases;
  });
  const QUIET = { startHour: 21, endHour: 8 };
  const rules: FollowUpRules = { isQuiet: (at, tz) => isQuietHour(at, tz, QUIET), nextAllowed: (at, tz) => nextAllowedTime(at, tz, { startHour: 9, endHour: 20 }, QUIET) };
  /** 10:00 and 23:30 in Shanghai. */
  const DAYTIME = new Date('2027-03-01T02:00:00Z');
  const NIGHT = new Date('2027-03-01T15:30:00Z');
  const facts = (overrides: Partial<FollowUpFacts['customer']> = {}, language = 'zh'): FollowUpFacts => ({
    kind: 'outreach',
    followUpId: 'fu-1',
    payload: { reason: 'crisis_update', incidentId: 'incident-1', update: { zh: '密封圈已寄出。', en: 'The seals have been shipped.' }, language },
    customer: { name: 'Li Na', locale: 'en', timezone: 'Asia/Shanghai', tier: 'B', optOutGreetings: false, optOutMarketing: false, ...overrides },
    caseInfo: null,
    commitment: null,
    reachable: true,
    takenUpSince: false,
    withPeople: false,
    staffId: null,
  });

  it('goes out in the language the customer was told the statement in', () => {
    const zh = decideFollowUp(facts(), DAYTIME, phrases, rules);
    expect(zh.action === 'send' && zh.text).toContain('密封圈已寄出。');
    const en = decideFollowUp(facts({}, 'en'), DAYTIME, phrases, rules);
    expect(en.action === 'send' && en.text).toMatch(/^Hi Li Na!.*The seals have been shipped\./s);
  });

  it('waits out quiet hours, reaches customers who only opted out of marketing, and never one who asked for no messages', () => {
    expect(decideFollowUp(facts(), NIGHT, phrases, rules)).toMatchObject({ action: 'defer' });
    expect(decideFollowUp(facts({ optOutMarketing: true }), DAYTIME, phrases, rules)).toMatchObject({ action: 'send' });
    expect(decideFollowUp(facts({ optOutGreetings: true }), DAYTIME, phrases, rules)).toMatchObject({ action: 'cancel' });
  });

  it('says the window in words for the staff chat', () => {
    expect([windowText(HOUR), windowText(2 * HOUR), windowText(30 * 60_000)]).toEqual(['hour', '2 hours', '30 minutes']);
  });
});
