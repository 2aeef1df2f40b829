// The rating asked after a chat (CSAT), pure: what counts as a score, the score → comment → thanks
// flow in both languages (buttons, digits, Chinese numerals, a non-answer), when the bot asks after
// resolving a chat alone, and what the follow-up job decides for a due rating.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { readRatingScore, ratingChoices } from '../../src/domain/flow/chat-rating.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import { decideFollowUp, type FollowUpFacts, type FollowUpRules } from '../../src/domain/follow-ups/decide-follow-up.ts';
import { isQuietHour, nextAllowedTime } from '../../src/domain/greetings/send-window.ts';
import type { ConversationStatus, Language } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const HOUR = 60 * 60_000;
const QUIET = { startHour: 21, endHour: 8 };
const rules: FollowUpRules = {
  isQuiet: (at, tz) => isQuietHour(at, tz, QUIET),
  nextAllowed: (at, tz) => nextAllowedTime(at, tz, { startHour: 9, endHour: 20 }, QUIET),
  ratingWithinMs: 4 * HOUR,
};
/** 10:00 in Shanghai. */
const DAYTIME = new Date('2027-03-10T02:00:00Z');
/** 23:30 in Shanghai: quiet hours until 09:00, nine and a half hours away. */
const NIGHT = new Date('2027-03-10T15:30:00Z');
/** 07:30 in Shanghai: quiet hours until 09:00, an hour and a half away. */
const DAWN = new Date('2027-03-09T23:30:00Z');

function ratingFacts(overrides: Partial<FollowUpFacts> = {}, at: Date = DAYTIME, language: Language = 'en'): FollowUpFacts {
  return {
    kind: 'rating',
    followUpId: 'fu-r',
    payload: { ratingId: 'r-1', conversationId: 'conv-1', channel: 'webchat', servedBy: 'staff', staffId: 'staff-7', language, askedAt: at.toISOString() },
    customer: { name: 'Li Na', locale: language, timezone: 'Asia/Shanghai', tier: 'B', optOutGreetings: false, optOutMarketing: false },
    caseInfo: null,
    commitment: null,
    reachable: true,
    takenUpSince: false,
    withPeople: false,
    staffId: 'staff-7',
    ...overrides,
  };
}

class Chat {
  state: FlowState = flowStateSchema.parse({});
  status: ConversationStatus = 'bot';
  last!: TurnOutcome;
  private ids = 0;

  constructor(private readonly ratingAfterBot = false) {}

  /** The rating question as the follow-up job sends it: its flow patch lands in this conversation. */
  asked(language: Language): string[] {
    const decision = decideFollowUp(ratingFacts({}, DAYTIME, language), DAYTIME, content.phrases, rules);
    if (decision.action !== 'send') throw new Error(`not sent: ${decision.action}`);
    this.state = flowStateSchema.parse({ ...this.state, ...decision.flowPatch });
    return decision.choices ?? [];
  }

  async say(text: string): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? 'en');
    this.last = decideTurn(
      { text, nlu, knowledge, customer: { id: 'c1', name: 'Li Na', tier: 'C', timezone: 'Asia/Shanghai' }, status: this.status, state: this.state },
      contentFlowDeps(content, {
        now: DAYTIME,
        newId: () => `id-${++this.ids}`,
        ...(this.ratingAfterBot ? { ratingAfterBot: true } : {}),
      }),
    );
    this.state = this.last.state;
    for (const e of this.last.effects) if (e.type === 'setStatus') this.status = e.status;
    return this.last;
  }

  get text(): string {
    return this.last.replies.map((r) => r.text).join('\n');
  }

  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> | undefined {
    return this.last.effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

describe('reading a chat rating score', () => {
  it('takes a digit, a full-width digit, a Chinese numeral or a button label, in either language', () => {
    const { phrases } = content;
    expect(['1', '5', ' 3 ', '４', '２。', '一', '三', '五', '4 Good', '4 满意', '1 very poor', '5 非常满意'].map((t) => readRatingScore(t, phrases))).toEqual([1, 5, 3, 4, 2, 1, 3, 5, 4, 4, 1, 5]);
  });

  it('counts nothing else as a score', () => {
    for (const text of ['0', '6', '12', '4分', 'four', 'good', '五星好评', '两', 'I give it 5', 'Excellent', '满意']) expect(readRatingScore(text, content.phrases), text).toBeUndefined();
  });

  it('offers five buttons in the customer’s language', () => {
    expect(ratingChoices(content.phrases, 'en')).toEqual(['1 Very poor', '2 Poor', '3 OK', '4 Good', '5 Excellent']);
    expect(ratingChoices(content.phrases, 'zh')).toEqual(['1 很不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意']);
  });
});

describe('the chat rating flow', () => {
  it('records a pressed score with who served, asks for a comment with a no-thanks button, and keeps the comment', async () => {
    const chat = new Chat();
    const buttons = chat.asked('en');
    await chat.say(buttons[3]!);
    expect(chat.effect('recordRating')).toEqual({ type: 'recordRating', rating: { id: 'r-1', conversationId: 'conv-1', channel: 'webchat', score: 4, servedBy: 'staff', staffId: 'staff-7' } });
    expect(chat.text).toMatch(/anything you'd like to add/i);
    expect(chat.last.replies.at(-1)?.choices).toEqual(['No, thanks']);
    await chat.say('The agent was very patient with me');
    expect(chat.effect('recordRatingComment')).toEqual({ type: 'recordRatingComment', ratingId: 'r-1', comment: 'The agent was very patient with me' });
    expect(chat.text).toMatch(/thank you for your feedback/i);
    expect(chat.state.rating).toBeUndefined();
  });

  it('thanks without a comment on “No, thanks”, in Chinese, for a score typed as a Chinese numeral', async () => {
    const chat = new Chat();
    chat.asked('zh');
    await chat.say('五');
    expect(chat.effect('recordRating')?.rating.score).toBe(5);
    expect(chat.text).toContain('还有什么想补充的吗');
    await chat.say('不用了，谢谢');
    expect(chat.effect('recordRatingComment')).toBeUndefined();
    expect(chat.text).toContain('感谢您的反馈');
    expect(chat.state.rating).toBeUndefined();
  });

  it('reads a typed digit (full-width too) and says sorry for a low score', async () => {
    const chat = new Chat();
    chat.asked('zh');
    await chat.say('２');
    expect(chat.effect('recordRating')?.rating.score).toBe(2);
    await chat.say('等了太久了，希望下次快一点');
    expect(chat.effect('recordRatingComment')?.comment).toBe('等了太久了，希望下次快一点');
    expect(chat.text).toContain('很抱歉这次没能让您满意');
  });

  it('drops the rating for a message that is not an answer and handles it as any message', async () => {
    const chat = new Chat();
    chat.asked('en');
    await chat.say('How long does delivery take?');
    expect(chat.effect('recordRating')).toBeUndefined();
    expect(chat.state.rating).toBeUndefined();
    expect(chat.text).not.toMatch(/anything you'd like to add/i);
    expect(chat.text.length).toBeGreaterThan(0);
    // A digit now is no longer a score.
    await chat.say('4');
    expect(chat.effect('recordRating')).toBeUndefined();
  });
});

describe('a rating after the bot resolved a chat alone (CSAT_AFTER_BOT)', () => {
  it('is asked when the customer thanks the bot after an answer, and only once', async () => {
    const chat = new Chat(true);
    await chat.say('How long does delivery take?');
    expect(chat.state.answered.length).toBeGreaterThan(0);
    await chat.say('Thanks, bye!');
    expect(chat.effect('askRating')).toMatchObject({ type: 'askRating', language: 'en' });
    await chat.say('thank you');
    expect(chat.effect('askRating')).toBeUndefined();
  });

  it('is not asked without a bot answer, once people took part, or when switched off', async () => {
    const nothingAnswered = new Chat(true);
    await nothingAnswered.say('Thank you');
    expect(nothingAnswered.effect('askRating')).toBeUndefined();

    const withPeople = new Chat(true);
    await withPeople.say('How long does delivery take?');
    await withPeople.say('I want to talk to a person');
    expect(withPeople.status).toBe('queued');
    withPeople.status = 'bot';
    await withPeople.say('never mind, thanks bye');
    await withPeople.say('Thanks, bye!');
    expect(withPeople.effect('askRating')).toBeUndefined();

    const off = new Chat(false);
    await off.say('How long does delivery take?');
    await off.say('Thanks, bye!');
    expect(off.effect('askRating')).toBeUndefined();
  });
});

describe('deciding a due chat rating', () => {
  it('asks with five buttons and puts the rating into the flow state, in the customer’s language', () => {
    const decision = decideFollowUp(ratingFacts({}, DAYTIME, 'zh'), DAYTIME, content.phrases, rules);
    expect(decision).toMatchObject({ action: 'send', choices: ['1 很不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意'] });
    expect(decision.action === 'send' && decision.text).toContain('Li Na');
    expect(decision.action === 'send' && decision.flowPatch).toMatchObject({
      rating: { ratingId: 'r-1', conversationId: 'conv-1', servedBy: 'staff', staffId: 'staff-7', language: 'zh', stage: 'score' },
    });
  });

  it('skips a customer who opted out or cannot be reached', () => {
    expect(decideFollowUp(ratingFacts({ customer: { ...ratingFacts().customer, optOutGreetings: true } }), DAYTIME, content.phrases, rules)).toMatchObject({
      action: 'cancel',
      rating: { id: 'r-1', status: 'skipped' },
    });
    expect(decideFollowUp(ratingFacts({ reachable: false }), DAYTIME, content.phrases, rules)).toMatchObject({ action: 'cancel', rating: { id: 'r-1', status: 'skipped' } });
  });

  it('waits out quiet hours that end in time, and expires a rating that would go out stale', () => {
    expect(decideFollowUp(ratingFacts({}, DAWN), DAWN, content.phrases, rules)).toEqual({ action: 'defer', until: new Date('2027-03-10T01:00:00Z'), reason: 'quiet hours' });
    expect(decideFollowUp(ratingFacts({}, NIGHT), NIGHT, content.phrases, rules)).toMatchObject({ action: 'cancel', rating: { id: 'r-1', status: 'expired' } });
    const late = new Date(DAYTIME.getTime() + 5 * HOUR);
    expect(decideFollowUp(ratingFacts({}, DAYTIME), late, content.phrases, rules)).toMatchObject({ action: 'cancel', rating: { status: 'expired' } });
  });
});
