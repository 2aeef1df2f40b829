// The text a scrape answers with: the process's metrics, then those of one app or worker.

import type { Registry } from 'prom-client';
import type { MetricsText } from '../http/http-metrics.ts';
import { processMetrics } from './process-metrics.ts';

export async function scrapeRegistry(registry: Registry): Promise<MetricsText> {
  const [process, own] = await Promise.all([processMetrics().metrics(), registry.metrics()]);
  return { contentType: registry.contentType, text: `${process}\n${own}` };
}
