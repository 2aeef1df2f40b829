// A chat rating question is answered in time or not at all: a "2" written days after the question
// is not taken as the score (English and Chinese), and a rating's turns keep a contact-log row of
// their own, so the rated conversation's contact ("inquiry … answered") is not overwritten.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { RATING_QUESTION_OPEN_MS } from '../../src/domain/flow/chat-rating.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import { decideFollowUp, type FollowUpRules } from '../../src/domain/follow-ups/decide-follow-up.ts';
import type { Language } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** 10:00 in Shanghai. */
const ASKED_AT = new Date('2027-03-10T02:00:00Z');
const rules: FollowUpRules = { isQuiet: () => false, nextAllowed: (at) => at, ratingWithinMs: 4 * HOUR };

class RatedChat {
  state: FlowState = flowStateSchema.parse({});
  last!: TurnOutcome;
  private ids = 0;

  constructor(private readonly ratingAfterBot = false) {}

  /** The rating question as the follow-up job sends it at ASKED_AT; its flow patch lands in this conversation. */
  asked(language: Language, servedBy: 'bot' | 'staff' = 'staff'): void {
    const payload = { ratingId: 'r-1', conversationId: 'conv-1', channel: 'webchat', servedBy, staffId: servedBy === 'staff' ? 'staff-7' : null, language, askedAt: ASKED_AT.toISOString() };
    const decision = decideFollowUp(
      {
        kind: 'rating',
        followUpId: 'fu-r',
        payload,
        customer: { name: 'Li Na', locale: language, timezone: 'Asia/Shanghai', tier: 'B', optOutGreetings: false, optOutMarketing: false },
        caseInfo: null,
        commitment: null,
        reachable: true,
        takenUpSince: false,
        withPeople: false,
        staffId: payload.staffId,
      },
      ASKED_AT,
      content.phrases,
      rules,
    );
    if (decision.action !== 'send') throw new Error(`not sent: ${decision.action}`);
    this.state = flowStateSchema.parse({ ...this.state, ...decision.flowPatch });
  }

  async say(text: string, now: Date = ASKED_AT): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? 'en');
    this.last = decideTurn(
      { text, nlu, knowledge, customer: { id: 'c1', name: 'Li Na', tier: 'C', timezone: 'Asia/Shanghai' }, status: 'bot', state: this.state },
      contentFlowDeps(content, {
        now,
        newId: () => `id-${++this.ids}`,
        ...(this.ratingAfterBot ? { ratingAfterBot: true } : {}),
      }),
    );
    this.state = this.last.state;
    // What the engine does with the contact: the conversation's row unless the turn names its own.
    if (!this.last.contact.id) this.state.contactId ??= `contact-${++this.ids}`;
    return this.last;
  }

  get text(): string {
    return this.last.replies.map((r) => r.text).join('\n');
  }

  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> | undefined {
    return this.last.effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

describe('an answer to the rating question', () => {
  it('is taken within the answer window', async () => {
    const chat = new RatedChat();
    chat.asked('en');
    expect(chat.state.rating?.askedAt).toBe(ASKED_AT.toISOString());
    await chat.say('2', new Date(ASKED_AT.getTime() + 2 * DAY));
    expect(chat.effect('recordRating')?.rating.score).toBe(2);
  });

  it('is not taken after the window: the question is dropped and the message read as any other (English)', async () => {
    const chat = new RatedChat();
    chat.asked('en');
    await chat.say('2', new Date(ASKED_AT.getTime() + 7 * DAY));
    expect(chat.effect('recordRating')).toBeUndefined();
    expect(chat.state.rating).toBeUndefined();
    expect(chat.text).not.toMatch(/anything you'd like to add/i);
    expect(chat.text.length).toBeGreaterThan(0);
  });

  it('in Chinese too, for a button pressed late', async () => {
    const chat = new RatedChat();
    chat.asked('zh');
    await chat.say('2 不满意', new Date(ASKED_AT.getTime() + RATING_QUESTION_OPEN_MS + HOUR));
    expect(chat.effect('recordRating')).toBeUndefined();
    expect(chat.state.rating).toBeUndefined();
    expect(chat.text).not.toContain('还有什么想补充的吗');
  });

  it('keeps no comment written after the window', async () => {
    const chat = new RatedChat();
    chat.asked('en');
    await chat.say('4', ASKED_AT);
    expect(chat.effect('recordRating')?.rating.score).toBe(4);
    await chat.say('The agent was great, by the way', new Date(ASKED_AT.getTime() + 5 * DAY));
    expect(chat.effect('recordRatingComment')).toBeUndefined();
    expect(chat.state.rating).toBeUndefined();
  });

  it('is taken when an older state has no time of asking', async () => {
    const chat = new RatedChat();
    chat.asked('en');
    delete chat.state.rating!.askedAt;
    await chat.say('5', new Date(ASKED_AT.getTime() + 7 * DAY));
    expect(chat.effect('recordRating')?.rating.score).toBe(5);
  });
});

describe('the contact log of a conversation the bot resolved and then asked to rate', () => {
  it.each([
    ['en', 'How long does delivery take?', 'Thanks, bye!', '5', 'No, thanks'],
    ['zh', '发货要多久', '谢谢，再见', '五', '不用了'],
  ] as const)('keeps the inquiry contact: the rating turns write a row of their own (%s)', async (language, question, thanks, score, noComment) => {
    const chat = new RatedChat(true);
    await chat.say(question);
    expect(chat.last.contact).toMatchObject({ kind: 'inquiry', outcome: 'answered' });
    await chat.say(thanks);
    expect(chat.effect('askRating')).toBeDefined();
    const conversationContact = chat.state.contactId;
    expect(conversationContact).toBeDefined();
    // The job asks in the same bot conversation (CSAT_AFTER_BOT).
    chat.asked(language, 'bot');
    await chat.say(score);
    expect(chat.effect('recordRating')).toBeDefined();
    const ratingContact = chat.last.contact.id;
    expect(chat.last.contact).toMatchObject({ kind: 'rating' });
    expect(ratingContact).toBeDefined();
    expect(ratingContact).not.toBe(conversationContact);
    await chat.say(noComment);
    expect(chat.last.contact).toMatchObject({ id: ratingContact, kind: 'rating', outcome: 'answered' });
    // The conversation's own contact is where it was, for whatever the customer says next.
    expect(chat.state.contactId).toBe(conversationContact);
  });
});
