// Every promised time falls inside staff hours (pure flow, real NLU, policy and phrases): the
// callback promised at step 4 and one the customer asks for ("call me back at 10 tonight") move to
// the next staffed time and the customer is told so, in English and Chinese; and a waiting customer
// already told of the delay by the SLA pass is not apologised to a second time.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import type { CustomerView, TurnInput } from '../../src/domain/flow/context.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { requestedTime } from '../../src/domain/flow/requested-time.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import { parseStaffHours, staffAvailability } from '../../src/domain/staff-hours.ts';
import type { ConversationStatus, Tier } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const hours = parseStaffHours('09:00-21:00', '1-7', 'Asia/Shanghai');
/** An instant given as China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);

class Chat {
  state: FlowState = flowStateSchema.parse({});
  status: ConversationStatus = 'bot';
  queue: TurnInput['queue'];
  last!: TurnOutcome;
  private ids = 0;

  constructor(
    public now: Date,
    tier: Tier = 'C',
    readonly customer: CustomerView = { id: 'c1', name: 'Alice', tier, timezone: 'Asia/Shanghai' },
  ) {}

  async say(text: string): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? 'en');
    this.last = decideTurn(
      { text, nlu, knowledge, customer: this.customer, status: this.status, state: this.state, ...(this.queue ? { queue: this.queue } : {}) },
      contentFlowDeps(content, {
        now: this.now,
        newId: () => `id-${++this.ids}`,
        staff: staffAvailability(hours, this.now),
        staffHours: hours,
      }),
    );
    this.state = this.last.state;
    for (const e of this.last.effects) if (e.type === 'setStatus') this.status = e.status;
    return this.last;
  }

  get text(): string {
    return this.last.replies.map((r) => r.text).join('\n');
  }

  get choices(): string[] {
    return this.last.replies.at(-1)?.choices ?? [];
  }

  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> | undefined {
    return this.last.effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  async toAgreementEn(): Promise<void> {
    await this.say('The kettle from order 12345678 leaks water everywhere, so disappointing');
    await this.say('Mingyue Smart Kettle K2');
    await this.say('A replacement');
    await this.say("Yes, that's right");
    await this.say(this.choices[0]!);
  }

  async toAgreementZh(): Promise<void> {
    await this.say('你好 我家电水壶坏了 按下去灯不亮');
    await this.say('订单号是58830127');
    await this.say('嗯 换一个吧');
    await this.say('对');
    await this.say('换新');
  }
}

describe('the callback promised at step 4', () => {
  it('moves to the next opening when the promised time falls after closing, and says so (English)', async () => {
    // Tier B is promised a callback in 240 minutes: 18:00 + 4 h is 22:00, after the 21:00 closing.
    const chat = new Chat(cst('2026-12-07T18:00:00'), 'B');
    await chat.toAgreementEn();
    expect(chat.state.complaint?.step).toBe(4);
    expect(chat.text).toMatch(/09:00/);
    expect(chat.text).toMatch(/People are here 9:00–21:00 China time, so that is the first time a colleague is in/);
    await chat.say('Yes, agreed');
    const [callback] = chat.effect('recordCommitment')!.followUps;
    expect(callback!.dueAt).toEqual(cst('2026-12-08T09:00:00'));
    expect(chat.text).toMatch(/09:00/);
  });

  it('moves in Chinese too', async () => {
    const chat = new Chat(cst('2026-12-07T18:00:00'), 'B');
    await chat.toAgreementZh();
    expect(chat.state.complaint?.step).toBe(4);
    expect(chat.text).toMatch(/09:00/);
    expect(chat.text).toContain('人工服务时间为北京时间9:00–21:00，这是同事上班后最早的时间');
    await chat.say('好');
    expect(chat.effect('recordCommitment')!.followUps[0]!.dueAt).toEqual(cst('2026-12-08T09:00:00'));
  });

  it('stays where it was promised when staff are at work then, with no note', async () => {
    const chat = new Chat(cst('2026-12-07T10:00:00'), 'B');
    await chat.toAgreementEn();
    expect(chat.text).not.toMatch(/first time a colleague is in/);
    await chat.say('Yes, agreed');
    expect(chat.effect('recordCommitment')!.followUps[0]!.dueAt).toEqual(cst('2026-12-07T14:00:00'));
  });
});

describe('a callback the customer asks for', () => {
  it('at a time nobody works moves to the next opening, and the customer is told why (English)', async () => {
    const chat = new Chat(cst('2026-12-07T15:00:00'));
    await chat.say('Can you call me back at 10 tonight? My number is 13812345678');
    const followUp = chat.effect('scheduleFollowUp')!.followUp;
    expect(followUp.dueAt).toEqual(cst('2026-12-08T09:00:00'));
    expect(chat.text).toMatch(/aren't in at .*22:00/);
    expect(chat.text).toMatch(/at .*09:00, when they're back/);
  });

  it('in Chinese, remembered while the bot asks for the number', async () => {
    const chat = new Chat(cst('2026-12-07T15:00:00'));
    await chat.say('请今晚10点给我回个电话');
    expect(chat.text).toMatch(/手机号码/);
    await chat.say('13812345678');
    expect(chat.effect('scheduleFollowUp')!.followUp.dueAt).toEqual(cst('2026-12-08T09:00:00'));
    expect(chat.text).toMatch(/22:00我们的同事不在班/);
    expect(chat.text).toMatch(/09:00致电\+8613812345678/);
    expect(chat.state.callbackAskedFor).toBeUndefined();
  });

  it('at a staffed time is kept as asked', async () => {
    const chat = new Chat(cst('2026-12-07T10:00:00'));
    await chat.say('Please call me back at 3pm, my number is 13812345678');
    expect(chat.effect('scheduleFollowUp')!.followUp.dueAt).toEqual(cst('2026-12-07T15:00:00'));
    expect(chat.text).toMatch(/We'll call you on \+8613812345678 at .*15:00/);
  });

  it('without a time falls back to the tier’s promise, moved into staff hours', async () => {
    // Tier C waits 1440 minutes: 20:50 tomorrow, inside staff hours; tier A 60 minutes: after closing.
    const chat = new Chat(cst('2026-12-07T20:30:00'), 'A');
    await chat.say('Please call me back, my number is 13812345678');
    expect(chat.effect('scheduleFollowUp')!.followUp.dueAt).toEqual(cst('2026-12-08T09:00:00'));
    expect(chat.text).toMatch(/first time a colleague is in/);
  });
});

describe('reading a requested time', () => {
  const now = cst('2026-12-07T15:00:00');
  it.each([
    ['call me at 10 tonight', cst('2026-12-07T22:00:00')],
    ['call me tomorrow at 9am', cst('2026-12-08T09:00:00')],
    ['ring me at 16:30', cst('2026-12-07T16:30:00')],
    ['at 11am please', cst('2026-12-08T11:00:00')],
    ['明天上午九点半给我回电话', cst('2026-12-08T09:30:00')],
    ['今晚十点打给我', cst('2026-12-07T22:00:00')],
    ['下午5点回电', cst('2026-12-07T17:00:00')],
  ])('%s', (text, expected) => {
    expect(requestedTime(text, now, 'Asia/Shanghai')).toEqual(expected);
  });

  it.each(['call me back later', 'my order is 12345678', 'I waited 10 minutes', 'at 10 people'])('no time in "%s"', (text) => {
    expect(requestedTime(text, now, 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('after the SLA pass told a waiting customer of the delay', () => {
  it('owns up the first time when not told yet, and only says where they stand once told', async () => {
    const now = cst('2026-12-07T11:00:00');
    const chat = new Chat(now);
    await chat.say('I want to talk to a person');
    expect(chat.status).toBe('queued');
    chat.queue = { position: 2, waitingSince: cst('2026-12-07T10:00:00') };
    await chat.say('hello? anyone there');
    expect(chat.text).toMatch(/longer than we promised/);

    const told = new Chat(now);
    await told.say('I want to talk to a person');
    told.queue = { position: 2, waitingSince: cst('2026-12-07T10:00:00'), delayNoticed: true };
    await told.say('hello? anyone there');
    expect(told.text).not.toMatch(/sorry|longer than we promised/i);
    expect(told.text).toMatch(/number 2 .*estimate/);
  });

  it('in Chinese too', async () => {
    const told = new Chat(cst('2026-12-07T11:00:00'));
    await told.say('我要人工客服');
    told.queue = { position: 3, waitingSince: cst('2026-12-07T10:00:00'), delayNoticed: true };
    await told.say('还要等多久');
    expect(told.text).not.toMatch(/抱歉/);
    expect(told.text).toMatch(/第3位/);
  });
});
