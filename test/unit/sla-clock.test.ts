// SLA clock arithmetic (pure): targets count staff hours only, per tier, with amber and red edges;
// the new estimate told to a customer whose promised wait passed; and config/sla.yaml as shipped.

import { describe, expect, it } from 'vitest';
import { loadSlaRules } from '../../src/content/load-sla-rules.ts';
import { delayEstimate, promisedReplyAt } from '../../src/domain/sla/delay-estimate.ts';
import { slaRulesSchema, type SlaRules } from '../../src/domain/sla/sla-rules.ts';
import { passedTargets, slaTimer } from '../../src/domain/sla/sla-timer.ts';
import { addStaffMinutes, nextStaffedInstant, staffMinutesBetween } from '../../src/domain/sla/staff-time.ts';
import { parseStaffHours } from '../../src/domain/staff-hours.ts';

// 09:00–21:00 China time, Monday to Friday. 2026-12-07 is a Monday.
const weekdays = parseStaffHours('09:00-21:00', '1-5', 'Asia/Shanghai');
const always = parseStaffHours('00:00-24:00', '1-7', 'UTC');
const rules: SlaRules = slaRulesSchema.parse({
  amberAtPercent: 75,
  tiers: { A: { firstReplyMinutes: 5, resolutionMinutes: 60 }, B: { firstReplyMinutes: 20, resolutionMinutes: 240 }, C: { firstReplyMinutes: 40, resolutionMinutes: 720 } },
});
/** An instant given as China time (UTC+8). */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('staff time', () => {
  it('counts minutes straight through while staff are at work', () => {
    expect(addStaffMinutes(cst('2026-12-07T10:00:00'), 30, weekdays)).toEqual(cst('2026-12-07T10:30:00'));
  });

  it('makes a conversation queued at night due its minutes after the next opening', () => {
    expect(addStaffMinutes(cst('2026-12-07T23:30:00'), 30, weekdays)).toEqual(cst('2026-12-08T09:30:00'));
    expect(addStaffMinutes(cst('2026-12-08T03:00:00'), 30, weekdays)).toEqual(cst('2026-12-08T09:30:00'));
  });

  it('carries what is left at closing over to the next opening', () => {
    expect(addStaffMinutes(cst('2026-12-07T20:50:00'), 30, weekdays)).toEqual(cst('2026-12-08T09:20:00'));
  });

  it('skips the weekend', () => {
    expect(addStaffMinutes(cst('2026-12-11T20:55:00'), 15, weekdays)).toEqual(cst('2026-12-14T09:10:00'));
    expect(addStaffMinutes(cst('2026-12-12T12:00:00'), 5, weekdays)).toEqual(cst('2026-12-14T09:05:00'));
  });

  it('spans several working days for a long target', () => {
    // 720 minutes = the 12 staffed hours of one day.
    expect(addStaffMinutes(cst('2026-12-07T15:00:00'), 720, weekdays)).toEqual(cst('2026-12-08T15:00:00'));
  });

  it('measures the staffed minutes between two instants', () => {
    expect(staffMinutesBetween(cst('2026-12-07T20:30:00'), cst('2026-12-08T09:30:00'), weekdays)).toBe(60);
    expect(staffMinutesBetween(cst('2026-12-12T10:00:00'), cst('2026-12-13T10:00:00'), weekdays)).toBe(0);
    expect(staffMinutesBetween(cst('2026-12-07T11:00:00'), cst('2026-12-07T10:00:00'), weekdays)).toBe(0);
  });

  it('moves a time nobody works to the next opening, and keeps one in staff hours', () => {
    expect(nextStaffedInstant(cst('2026-12-07T22:00:00'), weekdays)).toEqual(cst('2026-12-08T09:00:00'));
    expect(nextStaffedInstant(cst('2026-12-13T10:00:00'), weekdays)).toEqual(cst('2026-12-14T09:00:00'));
    expect(nextStaffedInstant(cst('2026-12-07T14:00:00'), weekdays)).toEqual(cst('2026-12-07T14:00:00'));
    expect(nextStaffedInstant(cst('2026-12-07T21:00:00'), weekdays)).toEqual(cst('2026-12-08T09:00:00'));
  });

  it('is plain wall time when staff are there around the clock', () => {
    const start = new Date('2026-12-05T23:00:00Z');
    expect(addStaffMinutes(start, 90, always)).toEqual(new Date('2026-12-06T00:30:00Z'));
  });
});

describe('SLA timer', () => {
  const queuedAt = cst('2026-12-07T10:00:00');
  const subject = { status: 'queued' as const, tier: 'B' as const, queuedAt, lastStaffReplyAt: null };

  it('runs the tier’s first-reply target from the handoff, ok then amber at 75 % then red at 100 %', () => {
    expect(slaTimer(subject, rules, weekdays, cst('2026-12-07T10:14:59'))).toMatchObject({
      kind: 'first_reply',
      state: 'ok',
      targetMinutes: 20,
      dueAt: cst('2026-12-07T10:20:00'),
      amberAt: cst('2026-12-07T10:15:00'),
    });
    expect(slaTimer(subject, rules, weekdays, cst('2026-12-07T10:15:00'))?.state).toBe('amber');
    expect(slaTimer(subject, rules, weekdays, cst('2026-12-07T10:19:59'))?.state).toBe('amber');
    expect(slaTimer(subject, rules, weekdays, cst('2026-12-07T10:20:00'))?.state).toBe('red');
  });

  it('gives an A-tier customer the shortest target and a C-tier one the longest', () => {
    const now = cst('2026-12-07T10:06:00');
    expect(slaTimer({ ...subject, tier: 'A' }, rules, weekdays, now)).toMatchObject({ targetMinutes: 5, state: 'red' });
    expect(slaTimer({ ...subject, tier: 'C' }, rules, weekdays, now)).toMatchObject({ targetMinutes: 40, state: 'ok' });
  });

  it('switches to the resolution target once staff replied in this handoff, counted from the handoff', () => {
    const replied = { ...subject, status: 'human' as const, lastStaffReplyAt: cst('2026-12-07T10:05:00') };
    expect(slaTimer(replied, rules, weekdays, cst('2026-12-07T10:30:00'))).toMatchObject({ kind: 'resolution', dueAt: cst('2026-12-07T14:00:00'), state: 'ok' });
    // A reply before this handoff belongs to an earlier one.
    const earlier = { ...subject, status: 'human' as const, lastStaffReplyAt: cst('2026-12-07T09:30:00') };
    expect(slaTimer(earlier, rules, weekdays, cst('2026-12-07T10:30:00'))?.kind).toBe('first_reply');
  });

  it('keeps the clock still at night: queued at 23:00, still ok at 09:10 the next morning', () => {
    const night = { ...subject, queuedAt: cst('2026-12-07T23:00:00') };
    expect(slaTimer(night, rules, weekdays, cst('2026-12-08T09:10:00'))).toMatchObject({ state: 'ok', dueAt: cst('2026-12-08T09:20:00') });
  });

  it('has no timer for the bot’s, closed and never-handed-over conversations', () => {
    expect(slaTimer({ ...subject, status: 'bot' }, rules, weekdays, queuedAt)).toBeNull();
    expect(slaTimer({ ...subject, status: 'closed' }, rules, weekdays, queuedAt)).toBeNull();
    expect(slaTimer({ ...subject, status: 'human', queuedAt: null }, rules, weekdays, queuedAt)).toBeNull();
  });

  it('lists each passed target once per handoff', () => {
    const later = cst('2026-12-07T15:00:00');
    const open = { ...subject, firstReplyBreachedAt: null, resolutionBreachedAt: null };
    expect(passedTargets(open, rules, weekdays, later).map((t) => t.kind)).toEqual(['first_reply', 'resolution']);
    expect(passedTargets({ ...open, firstReplyBreachedAt: cst('2026-12-07T10:20:00') }, rules, weekdays, later).map((t) => t.kind)).toEqual(['resolution']);
    // Marks of an earlier handoff do not count for this one.
    expect(passedTargets({ ...open, firstReplyBreachedAt: cst('2026-12-06T10:20:00') }, rules, weekdays, later).map((t) => t.kind)).toEqual(['first_reply', 'resolution']);
    expect(passedTargets(open, rules, weekdays, cst('2026-12-07T10:19:00'))).toEqual([]);
  });
});

describe('the new estimate after a promised wait passed', () => {
  it('is the first-reply target when it is still ahead, in minutes rounded up to five', () => {
    const now = cst('2026-12-07T10:10:00');
    expect(delayEstimate(now, cst('2026-12-07T10:32:00'), 10, weekdays)).toEqual({ minutes: 25, at: cst('2026-12-07T10:35:00') });
  });

  it('is the promised wait again once the target has passed too', () => {
    const now = cst('2026-12-07T11:00:00');
    expect(delayEstimate(now, cst('2026-12-07T10:20:00'), 15, weekdays)).toEqual({ minutes: 15, at: cst('2026-12-07T11:15:00') });
  });

  it('is a time, not minutes, when it falls after a closing', () => {
    const now = cst('2026-12-07T20:55:00');
    expect(delayEstimate(now, cst('2026-12-07T20:50:00'), 15, weekdays)).toEqual({ at: cst('2026-12-08T09:10:00') });
  });

  it('passes the promise in staff time: queued at night, promised 15 minutes, due 09:15', () => {
    expect(promisedReplyAt(cst('2026-12-07T22:00:00'), 15, weekdays)).toEqual(cst('2026-12-08T09:15:00'));
  });
});

describe('config/sla.yaml', () => {
  it('loads as shipped', async () => {
    const shipped = await loadSlaRules('config/sla.yaml');
    expect(shipped.tiers.A.firstReplyMinutes).toBeLessThan(shipped.tiers.C.firstReplyMinutes);
  });

  it('names the field of a typo', () => {
    const typo = {
      amberAtPercent: 75,
      tiers: { A: { firstReplyMinutes: 5, resolutionMinutes: 60 }, B: { firstReplyMinutes: 20, resolutionMinutes: 240 }, C: { firstReplyMinute: 40, resolutionMinutes: 720 } },
    };
    const parsed = slaRulesSchema.safeParse(typo);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toMatch(/^tiers\.C/);
  });

  it('refuses a resolution target shorter than the first reply', () => {
    const parsed = slaRulesSchema.safeParse({ amberAtPercent: 75, tiers: { ...rules.tiers, A: { firstReplyMinutes: 60, resolutionMinutes: 30 } } });
    expect(parsed.error?.issues[0]?.path.join('.')).toBe('tiers.A.resolutionMinutes');
  });
});
