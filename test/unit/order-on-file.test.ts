// An order number the customer quotes, as the flow takes it: their own order on file is linked to
// the case and said back with its date, items and amount in their language; a number not among
// their orders is kept as said and flagged for staff, the customer told nothing of it.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { CaseFacts, Effect } from '../../src/domain/flow/effects.ts';
import { describeOrder, quotedOrderNumber } from '../../src/domain/flow/order-on-file.ts';
import { flowStateSchema, type FlowState, type OrderOnFile } from '../../src/domain/flow/state.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

const KETTLE: OrderOnFile = { id: 'o-1', number: 'JD20261128001', amountCents: 5900, currency: 'CNY', status: 'delivered', placedAt: '2026-11-28T02:30:00.000Z', items: '1 × kettle' };

/** A chat whose engine looks quoted numbers up in `orders` (the customer's own), or not at all. */
class Chat {
  state: FlowState = flowStateSchema.parse({});
  last!: TurnOutcome;
  lookups: string[] = [];
  private ids = 0;

  constructor(private readonly orders: OrderOnFile[] | undefined) {}

  async say(text: string): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, this.state.language ?? 'en');
    const number = this.orders ? quotedOrderNumber(nlu.entities, this.state.complaint?.asking) : undefined;
    if (number) this.lookups.push(number);
    const mentionedOrder = number ? { number, order: this.orders!.find((o) => o.number.toUpperCase() === number) ?? null } : undefined;
    this.last = decideTurn(
      { text, nlu, knowledge, customer: { id: 'c1', name: null, tier: 'C', timezone: 'Asia/Shanghai' }, status: 'bot', state: this.state, ...(mentionedOrder ? { mentionedOrder } : {}) },
      contentFlowDeps(content, { now: new Date('2026-12-01T10:00:00Z'), newId: () => `id-${++this.ids}` }),
    );
    this.state = this.last.state;
    return this.last;
  }

  get text(): string {
    return this.last.replies.map((r) => r.text).join('\n');
  }

  get caseFacts(): CaseFacts | undefined {
    return this.last.effects.filter((e): e is Extract<Effect, { type: 'updateCase' }> => e.type === 'updateCase').at(-1)?.update.facts;
  }
}

describe('an order number the customer quotes', () => {
  it('is linked to the case and restated with its date, items and amount when it is their own (English)', async () => {
    const chat = new Chat([KETTLE]);
    await chat.say('The kettle from order jd20261128001 leaks water everywhere');
    expect(chat.lookups).toEqual(['JD20261128001']);
    expect(chat.caseFacts).toMatchObject({ orderNumber: 'JD20261128001', orderVerified: true, order: { id: 'o-1', number: 'JD20261128001', amountCents: 5900, items: '1 × kettle' } });
    await chat.say('A refund please');
    expect(chat.text).toContain('Order number: JD20261128001 of 28 Nov, 1 × kettle, ¥59');
    // A message without an order number reads nothing.
    expect(chat.lookups).toEqual(['JD20261128001']);
  });

  it('is restated in Chinese the Chinese way', async () => {
    const chat = new Chat([{ ...KETTLE, items: '1 × 电水壶', amountCents: 5990 }]);
    await chat.say('订单JD20261128001的电水壶漏水');
    await chat.say('我要退款');
    expect(chat.text).toContain('订单号：JD20261128001（11月28日，1 × 电水壶，¥59.90）');
  });

  it('is kept as said and flagged for staff when it is not among their orders, and the customer is told nothing', async () => {
    const chat = new Chat([KETTLE]);
    await chat.say('The kettle from order JD99990000111 leaks water everywhere');
    expect(chat.caseFacts).toMatchObject({ orderNumber: 'JD99990000111', orderVerified: false });
    expect(chat.caseFacts).not.toHaveProperty('order');
    await chat.say('A refund please');
    expect(chat.text).toContain('Order number: JD99990000111\n');
  });

  it('is neither linked nor flagged where no order data is kept (nothing is looked up)', async () => {
    const chat = new Chat(undefined);
    await chat.say('The kettle from order JD20261128001 leaks water everywhere');
    expect(chat.caseFacts).toEqual(expect.not.objectContaining({ orderVerified: expect.anything() }));
  });

  it('drops the linked order when the customer corrects the number to one not theirs', async () => {
    const chat = new Chat([KETTLE]);
    await chat.say('The kettle from order JD20261128001 leaks water everywhere');
    await chat.say('A refund please');
    await chat.say('Sorry, actually the order is JD20261128999');
    expect(chat.caseFacts).toMatchObject({ orderNumber: 'JD20261128999', orderVerified: false });
    expect(chat.caseFacts).not.toHaveProperty('order');
    expect(chat.text).not.toContain('¥59');
  });

  it('writes the year when the order is from another year', () => {
    expect(describeOrder({ ...KETTLE, placedAt: '2025-03-02T02:00:00Z' }, 'en', 'Asia/Shanghai', new Date('2026-12-01T00:00:00Z'))).toBe('2 Mar 2025, 1 × kettle, ¥59');
    expect(describeOrder({ ...KETTLE, items: '', amountCents: 129950, currency: 'USD' }, 'zh', 'Asia/Shanghai', new Date('2026-12-01T00:00:00Z'))).toBe('11月28日，$1,299.50');
  });
});
