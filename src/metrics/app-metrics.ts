// The app's Prometheus metrics: one registry per app (tests and benchmarks run several apps in one
// process) holding the conversation, follow-up, LLM and HTTP metrics and the queue length; each
// part is handed to its caller behind that caller's own port. Served at GET /metrics.

import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { HttpMetrics, MetricsText } from '../http/http-metrics.ts';
import { ConversationCounters } from './conversation-counters.ts';
import { FollowUpCounters } from './follow-up-counters.ts';
import { HttpDurations } from './http-durations.ts';
import { LlmCounters } from './llm-counters.ts';
import { RatingCounters } from './rating-counters.ts';
import { registerQueueLength } from './queue-length.ts';
import { scrapeRegistry } from './scrape-registry.ts';
import { SlaCounters } from './sla-counters.ts';

export interface AppMetricsOptions {
  /** Conversations waiting for a person, counted at each scrape. */
  countQueued: () => Promise<number>;
  logger: Logger;
}

export class AppMetrics implements HttpMetrics {
  readonly registry = new Registry();
  readonly conversations = new ConversationCounters(this.registry);
  /** Counts the follow-ups of the jobs this process runs (JOBS_IN_PROCESS). */
  readonly followUps = new FollowUpCounters(this.registry);
  readonly llm = new LlmCounters(this.registry);
  /** Counts the chat ratings customers give (CSAT after a chat). */
  readonly ratings = new RatingCounters(this.registry);
  /** Counts the SLA breaches the passes this process runs marked. */
  readonly sla = new SlaCounters(this.registry);
  private readonly durations = new HttpDurations(this.registry);

  constructor(options: AppMetricsOptions) {
    registerQueueLength(this.registry, options.countQueued, options.logger);
  }

  requestDone(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    this.durations.observe(method, route, statusCode, seconds);
  }

  scrape(): Promise<MetricsText> {
    return scrapeRegistry(this.registry);
  }
}
