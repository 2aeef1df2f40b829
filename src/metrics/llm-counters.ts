// LLM mode's calls to the model by outcome: ok, invalid (a malformed answer), timeout, error, or
// skipped while the circuit breaker is open.

import { Counter, type Registry } from 'prom-client';
import type { LlmMetrics } from '../llm/create-llm-assist.ts';
import type { ModelUsage } from '../llm/model-client.ts';
import { llmOutcomes } from './label-sets.ts';
import { zeroed } from './zeroed.ts';

export class LlmCounters implements LlmMetrics {
  private readonly byOutcome: Record<ModelUsage['outcome'], Counter.Internal>;

  constructor(registry: Registry) {
    const calls = new Counter({ name: 'care_llm_calls_total', help: 'Attempts at the model (a retry is another), by outcome', labelNames: ['outcome'], registers: [registry] });
    this.byOutcome = Object.fromEntries(llmOutcomes.map((outcome) => [outcome, zeroed(calls.labels(outcome))])) as Record<ModelUsage['outcome'], Counter.Internal>;
  }

  llmCall(outcome: ModelUsage['outcome']): void {
    this.byOutcome[outcome].inc();
  }
}
