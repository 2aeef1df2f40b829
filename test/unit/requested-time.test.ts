// Reading the time a customer asks to be called back at, in English and Chinese: "一点" in "快一点"
// is "a bit", not 1 o'clock; a bare hour is the next 3:00 or 15:00 to come, not always the
// morning; "tonight at 12" is midnight, not noon. And through the flow: "请快一点给我回电话" is
// not told that nobody works at 01:00.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { decideTurn, type TurnOutcome } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { requestedTime } from '../../src/domain/flow/requested-time.ts';
import { flowStateSchema } from '../../src/domain/flow/state.ts';
import { parseStaffHours, staffAvailability } from '../../src/domain/staff-hours.ts';
import { testContent } from '../support/test-app.ts';
import { contentFlowDeps, readMessage } from '../support/flow-deps.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

/** An instant given as China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);
const read = (text: string, now: Date) => requestedTime(text, now, 'Asia/Shanghai');

describe('reading a requested time at 10:00', () => {
  const now = cst('2026-12-07T10:00:00');
  it.each([
    // A bare hour is the next one to come: 3:00 has passed, so 15:00; 11:00 is still ahead.
    ['3点给我回电话', '2026-12-07T15:00:00'],
    ["call me back at 3 o'clock", '2026-12-07T15:00:00'],
    ["call me at 11 o'clock", '2026-12-07T11:00:00'],
    ['三点钟给我回电话', '2026-12-07T15:00:00'],
    ['两点半打给我', '2026-12-07T14:30:00'],
    ['九点一刻回电', '2026-12-07T21:15:00'],
    ['call me at 9:30', '2026-12-07T21:30:00'],
    ['12点给我回电话', '2026-12-07T12:00:00'],
    // Midnight, not noon.
    ['call me tonight at 12', '2026-12-08T00:00:00'],
    ['今晚12点给我回电话', '2026-12-08T00:00:00'],
    ['晚上十二点打给我', '2026-12-08T00:00:00'],
    ['晚上1点打给我', '2026-12-08T01:00:00'],
    // Said with a day or a part of it, as written.
    ['明天上午九点半给我回电话', '2026-12-08T09:30:00'],
    ['call me back tomorrow at 9:30am', '2026-12-08T09:30:00'],
    ['下午3点', '2026-12-07T15:00:00'],
    ['下午三点二十分回电', '2026-12-07T15:20:00'],
    ['今天一点给我回电话', '2026-12-07T13:00:00'],
    ['中午12点', '2026-12-07T12:00:00'],
    ['中午一点', '2026-12-07T13:00:00'],
    ['明天三点给我回电话', '2026-12-08T15:00:00'],
    ['明天8点', '2026-12-08T08:00:00'],
    ['call me tomorrow at 3', '2026-12-08T15:00:00'],
    ['tomorrow evening at 8 please', '2026-12-08T20:00:00'],
    ['call me this afternoon at 2', '2026-12-07T14:00:00'],
    ['at 11am please', '2026-12-07T11:00:00'],
    ['ring me at 16:30', '2026-12-07T16:30:00'],
    ['at 8am please', '2026-12-08T08:00:00'],
    ['请快一点，明天下午3点给我回电话', '2026-12-08T15:00:00'],
    ['it took about 5 minutes, call me tomorrow at 9', '2026-12-08T09:00:00'],
  ])('%s', (text, expected) => {
    expect(read(text, now)).toEqual(cst(expected));
  });

  it.each(['请快一点给我回电话', '晚一点再给我回电话', '有一点急，请回电', '能不能早一点回复我', '一点一点说', '我有两点要补充', 'call me back later', 'at 3 please', 'about 10 minutes ago'])(
    'no time in "%s"',
    (text) => {
      expect(read(text, now)).toBeUndefined();
    },
  );
});

describe('a bare hour late in the day', () => {
  it('is tomorrow morning once both of today’s have passed', () => {
    const now = cst('2026-12-07T22:00:00');
    expect(read("call me at 9 o'clock", now)).toEqual(cst('2026-12-08T09:00:00'));
    expect(read('9点给我回电话', now)).toEqual(cst('2026-12-08T09:00:00'));
    expect(read('11点给我回电话', now)).toEqual(cst('2026-12-07T23:00:00'));
  });
});

describe('"a bit sooner" in a callback request', () => {
  const hours = parseStaffHours('09:00-21:00', '1-7', 'Asia/Shanghai');

  async function ask(text: string, now: Date): Promise<TurnOutcome> {
    const { nlu, knowledge } = await readMessage(content, text, 'zh');
    return decideTurn(
      { text, nlu, knowledge, customer: { id: 'c1', name: '李娜', tier: 'C', timezone: 'Asia/Shanghai' }, status: 'bot', state: flowStateSchema.parse({}) },
      contentFlowDeps(content, {
        now,
        newId: () => 'id-1',
        staff: staffAvailability(hours, now),
        staffHours: hours,
      }),
    );
  }

  it.each(['请快一点给我回电话，我的号码是13812345678', '晚一点再给我回电话，号码13812345678'])('is not read as 01:00: %s', async (text) => {
    const outcome = await ask(text, cst('2026-12-07T10:00:00'));
    const followUp = outcome.effects.find((e): e is Extract<Effect, { type: 'scheduleFollowUp' }> => e.type === 'scheduleFollowUp')?.followUp;
    expect(followUp?.kind).toBe('callback');
    const said = outcome.replies.map((r) => r.text).join('\n');
    expect(said).not.toMatch(/01:00|不在班/);
    // The tier's promise (C: within a day), not a time the customer never named.
    expect(said).toMatch(/之前致电\+8613812345678/);
  });

  it('"3点" at 10:00 is this afternoon, kept as asked', async () => {
    const outcome = await ask('3点给我回电话，号码13812345678', cst('2026-12-07T10:00:00'));
    const followUp = outcome.effects.find((e): e is Extract<Effect, { type: 'scheduleFollowUp' }> => e.type === 'scheduleFollowUp')?.followUp;
    expect(followUp?.dueAt).toEqual(cst('2026-12-07T15:00:00'));
    expect(outcome.replies.map((r) => r.text).join('\n')).toMatch(/15:00致电\+8613812345678/);
  });
});
