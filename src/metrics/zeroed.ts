// A counter series shown at 0 from the start: Prometheus then sees its first increase as one (a
// series that appears at 1 has no earlier sample, and rate() misses that first count).

import type { Counter } from 'prom-client';

export function zeroed(child: Counter.Internal): Counter.Internal {
  child.inc(0);
  return child;
}
