// Routes a conversation the bot just queued for a person: chooses the assignee and assigns it
// (it stays queued until they take it over). Nobody available → it waits unassigned.

import type { Logger } from 'pino';
import { chooseAssignee, type Choice } from './choose-assignee.ts';
import type { RoutingStore } from './routing-ports.ts';

/** Two instances may route at once; a lost compare-and-set is retried this often. */
const ATTEMPTS = 3;

export class ConversationRouter {
  constructor(
    private readonly store: RoutingStore,
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** The assignment made, or null when the conversation is not waiting unassigned or nobody has room. */
  async routeQueued(conversationId: string): Promise<Choice | null> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const target = await this.store.routingTarget(conversationId);
      if (!target || target.status !== 'queued' || target.assignedStaffId) return null;
      const choice = chooseAssignee(target, await this.store.onlineStaff());
      if (!choice) {
        this.logger.info({ conversationId }, 'routing: nobody online has room; the conversation waits in the queue');
        return null;
      }
      if (await this.store.assignQueued(conversationId, choice.staffId, choice.rule, this.clock())) {
        this.logger.info({ conversationId, staffId: choice.staffId, rule: choice.rule }, 'routing: assigned');
        return choice;
      }
    }
    return null;
  }
}
