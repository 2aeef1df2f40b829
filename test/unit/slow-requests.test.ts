// The bench's account of its slowest answers: when they were sent, grouped into windows, and the
// p99 by the message's place in its conversation.

import { describe, expect, it } from 'vitest';
import { describeSlowRequests, p99ByPlace, slowWindows, type TimedRequest } from '../../bench/slow-requests.ts';

const request = (sentAtMs: number, ms: number, place = 0): TimedRequest => ({ sentAtMs, ms, place });

describe('slowWindows', () => {
  it('groups the slow requests whose send times lie within the gap and leaves the fast ones out', () => {
    const requests = [request(100, 80), request(150, 90), request(300, 85), request(900, 10), request(2000, 95), request(2100, 81)];
    expect(slowWindows(requests, 80, 250)).toEqual([
      { fromMs: 100, toMs: 300, count: 3 },
      { fromMs: 2000, toMs: 2100, count: 2 },
    ]);
  });

  it('orders by send time whatever the order the answers came in, and finds nothing when none is slow', () => {
    expect(slowWindows([request(500, 99), request(100, 99)], 50, 100)).toEqual([
      { fromMs: 100, toMs: 100, count: 1 },
      { fromMs: 500, toMs: 500, count: 1 },
    ]);
    expect(slowWindows([request(100, 10)], 50)).toEqual([]);
  });
});

describe('p99ByPlace', () => {
  it('takes the p99 of each place over its own requests', () => {
    const requests = [...Array.from({ length: 100 }, (_, i) => request(i, i + 1, 0)), ...Array.from({ length: 100 }, (_, i) => request(i, 1000 + i, 1))];
    expect(p99ByPlace(requests)).toEqual([99, 1098]);
  });
});

describe('describeSlowRequests', () => {
  it('names the windows with their counts and the p99 of every place', () => {
    const requests = [request(1230, 70, 1), request(1430, 75, 1), request(2560, 71, 2), request(3000, 20, 0), request(3100, 30, 3)];
    const [windows, places] = describeSlowRequests(requests, 70);
    expect(windows).toBe('  slowest 1 % (≥ p99 70.0 ms): 3 requests, sent 1.23–1.43 s (2), 2.56–2.56 s (1) into the measured phase');
    expect(places).toBe("  p99 by the message's place in its conversation (ms): 1: 20.0 · 2: 75.0 · 3: 71.0 · 4: 30.0");
  });

  it('shows the largest windows only and says how many more there were', () => {
    const requests = [request(0, 90), request(1000, 90), request(1010, 90), request(2000, 90)];
    const [windows] = describeSlowRequests(requests, 90, 1);
    expect(windows).toContain('sent 1.00–1.01 s (2) and 2 more window(s)');
  });
});
