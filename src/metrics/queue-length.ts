// care_queue_length: conversations waiting for a person, counted by the store when Prometheus
// scrapes (one COUNT per scrape, nothing per message). A failed count shows NaN — unknown — and is
// logged, rather than failing the whole scrape or repeating the last value.

import { Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';

export function registerQueueLength(registry: Registry, countQueued: () => Promise<number>, logger: Logger): void {
  new Gauge({
    name: 'care_queue_length',
    help: 'Conversations in the staff queue (status queued) at scrape time',
    registers: [registry],
    async collect() {
      try {
        this.set(await countQueued());
      } catch (err) {
        logger.warn({ err }, 'metrics: could not count the queued conversations');
        this.set(Number.NaN);
      }
    },
  });
}
