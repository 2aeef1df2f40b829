// The conversations' traffic: customer messages in, bot and staff messages out (per channel), how
// long a turn takes, and the handoffs to people by reason. Every label child is made up front, so
// counting a message is a lookup and an add.

import { Counter, Histogram, type Registry } from 'prom-client';
import type { ConversationMetrics } from '../conversation/conversation-metrics.ts';
import type { TurnResult } from '../conversation/inbound.ts';
import type { EscalationReason } from '../domain/flow/effects.ts';
import { CHANNEL_NAMES } from '../domain/types.ts';
import { escalationReasons, OTHER } from './label-sets.ts';
import { zeroed } from './zeroed.ts';

/** From an embedded-NLU turn (milliseconds) to an LLM turn at its budget (seconds). */
const TURN_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

interface Directions {
  in: Counter.Internal;
  out: Counter.Internal;
}

export class ConversationCounters implements ConversationMetrics {
  private readonly byChannel = new Map<string, Directions>();
  private readonly otherChannel: Directions;
  private readonly turns: Histogram;
  private readonly byReason: Record<EscalationReason, Counter.Internal>;

  constructor(registry: Registry) {
    const messages = new Counter({
      name: 'care_messages_total',
      help: 'Messages by channel: in = customer messages received (a redelivered one counts once), out = bot replies and messages from people',
      labelNames: ['channel', 'direction'],
      registers: [registry],
    });
    const directions = (channel: string): Directions => ({ in: zeroed(messages.labels(channel, 'in')), out: zeroed(messages.labels(channel, 'out')) });
    for (const channel of CHANNEL_NAMES) this.byChannel.set(channel, directions(channel));
    this.otherChannel = directions(OTHER);
    this.turns = new Histogram({ name: 'care_turn_duration_seconds', help: 'Time the engine took to answer a customer message (Engine.turn)', buckets: TURN_BUCKETS, registers: [registry] });
    const escalations = new Counter({ name: 'care_escalations_total', help: 'Conversations handed to people by a turn, by reason', labelNames: ['reason'], registers: [registry] });
    this.byReason = Object.fromEntries(escalationReasons.map((reason) => [reason, zeroed(escalations.labels(reason))])) as Record<EscalationReason, Counter.Internal>;
  }

  turnDone(channel: string, result: TurnResult, seconds: number): void {
    this.turns.observe(seconds);
    if (result.duplicate) return;
    const counters = this.byChannel.get(channel) ?? this.otherChannel;
    counters.in.inc();
    if (result.replies.length) counters.out.inc(result.replies.length);
    if (result.escalation) this.byReason[result.escalation.reason].inc();
  }

  messageOut(channel: string): void {
    (this.byChannel.get(channel) ?? this.otherChannel).out.inc();
  }
}
