// The follow-up worker process's metrics (`npm run worker`, served on WORKER_METRICS_PORT): the
// follow-ups it ran and the process metrics, in a registry of its own.

import { Registry } from 'prom-client';
import type { MetricsText } from '../http/http-metrics.ts';
import { FollowUpCounters } from './follow-up-counters.ts';
import { scrapeRegistry } from './scrape-registry.ts';
import { SlaCounters } from './sla-counters.ts';

export class WorkerMetrics {
  readonly registry = new Registry();
  readonly followUps = new FollowUpCounters(this.registry);
  readonly sla = new SlaCounters(this.registry);

  scrape(): Promise<MetricsText> {
    return scrapeRegistry(this.registry);
  }
}
