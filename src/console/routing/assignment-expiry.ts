// Returns routed assignments nobody opened within ASSIGNMENT_TIMEOUT_MS to the queue, so a
// conversation does not wait on someone who stepped away: unassigned (compare-and-set, so an open
// racing it wins), audited, announced to every console, and routed again to someone else when
// anyone else has room (otherwise back to the same person, or it waits). One pass per interval
// across the processes where the follow-up planner runs (see jobs/shared-pass.ts).

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ConversationEvents } from '../../conversation/events.ts';
import { SharedPass } from '../../jobs/shared-pass.ts';
import type { Choice } from './choose-assignee.ts';
import type { AssignmentExpiryStore } from './routing-ports.ts';

/** Assignments one pass returns at most; the next pass takes the rest. */
const PASS_BATCH = 200;

export interface AssignmentExpiryDeps {
  store: AssignmentExpiryStore;
  redis: Redis;
  redisPrefix: string;
  /** ASSIGNMENT_TIMEOUT_MS; 0 turns the timeout off. */
  timeoutMs: number;
  /** Routes a waiting conversation, giving it to `avoid` only when nobody else has room. */
  route: (conversationId: string, avoid: string) => Promise<Choice | null>;
  events: Pick<ConversationEvents, 'publish'>;
  logger: Logger;
  clock: () => Date;
}

export interface ExpiredAssignment {
  conversationId: string;
  /** Who let it lapse. */
  from: string;
  /** Who has it now; null when it waits unassigned. */
  to: string | null;
}

export class AssignmentExpiry {
  private readonly shared: SharedPass<ExpiredAssignment[]>;

  constructor(private readonly deps: AssignmentExpiryDeps) {
    this.shared = new SharedPass(
      deps.redis,
      `${deps.redisPrefix}assignment-expiry`,
      () => this.pass(),
      (err) => deps.logger.warn({ err }, 'routing: an assignment timeout pass failed; will try again'),
    );
  }

  /** One pass now; null when another process is in the middle of one. */
  check(): Promise<ExpiredAssignment[] | null> {
    return this.shared.runOnce();
  }

  /** Passes every fifth of the timeout (at most a minute apart), unless the timeout is off. */
  start(): void {
    if (this.deps.timeoutMs > 0) this.shared.start(checkIntervalMs(this.deps.timeoutMs));
  }

  async stop(): Promise<void> {
    await this.shared.stop();
  }

  private async pass(): Promise<ExpiredAssignment[]> {
    const { store, timeoutMs, logger, clock } = this.deps;
    if (timeoutMs <= 0) return [];
    const now = clock();
    const cutoff = new Date(now.getTime() - timeoutMs);
    const expired: ExpiredAssignment[] = [];
    for (const lapsed of await store.lapsedAssignments(cutoff, PASS_BATCH)) {
      if (!(await store.expireAssignment(lapsed, cutoff, now))) continue;
      logger.info({ conversationId: lapsed.conversationId, staffId: lapsed.staffId }, 'routing: an assignment was not opened in time; back to the queue');
      const choice = await this.deps.route(lapsed.conversationId, lapsed.staffId).catch((err: unknown) => {
        logger.error({ err, conversationId: lapsed.conversationId }, 'routing an expired assignment again failed; it waits in the queue');
        return null;
      });
      expired.push({ conversationId: lapsed.conversationId, from: lapsed.staffId, to: choice?.staffId ?? null });
      // Consoles refresh their queue; the conversation stayed queued, so it is no new escalation.
      await this.deps.events
        .publish(lapsed.conversationId, { type: 'status', status: 'queued', previousStatus: 'queued' })
        .catch((err: unknown) => logger.warn({ err, conversationId: lapsed.conversationId }, 'could not publish a live event'));
    }
    return expired;
  }
}

/** How often the pass looks: a fifth of the timeout, between a second and a minute. */
export function checkIntervalMs(timeoutMs: number): number {
  return Math.min(60_000, Math.max(1_000, Math.floor(timeoutMs / 5)));
}
