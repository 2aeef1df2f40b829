// A waiting customer the bot itself apologised to (waiting.overdue, no new estimate) is not told
// later that "the estimate I just gave you still stands" when the SLA pass marked the delay notice
// without sending it; one the SLA pass did tell, with an estimate, is. English and Chinese.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import type { TurnInput } from '../../src/domain/flow/context.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import { flowStateSchema, type FlowState } from '../../src/domain/flow/state.ts';
import type { ConversationStatus } from '../../src/domain/types.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

/** An instant given as China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);
const WAITING_SINCE = cst('2026-12-07T10:00:00');

class WaitingChat {
  state: FlowState = flowStateSchema.parse({});
  status: ConversationStatus = 'bot';
  queue: TurnInput['queue'];
  last!: TurnOutcome;
  private ids = 0;

  constructor(private readonly language: 'en' | 'zh') {}

  async say(text: string, now = cst('2026-12-07T11:00:00')): Promise<string> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? this.language);
    this.last = decideTurn(
      {
        text,
        nlu,
        knowledge,
        customer: { id: 'c1', name: 'Alice', tier: 'C', timezone: 'Asia/Shanghai' },
        status: this.status,
        state: this.state,
        ...(this.queue ? { queue: this.queue } : {}),
      },
      contentFlowDeps(content, { now, newId: () => `id-${++this.ids}` }),
    );
    this.state = this.last.state;
    for (const e of this.last.effects) if (e.type === 'setStatus') this.status = e.status;
    return this.last.replies.map((r) => r.text).join('\n');
  }

  /** Handed to people and waiting since 10:00, an hour past the promised wait. */
  async queued(ask: string): Promise<void> {
    await this.say(ask);
    expect(this.status).toBe('queued');
    this.queue = { position: 2, waitingSince: WAITING_SINCE };
  }
}

describe('after the bot owned up to the overrun itself', () => {
  it('does not point to an estimate it never gave once the SLA pass marked the notice (English)', async () => {
    const chat = new WaitingChat('en');
    await chat.queued('I want to talk to a person');
    expect(await chat.say('hello? anyone there')).toMatch(/longer than we promised/);
    expect(chat.state.holding.overdueTold).toBe(true);
    // The SLA pass marks the notice but sends nothing: the bot apologised already.
    chat.queue = { position: 2, waitingSince: WAITING_SINCE, delayNoticed: true };
    const next = await chat.say('still waiting', cst('2026-12-07T11:05:00'));
    expect(next).not.toMatch(/estimate/i);
    expect(next).toMatch(/number 2/);
  });

  it('in Chinese too', async () => {
    const chat = new WaitingChat('zh');
    await chat.queued('我要人工客服');
    expect(await chat.say('有人吗')).toMatch(/超过了我们承诺的时间/);
    chat.queue = { position: 2, waitingSince: WAITING_SINCE, delayNoticed: true };
    const next = await chat.say('还要等多久', cst('2026-12-07T11:05:00'));
    expect(next).not.toMatch(/刚才告诉您的预计时间|刚才说的时间/);
    expect(next).toMatch(/第2位/);
  });

  it('still refers to the estimate when the SLA pass did send it', async () => {
    const chat = new WaitingChat('en');
    await chat.queued('I want to talk to a person');
    chat.queue = { position: 2, waitingSince: WAITING_SINCE, delayNoticed: true };
    expect(await chat.say('hello? anyone there')).toMatch(/estimate/);
  });
});
