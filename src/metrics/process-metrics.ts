// Node's own metrics (CPU, memory, heap, event loop lag, GC, open handles) belong to the process,
// not to one app in it: collected once per process into a registry of their own, which every
// scrape in this process adds to its app's metrics. (Tests and benchmarks run several apps in one
// process; collecting them per app would start a GC observer and a lag monitor per app.)

import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

export function processMetrics(): Registry {
  if (!registry) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry;
}
