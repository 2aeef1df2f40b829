// Routes conversations queued for a person: chooses the assignee and assigns it (it stays queued
// until they take it over). Nobody available → it waits unassigned until someone has room (is
// under capacity and has opened what they were given last).

import type { Logger } from 'pino';
import { chooseAssignee, hasRoom, type Choice } from './choose-assignee.ts';
import type { RoutingCandidate, RoutingStore } from './routing-ports.ts';

/** Two instances may route at once; a lost compare-and-set is retried this often. */
const ATTEMPTS = 3;
/** How many waiting conversations one pass looks at (the queue is served most urgent first). */
const WAITING_BATCH = 200;

export interface Assignment extends Choice {
  conversationId: string;
}

export class ConversationRouter {
  constructor(
    private readonly store: RoutingStore,
    private readonly logger: Pick<Logger, 'info'>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * The assignment made, or null when the conversation is not waiting unassigned or nobody has
   * room. `avoid`: someone to give it to only when nobody else has room (who let it lapse).
   */
  async routeQueued(conversationId: string, options: { avoid?: string } = {}): Promise<Choice | null> {
    const choice = await this.route(conversationId, await this.store.onlineStaff(), options.avoid);
    if (choice === 'nobody') this.logger.info({ conversationId }, 'routing: nobody online has room; the conversation waits in the queue');
    return typeof choice === 'string' ? null : choice;
  }

  /**
   * Gives the conversations already waiting unassigned to whoever has room now (someone came
   * online or finished one), most urgent first, then longest waiting, by the same rules as a new
   * escalation. Returns the assignments made.
   */
  async routeWaiting(): Promise<Assignment[]> {
    const assignments: Assignment[] = [];
    for (const conversationId of await this.store.waitingUnassigned(WAITING_BATCH)) {
      const online = await this.store.onlineStaff();
      if (!online.some(hasRoom)) break;
      const choice = await this.route(conversationId, online);
      if (typeof choice !== 'string') assignments.push({ conversationId, ...choice });
    }
    if (assignments.length) this.logger.info({ assigned: assignments.length }, 'routing: waiting conversations assigned');
    return assignments;
  }

  private async route(conversationId: string, online: RoutingCandidate[], avoid?: string): Promise<Choice | 'not_waiting' | 'nobody'> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const target = await this.store.routingTarget(conversationId);
      if (!target || target.status !== 'queued' || target.assignedStaffId) return 'not_waiting';
      // After a lost compare-and-set the loads have changed: look again.
      const candidates = attempt === 1 ? online : await this.store.onlineStaff();
      const choice = chooseAssignee(target, candidates, avoid);
      if (!choice) return 'nobody';
      if (await this.store.assignQueued(conversationId, choice.staffId, choice.rule, this.clock())) {
        this.logger.info({ conversationId, staffId: choice.staffId, rule: choice.rule }, 'routing: assigned');
        return choice;
      }
    }
    return 'nobody';
  }
}
