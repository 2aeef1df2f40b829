// SLA targets that passed, by which (first_reply, resolution) and the customer's tier: counted by
// the process whose pass marked them (care_sla_breaches_total).

import { Counter, type Registry } from 'prom-client';
import { SLA_KINDS, type SlaKind } from '../domain/sla/sla-timer.ts';
import type { Tier } from '../domain/types.ts';
import type { SlaMetrics } from '../sla/sla-alerts.ts';
import { zeroed } from './zeroed.ts';
import { TIERS } from '../domain/customer/card-vocabulary.ts';

export class SlaCounters implements SlaMetrics {
  private readonly counters: Record<string, Counter.Internal>;

  constructor(registry: Registry) {
    const breaches = new Counter({
      name: 'care_sla_breaches_total',
      help: 'SLA targets that passed (marked once per target and handoff), by kind and customer tier',
      labelNames: ['kind', 'tier'],
      registers: [registry],
    });
    this.counters = Object.fromEntries(SLA_KINDS.flatMap((kind) => TIERS.map((tier) => [`${kind}:${tier}`, zeroed(breaches.labels(kind, tier))])));
  }

  breached(kind: SlaKind, tier: Tier): void {
    this.counters[`${kind}:${tier}`]?.inc();
  }
}
