// Watches the SLA timers every interval, wherever the follow-up planner runs: marks each target
// that passed (once per handoff) and alerts the supervisors, and tells a waiting customer, once,
// when the wait promised at the handoff has passed with no staff reply, with a new estimate. A
// Redis key claimed for the interval makes one pass per interval across processes, and a lock
// keeps passes from overlapping (as the crisis detector does).

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { SharedPass } from '../jobs/shared-pass.ts';
import { delayEstimate, promisedReplyAt } from '../domain/sla/delay-estimate.ts';
import { passedTargets, repliedSinceHandoff, timerOf, type SlaKind, type SlaTimer } from '../domain/sla/sla-timer.ts';
import type { SlaRules } from '../domain/sla/sla-rules.ts';
import type { StaffHours } from '../domain/staff-hours.ts';
import type { Tier } from '../domain/types.ts';
import type { SlaConversation, SlaStore } from './sla-ports.ts';

/** The delay notice for one customer: what to say is worked out by the pass, the words by the caller. */
export interface DelayNotice {
  conversation: SlaConversation;
  /** The wait promised at the handoff, in minutes. */
  promisedMinutes: number;
  position: number;
  estimate: { minutes: number; at: Date } | { at: Date; minutes?: undefined };
}

export interface SlaMonitorDeps {
  store: SlaStore;
  redis: Redis;
  redisPrefix: string;
  rules: SlaRules;
  hours: StaffHours;
  /** The wait promised at the handoff per tier (policy handoffWaitMinutes: the {minutes} of the handoff sentences). */
  promisedMinutes: Record<Tier, number>;
  logger: Logger;
  clock: () => Date;
  /** Told of each breach after it is marked; its errors are logged. */
  onBreach: (conversation: SlaConversation, timer: SlaTimer) => Promise<void>;
  /** Tells the customer of the delay on their channel; called after the notice is marked (never twice). */
  tellDelay: (notice: DelayNotice) => Promise<void>;
}

export interface SlaPass {
  breaches: { conversationId: string; kind: SlaKind }[];
  delayNotices: string[];
}

export class SlaMonitor {
  private readonly shared: SharedPass<SlaPass>;

  constructor(private readonly deps: SlaMonitorDeps) {
    this.shared = new SharedPass(
      deps.redis,
      `${deps.redisPrefix}sla`,
      () => this.pass(),
      (err) => deps.logger.warn({ err }, 'sla: a pass failed; will try again'),
    );
  }

  /** One pass now; null when another process is in the middle of one. */
  check(): Promise<SlaPass | null> {
    return this.shared.runOnce();
  }

  start(intervalMs: number): void {
    this.shared.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.shared.stop();
  }

  private async pass(): Promise<SlaPass> {
    const { store, rules, hours, logger } = this.deps;
    const now = this.deps.clock();
    const conversations = await store.conversationsWithPeople();
    const result: SlaPass = { breaches: [], delayNotices: [] };
    for (const conversation of conversations) {
      for (const timer of passedTargets(conversation, rules, hours, now)) {
        if (!(await store.markBreach(conversation.id, timer.kind, conversation.queuedAt, now))) continue;
        result.breaches.push({ conversationId: conversation.id, kind: timer.kind });
        logger.info({ conversationId: conversation.id, kind: timer.kind, tier: conversation.tier }, 'sla: target breached');
        await this.deps.onBreach(conversation, timer).catch((err: unknown) => logger.warn({ err, conversationId: conversation.id }, 'sla: alerting a breach failed'));
      }
    }
    const queued = conversations.filter((c) => c.status === 'queued').sort(queueOrder);
    for (const [index, conversation] of queued.entries()) {
      const notice = this.delayNotice(conversation, index + 1, now);
      if (!notice) continue;
      if (!(await store.markDelayNotice(conversation.id, conversation.queuedAt, now))) continue;
      // The bot owned up already while the customer wrote: marked, and no second apology.
      if (conversation.overdueToldByBot) continue;
      result.delayNotices.push(conversation.id);
      await this.deps.tellDelay(notice).catch((err: unknown) => logger.warn({ err, conversationId: conversation.id }, 'sla: telling a customer of the delay failed'));
    }
    return result;
  }

  /** The notice a waiting customer is due: the promised wait passed, no staff reply, not told in this wait. */
  private delayNotice(conversation: SlaConversation, position: number, now: Date): DelayNotice | undefined {
    const { rules, hours } = this.deps;
    const told = conversation.delayNoticeAt !== null && conversation.delayNoticeAt >= conversation.queuedAt;
    if (told || repliedSinceHandoff(conversation)) return undefined;
    const promisedMinutes = this.deps.promisedMinutes[conversation.tier];
    if (promisedReplyAt(conversation.queuedAt, promisedMinutes, hours) > now) return undefined;
    const firstReply = timerOf('first_reply', conversation.queuedAt, conversation.tier, rules, hours, now);
    return { conversation, promisedMinutes, position, estimate: delayEstimate(now, firstReply.dueAt, promisedMinutes, hours) };
  }
}

/** The console's queue order: most urgent first, then longest waiting. */
function queueOrder(a: SlaConversation, b: SlaConversation): number {
  return b.priority - a.priority || a.queuedAt.getTime() - b.queuedAt.getTime();
}
