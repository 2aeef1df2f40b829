// What the console's routes use for approvals, assembled by the composition root.

import type { ApprovalAnnouncer } from './approval-announcer.ts';
import type { ApprovalEvents } from './approval-events.ts';
import type { ApprovalStore } from './approval-ports.ts';

export interface ApprovalServices {
  store: ApprovalStore;
  events: ApprovalEvents;
  /** Tells the consoles, the staff chat, webhook receivers and the customer once a change is stored. */
  announcer: ApprovalAnnouncer;
}
