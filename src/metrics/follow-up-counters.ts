// What became of the follow-ups (callbacks, revisits, greetings, check-ins) a worker claimed: sent,
// handed to a person as a task, cancelled, deferred, retried, failed, skipped or hit an error.

import { Counter, type Registry } from 'prom-client';
import type { FollowUpKind } from '../domain/follow-ups/decide-follow-up.ts';
import type { FollowUpMetrics, FollowUpOutcome } from '../jobs/follow-up-runner.ts';
import { followUpKinds, followUpOutcomes } from './label-sets.ts';
import { zeroed } from './zeroed.ts';

/** The kind of a follow-up whose row could not be read. */
const UNKNOWN = 'unknown';

type ByOutcome = Record<FollowUpOutcome, Counter.Internal>;

export class FollowUpCounters implements FollowUpMetrics {
  private readonly byKind: Record<FollowUpKind | typeof UNKNOWN, ByOutcome>;

  constructor(registry: Registry) {
    const followUps = new Counter({
      name: 'care_followups_total',
      help: 'Follow-ups a worker claimed, by kind and by what became of them (status)',
      labelNames: ['kind', 'status'],
      registers: [registry],
    });
    const outcomes = (kind: string) => Object.fromEntries(followUpOutcomes.map((outcome) => [outcome, zeroed(followUps.labels(kind, outcome))])) as ByOutcome;
    this.byKind = Object.fromEntries([...followUpKinds, UNKNOWN].map((kind) => [kind, outcomes(kind)])) as Record<FollowUpKind | typeof UNKNOWN, ByOutcome>;
  }

  followUpDone(kind: FollowUpKind | undefined, outcome: FollowUpOutcome): void {
    this.byKind[kind ?? UNKNOWN][outcome].inc();
  }
}
