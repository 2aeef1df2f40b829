import { describe, expect, it } from 'vitest';
import { TypingThrottle, type Schedule } from '../../src/conversation/typing-throttle.ts';

/** Timers the test runs by hand: nothing here depends on the clock. */
function manualTimers() {
  const pending: { run: () => void; cancelled: boolean }[] = [];
  const schedule: Schedule = (run) => {
    const timer = { run, cancelled: false };
    pending.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  /** Ends every open window, as if the time had passed. */
  const elapse = () => {
    for (const timer of pending.splice(0)) if (!timer.cancelled) timer.run();
  };
  return { schedule, elapse, pending };
}

function throttle() {
  const timers = manualTimers();
  const published: [string, boolean][] = [];
  const typing = new TypingThrottle({ windowMs: 2_000, publish: (id, on) => published.push([id, on]), schedule: timers.schedule });
  return { typing, published, timers };
}

describe('customer typing throttle', () => {
  it('publishes the first report at once and holds back the rest of the window', () => {
    const { typing, published } = throttle();
    expect(typing.report('c1', true)).toBe(true);
    for (let i = 0; i < 50; i++) expect(typing.report('c1', true)).toBe(false);
    expect(published).toEqual([['c1', true]]);
  });

  it('keeps conversations apart', () => {
    const { typing, published } = throttle();
    typing.report('c1', true);
    typing.report('c2', true);
    expect(published).toEqual([
      ['c1', true],
      ['c2', true],
    ]);
  });

  it('sends a change made during the window when it ends, so "stopped" is never lost', () => {
    const { typing, published, timers } = throttle();
    typing.report('c1', true);
    typing.report('c1', false);
    typing.report('c1', true);
    typing.report('c1', false);
    expect(published).toEqual([['c1', true]]);
    timers.elapse();
    expect(published).toEqual([
      ['c1', true],
      ['c1', false],
    ]);
    // That publish opened a window of its own: still at most one per window.
    typing.report('c1', true);
    expect(published).toHaveLength(2);
    timers.elapse();
    expect(published.at(-1)).toEqual(['c1', true]);
  });

  it('drops a repeat of what was shown, and publishes again once the window has passed', () => {
    const { typing, published, timers } = throttle();
    typing.report('c1', true);
    typing.report('c1', true);
    timers.elapse();
    expect(published).toEqual([['c1', true]]);
    expect(typing.report('c1', true)).toBe(true);
    expect(published).toEqual([
      ['c1', true],
      ['c1', true],
    ]);
  });

  it('sends nothing held back after close', () => {
    const { typing, published, timers } = throttle();
    typing.report('c1', true);
    typing.report('c1', false);
    typing.close();
    timers.elapse();
    expect(published).toEqual([['c1', true]]);
  });
});
