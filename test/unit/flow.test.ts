// The five-step flow and its escalations, driven turn by turn through the real NLU, policy,
// phrases and knowledge base (pure domain: no store, no network).

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import type { CustomerView } from '../../src/domain/flow/context.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import type { ConversationStatus } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

class Chat {
  state: FlowState = flowStateSchema.parse({});
  status: ConversationStatus = 'bot';
  now = new Date('2026-11-23T10:00:00Z');
  last!: TurnOutcome;
  private ids = 0;

  constructor(readonly customer: CustomerView = { id: 'c1', name: 'Alice', tier: 'C', timezone: 'Asia/Shanghai' }) {}

  async say(text: string): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? 'en');
    this.last = decideTurn({ text, nlu, knowledge, customer: this.customer, status: this.status, state: this.state }, contentFlowDeps(content, { now: this.now, newId: () => `id-${++this.ids}` }));
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

  /** Drives a product complaint to the options of step 3. */
  async toOptions(): Promise<void> {
    await this.say('The kettle from order 12345678 leaks water everywhere, so disappointing');
    await this.say('Mingyue Smart Kettle K2');
    await this.say('A replacement');
    await this.say("Yes, that's right");
  }
}

describe('five-step complaint flow', () => {
  it('opens with atmosphere: name, thanks, the feeling acknowledged, an apology, then an open question', async () => {
    const chat = new Chat();
    await chat.say('My vacuum cleaner broke after one week, this is really annoying');
    expect(chat.text).toContain('Alice');
    expect(chat.text).toMatch(/thank you for telling us/i);
    expect(chat.text).toMatch(/sorry/i);
    expect(chat.effect('openCase')).toMatchObject({ category: 'product_quality' });
    expect(chat.state.complaint?.step).toBe(1);
  });

  it('collects the facts, restates them and moves to 2–3 choices only after a yes', async () => {
    const chat = new Chat();
    await chat.toOptions();
    expect(chat.state.complaint?.step).toBe(3);
    expect(chat.choices.length).toBeGreaterThanOrEqual(2);
    expect(chat.choices.length).toBeLessThanOrEqual(3);
    expect(chat.choices[0]).toMatch(/replacement/i);
  });

  it('records the commitment with a callback at the promised time and a revisit after it', async () => {
    const chat = new Chat();
    await chat.toOptions();
    await chat.say(chat.choices[0]!);
    expect(chat.state.complaint?.step).toBe(4);
    await chat.say('Yes, agreed');
    const recorded = chat.effect('recordCommitment');
    expect(recorded?.commitment.kind).toBe('replacement');
    const [callback, revisit] = recorded!.followUps;
    expect(callback!.dueAt.getTime() - chat.now.getTime()).toBe(content.policy.callbackMinutes.C * 60_000);
    expect(revisit!.dueAt.getTime()).toBe(recorded!.commitment.dueAt.getTime() + content.policy.revisitDelayMinutes * 60_000);
    expect(chat.state.complaint).toBeUndefined();
  });

  it('goes back a step when asked', async () => {
    const chat = new Chat();
    await chat.toOptions();
    await chat.say(chat.choices[1]!);
    expect(chat.state.complaint?.step).toBe(4);
    await chat.say('go back');
    expect(chat.state.complaint?.step).toBe(3);
    expect(chat.choices.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a refund above the tier cap and offers the options again', async () => {
    const chat = new Chat();
    await chat.toOptions();
    await chat.say('I want a refund of ¥50000');
    expect(chat.text).toMatch(/more than I can promise/);
    expect(chat.state.complaint?.step).toBe(3);
  });

  it('records the refund asked for when choosing it, not an amount slipped into the agreement', async () => {
    const chat = new Chat();
    await chat.toOptions();
    await chat.say('I want a refund of ¥300');
    expect(chat.state.complaint).toMatchObject({ step: 4, requestedCents: 30_000 });
    await chat.say('Yes, agreed ¥5000');
    expect(chat.effect('recordCommitment')?.commitment).toMatchObject({ kind: 'refund', amountCents: 30_000 });
  });

  it('does not take a hesitant answer as agreement', async () => {
    for (const hedge of ['Yes, but I am still thinking about it', '好的，我再考虑一下']) {
      const chat = new Chat();
      await chat.toOptions();
      await chat.say('1');
      await chat.say(hedge);
      expect(chat.effect('recordCommitment')).toBeUndefined();
      expect(chat.state.complaint?.step).toBe(4);
    }
  });

  it('offers the remaining options after a no at step 4, and hands over after a second no', async () => {
    const chat = new Chat();
    await chat.toOptions();
    await chat.say('1');
    await chat.say('No');
    expect(chat.status).toBe('bot');
    expect(chat.choices).toHaveLength(2);
    expect(chat.choices.join(' ')).not.toMatch(/replacement/i);
    await chat.say('No');
    expect(chat.effect('escalate')?.reason).toBe('no_agreement');
    expect(chat.status).toBe('queued');
    // The summary for staff says what was offered and what the customer turned down.
    const { summary, summaries } = chat.effect('escalate')!;
    expect(summary).toMatch(/^Alice \(tier C\) did not accept what the bot offered\./);
    expect(summary).toMatch(/The bot offered “A new replacement[^”]*”; “Free repair/);
    expect(summary).toMatch(/They turned down “A new replacement[^”]*”; “Free repair[^”]*”; “Refund[^”]*”\./);
    expect(summaries?.zh).toMatch(/客户拒绝了“A new replacement/);
  });

  it('answers a question asked in the middle and returns to the pending question', async () => {
    const chat = new Chat();
    await chat.say('My headphones from order 12345678 stopped working, annoying');
    await chat.say('How long is the warranty?');
    expect(chat.text).toMatch(/warranty/i);
    expect(chat.text).toMatch(/back to your case/i);
    expect(chat.state.complaint?.step).toBeLessThanOrEqual(2);
  });

  it('welcomes the customer back after a long silence and picks up where it was', async () => {
    const chat = new Chat();
    await chat.say('The phone case I ordered arrived cracked, order 12345678');
    chat.now = new Date(chat.now.getTime() + 2 * 3600_000);
    await chat.say('sorry, I was away');
    expect(chat.text).toMatch(/welcome back/i);
  });

  it('runs the same procedure in Chinese', async () => {
    const chat = new Chat({ id: 'c2', name: '李女士', tier: 'B', timezone: 'Asia/Shanghai' });
    await chat.say('你们的电水壶漏水，订单号 88886666，太让人失望了');
    expect(chat.text).toContain('李女士');
    expect(chat.text).toMatch(/歉意/);
    expect(chat.state.language).toBe('zh');
  });
});

describe('escalation', () => {
  it('escalates a victimized customer at once, after acknowledging them', async () => {
    const chat = new Chat();
    await chat.say('You cheated me! You charged my card twice and refused to refund, I feel completely ripped off');
    const escalation = chat.effect('escalate');
    expect(escalation?.reason).toBe('victimized');
    expect(chat.status).toBe('queued');
    expect(chat.text).toMatch(/colleague/i);
  });

  it('puts a safety problem first in the queue', async () => {
    const chat = new Chat();
    await chat.say('The heater caught fire and my son burned his hand');
    expect(chat.effect('escalate')).toMatchObject({ reason: 'safety' });
    expect(chat.effect('escalate')!.priority).toBeGreaterThanOrEqual(100);
    expect(chat.text).toMatch(/safety/i);
  });

  it('gives A-tier customers a higher priority for the same reason', async () => {
    const c = new Chat();
    const a = new Chat({ id: 'a', name: 'VIP', tier: 'A', timezone: 'Asia/Shanghai' });
    await c.say('I want to talk to a real person');
    await a.say('I want to talk to a real person');
    expect(a.effect('escalate')!.priority).toBeGreaterThan(c.effect('escalate')!.priority);
  });

  it('sends an A-tier complaint straight to a person through the green channel, after hearing them', async () => {
    const chat = new Chat({ id: 'a', name: 'VIP', tier: 'A', timezone: 'Asia/Shanghai' });
    await chat.say('My refrigerator from order 12345678 stopped cooling, very disappointing');
    expect(chat.effect('openCase')).toBeDefined();
    expect(chat.effect('escalate')?.reason).toBe('a_tier_green_channel');
    expect(chat.text).toMatch(/sorry/i);
    expect(chat.text).toMatch(/account manager/i);
  });

  it('hands over a customer whose anger outlasts three messages of the complaint', async () => {
    const chat = new Chat();
    const furious = [
      'THIS IS RIDICULOUS! My blender broke after ONE day, order 12345678!!!',
      'ARE YOU KIDDING ME?! This is the WORST service ever!!!',
      'I am FURIOUS, fix this NOW or I will post everywhere!!!',
    ];
    for (const text of furious) await chat.say(text);
    expect(chat.state.angryStreak).toBeGreaterThanOrEqual(3);
    expect(chat.effect('escalate')?.reason).toBe('angry');
  });

  it('remembers the name the customer gives', async () => {
    const chat = new Chat({ id: 'n', tier: 'C', timezone: 'Asia/Shanghai' });
    await chat.say('Hello, my name is Li Wei');
    expect(chat.effect('updateCustomer')).toMatchObject({ name: 'Li Wei' });
  });

  it('says honestly what it can help with when it does not understand, and hands over after three misunderstandings in a row', async () => {
    const chat = new Chat();
    await chat.say('qwzx plorb');
    expect(chat.text).toMatch(/not something I can help with|outside what I can answer/);
    expect(chat.choices).toEqual(['Talk to a person']);
    expect(chat.status).toBe('bot');
    await chat.say('blarg fnord zzz');
    expect(chat.status).toBe('bot');
    expect(chat.text).not.toBe('');
    await chat.say('wibble wobble');
    expect(chat.effect('escalate')?.reason).toBe('repeated_misunderstanding');
  });

  it('moves a waiting customer up the queue when what they add is more urgent, never down', async () => {
    const chat = new Chat();
    await chat.say('I want to talk to a real person');
    const queued = chat.effect('escalate')!;
    expect(queued.reason).toBe('asked_for_person');
    await chat.say('ok, thanks');
    expect(chat.effect('escalate')).toBeUndefined();
    expect(chat.text).toMatch(/colleague/);
    await chat.say('wait, the charger is smoking and I saw sparks');
    const raised = chat.effect('escalate')!;
    expect(raised).toMatchObject({ reason: 'safety' });
    expect(raised.priority).toBeGreaterThan(queued.priority);
    expect(chat.text).toMatch(/colleague/);
    expect(chat.status).toBe('queued');
    // Saying it again is not more urgent.
    await chat.say('wait, the charger is smoking and I saw sparks');
    expect(chat.effect('escalate')).toBeUndefined();
  });

  it('keeps quiet while a person owns the conversation and sends a holding note while queued', async () => {
    const chat = new Chat();
    chat.status = 'human';
    expect((await chat.say('hello?')).replies).toEqual([]);
    chat.status = 'queued';
    expect((await chat.say('hello?')).replies[0]!.text).toMatch(/colleague/);
  });
});

describe('other requests', () => {
  it('opts the customer out of greetings only when they say so explicitly', async () => {
    const chat = new Chat();
    await chat.say('Please stop sending me holiday greetings');
    expect(chat.effect('optOut')).toBeDefined();
  });

  it('schedules a callback after asking for a phone number', async () => {
    const chat = new Chat();
    await chat.say('Can someone call me back please?');
    expect(chat.state.awaitingCallbackPhone).toBe(true);
    await chat.say('13812345678');
    expect(chat.effect('scheduleFollowUp')?.followUp.kind).toBe('callback');
    expect(chat.effect('updateCustomer')).toMatchObject({ phone: '+8613812345678' });
  });
});

describe('how are you', () => {
  it('answers a customer who asks how the bot is, in their language', async () => {
    for (const [text, answer] of [
      ['How are you today?', /doing well|all good/i],
      ["hey, how's it going", /doing well|all good/i],
      ['Good morning! How are you doing?', /doing well|all good/i],
      ['今天过得怎么样？', /我很好|挺好的/],
      ['你好吗', /我很好|挺好的/],
      ['您好，最近还好吗？', /我很好|挺好的/],
    ] as const) {
      const chat = new Chat();
      await chat.say(text);
      expect(chat.text, text).toMatch(answer);
      expect(chat.last.effects, text).toEqual([]);
      expect(chat.state.misunderstandings, text).toBe(0);
    }
  });

  it('reads a question that only starts like one as the question it is', async () => {
    const chat = new Chat();
    await chat.say('How are you going to fix my broken kettle? It leaks everywhere');
    expect(chat.text).not.toMatch(/doing well|all good/i);
    const asked = new Chat();
    await asked.say('Hi, how are you? How long does delivery take?');
    expect(asked.text).toMatch(/ship|deliver|arrive/i);
    for (const text of ['今天怎么样？', '好吗？', '还好吗']) {
      const other = new Chat();
      await other.say(text);
      expect(other.text, text).not.toMatch(/我很好|挺好的/);
    }
  });

  it('goes back to the open complaint after answering', async () => {
    const chat = new Chat();
    await chat.say('The kettle from order 12345678 leaks water everywhere, so disappointing');
    await chat.say('how are you?');
    expect(chat.text).toMatch(/doing well|all good/i);
    expect(chat.state.complaint?.step).toBe(1);
    expect(chat.last.replies.length).toBe(2);
  });
});

describe('questions the classifier misreads', () => {
  /** Each text, the first message of a new chat, gets the answer of the entry named beside it. */
  async function expectAnswered(cases: readonly (readonly [text: string, entryId: string])[]): Promise<void> {
    for (const [text, id] of cases) {
      const chat = new Chat();
      await chat.say(text);
      const entry = content.knowledge.get(id);
      const answered = chat.last.replies.some((reply) => reply.text === entry?.answer.en || reply.text === entry?.answer.zh);
      expect(answered, `${text}: ${chat.text}`).toBe(true);
    }
  }

  /** Each text, the first message of a new chat, gets a reply that matches the pattern beside it. */
  async function expectReplies(cases: readonly (readonly [text: string, reply: RegExp])[]): Promise<void> {
    for (const [text, reply] of cases) {
      const chat = new Chat();
      await chat.say(text);
      expect(chat.text, text).toMatch(reply);
    }
  }

  it('answers a request read as small talk when an entry answers it clearly', async () => {
    await expectAnswered([
      ['invoice for my company please', 'invoice'],
      ['change my delivery address', 'change-delivery-address'],
      ['你们门店在哪', 'physical-stores'],
    ]);
    await expectReplies([
      ["thanks, that's all", /have a great day|come back any time/i],
      ['好的谢谢', /不客气|还有什么/],
    ]);
  });

  it('answers a request read as a complaint that names no fault: an imperative, a question about a product', async () => {
    await expectAnswered([
      ['track my parcel now', 'tracking-parcel'],
      ['is there a pdf manual for the AF-200 air fryer I bought?', 'product-manuals'],
    ]);
    const complained = new Chat();
    await complained.say('my new air fryer stopped heating after two days, can you replace it?');
    expect(complained.state.complaint).toBeDefined();
  });

  it('reads a yes or a no that opens the conversation as the question it may be', async () => {
    await expectAnswered([
      ['card payment not going through', 'payment-failed'],
      ['yes contact info', 'phone-email-contact'],
    ]);
    await expectReplies([
      ['ok', /anything else/i],
      ['不用了', /还有什么/],
    ]);
  });

  it('reads Chinese A-not-A and tag questions as questions', async () => {
    await expectAnswered([
      ['深圳有门店不', 'physical-stores'],
      ['发票能开不', 'invoice'],
      ['积分在哪查', 'membership-points'],
    ]);
  });
});

describe('customers in their own words (cases from the review)', () => {
  /** A Chinese product complaint up to the restatement. */
  async function zhRestatement(): Promise<Chat> {
    const chat = new Chat({ id: 'z', name: '王', tier: 'C', timezone: 'Asia/Shanghai' });
    await chat.say('电水壶坏了，订单号 58830127，想换个新的');
    expect(chat.state.complaint?.confirming).toBe(true);
    return chat;
  }

  it('reads more of the story at the restatement, not a yes that happens to open it', async () => {
    const chat = await zhRestatement();
    await chat.say('好像盖子也裂了');
    expect(chat.state.complaint?.step).toBe(2);
    expect(chat.state.complaint?.facts.problem).toContain('盖子也裂了');
  });

  it('takes "no problem" at the agreement as a yes, and "我不想要退款" as no choice of the refund', async () => {
    const agreeing = new Chat();
    await agreeing.toOptions();
    await agreeing.say('1');
    await agreeing.say('No problem, go ahead');
    expect(agreeing.effect('recordCommitment')).toBeDefined();
    const refusing = await zhRestatement();
    await refusing.say('对');
    await refusing.say('我不想要退款');
    expect(refusing.state.complaint?.chosen).not.toBe('refund');
  });

  it('hands over when asked for a person, even in a message that also asks whether it is a bot', async () => {
    const chat = new Chat();
    await chat.say('你是机器人吧，转人工');
    expect(chat.effect('escalate')?.reason).toBe('asked_for_person');
  });

  it('does not take figures of speech or an app crash for harm, nor "for no reason" for feeling wronged', async () => {
    for (const text of ['The app keeps crashing on my phone', '我要气炸了，快递还没到', 'My kettle keeps switching off for no reason']) {
      const chat = new Chat();
      await chat.say(text);
      expect(chat.status, text).toBe('bot');
      expect(chat.effect('escalate'), text).toBeUndefined();
    }
  });

  it('keeps an opt-out for what the customer said: "不用发货了" while waiting is no unsubscribe', async () => {
    const chat = new Chat();
    await chat.say('I want to talk to a person');
    expect(chat.status).toBe('queued');
    await chat.say('不用发货了，我要退款');
    expect(chat.effect('optOut')).toBeUndefined();
    await chat.say('别再给我发促销短信了');
    expect(chat.effect('optOut')).toBeDefined();
  });

  it('lets a waiting customer leave the queue and carry on with the bot', async () => {
    const chat = new Chat();
    await chat.say('My blender from order 12345678 stopped working');
    await chat.say('can I talk to a real person please');
    expect(chat.status).toBe('queued');
    await chat.say('never mind, I will sort it out here');
    expect(chat.status).toBe('bot');
    expect(chat.state.escalation).toBeUndefined();
    expect(chat.state.complaint?.step).toBeGreaterThanOrEqual(1);
  });
});
