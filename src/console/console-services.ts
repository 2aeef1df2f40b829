// What the console's routes use, assembled by the composition root.

import type { StaffPasswords } from './auth/staff-passwords.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import type { OutboundDelivery } from '../conversation/outbound-delivery.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { StaffSessions } from './auth/staff-sessions.ts';
import type { CaseWorkEvents } from './cases/case-work-events.ts';
import type { CustomerBackgroundStore } from './customers/customer-background-ports.ts';
import type { CaseWorkStore } from './cases/case-work-ports.ts';
import type { CustomerServices } from './customers/customer-ports.ts';
import type { ExportStore } from './csv/export-ports.ts';
import type { ImportServices } from './csv/import-services.ts';
import type { InsightsStore } from '../insights/insights-ports.ts';
import type { AuditStore } from './audit/audit-ports.ts';
import type { FollowUpAdminStore } from './jobs/jobs-ports.ts';
import type { ConsoleStore, StaffStore } from './ports.ts';
import type { PrivacyStore } from './privacy/privacy-ports.ts';
import type { MergeStore } from './merges/merge-ports.ts';
import type { RoutingStore } from './routing/routing-ports.ts';
import type { QueueServices } from './queue/queue-ports.ts';
import type { RecomputeSegments, SegmentStore } from './segments/segment-ports.ts';
import type { WebhookServices } from '../webhooks/webhook-ports.ts';
import type { CrisisServices } from '../crisis/start-crisis.ts';
import type { SlaServices } from '../sla/start-sla.ts';
import type { ApprovalServices } from './approvals/approval-services.ts';

export interface ConsoleServices {
  staff: StaffStore;
  store: ConsoleStore;
  sessions: StaffSessions;
  loginLimiter: LoginLimiter;
  /** Staff password hashing at STAFF_PASSWORD_SCRYPT_N. */
  passwords: StaffPasswords;
  delivery: OutboundDelivery;
  phrases: Phrasebook;
  clock: () => Date;
  /** Notes, commitments, callbacks and case outcomes. */
  cases: CaseWorkStore;
  /** Case work as it happens (notes, commitments, outcomes, callbacks), heard by every open console. */
  caseEvents: CaseWorkEvents;
  /** The conversation view's previous conversations, orders on file and order numbers mentioned. */
  customerBackground: CustomerBackgroundStore;
  /** Presence-based assignment and supervisors' reassignment. */
  routing: RoutingStore;
  /** The conversation list with its search, filters, previews and unread counts; labels; read markers. */
  queue: QueueServices;
  /** Follow-ups for the supervisors' view: list, retry, cancel. */
  followUps: FollowUpAdminStore;
  /** A customer's rights: export and erasure. */
  privacy: PrivacyStore;
  /** Staff merges of profile cards and their undo; cards that look like duplicates. */
  merges: MergeStore;
  /** The audit log for admins. */
  audit: AuditStore;
  /** The customer list and search, and the contact log staff record into. */
  customers: CustomerServices;
  /** Computed segments: tier pins, segment history, A-tier customers without a key account manager. */
  segments: SegmentStore;
  /** Recomputes every customer's segments now (an admin; the CSV import right after it wrote). */
  recomputeSegments: RecomputeSegments;
  /** CSV imports of customers and orders, and their progress. */
  imports: ImportServices;
  /** CSV exports of what the customer list's filters show. */
  exports: ExportStore;
  /** Outgoing webhooks: admins' endpoints, and the events the console's own actions announce. */
  webhooks: WebhookServices;
  /** The Insights page's figures: SQL aggregates over a date range. */
  insights: InsightsStore;
  /** Crisis signals and incidents (supervisors), their live events, the open incidents the bot tells of. */
  crisis: CrisisServices;
  /** The SLA targets and staff hours behind the timers on the conversation list, and the live breach events. */
  sla: SlaServices;
  /** Agents' refunds and vouchers above the tier's cap waiting for a supervisor: the store, live events, the notices. */
  approvals: ApprovalServices;
}
