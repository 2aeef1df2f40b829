// What the staff console needs from the store: staff accounts, conversation details, the atomic
// takeover and release of a conversation, and profile-card edits (the queue's list, labels and read
// markers: queue/queue-ports.ts). Every change a person makes is written to the AuditLog in the
// same transaction as the change itself.

import { columnParser, type ConversationStatus, type Language, type Tier } from '../domain/types.ts';
import type { CardPatch, CustomerCardParts } from './customers/customer-ports.ts';

export const STAFF_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const parseStaffRole = columnParser(STAFF_ROLES, 'Staff.role');

export interface StaffRecord {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  disabled: boolean;
  /** Present for routing: new escalations are assigned only to people who are online. */
  online: boolean;
  /** How many queued and held conversations routing gives this person at most. */
  capacity: number;
  /** The Telegram user id that may claim conversations from the staff alert chat. */
  telegramUserId: string | null;
  createdAt: Date;
}

export interface NewStaff {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
}

export interface StaffChanges {
  name?: string;
  role?: StaffRole;
  passwordHash?: string;
  disabled?: boolean;
  online?: boolean;
  capacity?: number;
  telegramUserId?: string | null;
}

export interface StaffStore {
  findByEmail(email: string): Promise<(StaffRecord & { passwordHash: string }) | null>;
  findById(id: string): Promise<StaffRecord | null>;
  findByTelegramUserId(telegramUserId: string): Promise<StaffRecord | null>;
  list(): Promise<StaffRecord[]>;
  /** @throws DomainError `conflict` when a staff account with this email already exists */
  create(staff: NewStaff, actorId: string | null): Promise<StaffRecord>;
  /**
   * Applies the changes and audits them (old → new; a new password is recorded only as changed).
   * @throws DomainError `conflict` when another staff account is already linked to this Telegram user
   */
  update(id: string, changes: StaffChanges, actorId: string): Promise<StaffRecord | null>;
  /** Creates `staff` as an admin unless some admin exists; true when it was created. Safe to race. */
  createFirstAdmin(staff: NewStaff): Promise<boolean>;
  /**
   * Stores a stronger hash of the same password (not audited: nothing changed for the person),
   * only if the stored hash is still `current`; false when it changed meanwhile.
   */
  upgradePasswordHash(id: string, current: string, stronger: string): Promise<boolean>;
}

export interface StaffRef {
  id: string;
  name: string;
  email: string;
}

export interface QueueItem {
  id: string;
  status: ConversationStatus;
  channel: string;
  language: string;
  priority: number;
  queueReason: string | null;
  queuedAt: Date | null;
  /** Seconds since the conversation was queued; null when it never was. */
  waitingSeconds: number | null;
  lastMessageAt: Date;
  /** The latest staff message to the customer (the SLA first-reply timer ends at one after queuedAt). */
  lastStaffReplyAt: Date | null;
  customer: { id: string; name: string | null; tier: Tier; isKey: boolean };
  assignedStaff: StaffRef | null;
}

/** The card's original fields, and beside them its four parts (seed 000) and their freshness. */
export interface CustomerProfile extends CustomerCardParts {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  tier: Tier;
  isKey: boolean;
  optOutGreetings: boolean;
  optOutMarketing: boolean;
  keyAccountManagerId: string | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  timezone: string;
  locale: string;
  lifecycleStage: string;
  loyalty: string;
  purchaseTotalCents: number;
  lastContactAt: Date | null;
  attributes: Record<string, unknown>;
  channels: string[];
  /** True when a channel proved the phone number (a shared Telegram contact); typed numbers are not. */
  phoneVerified: boolean;
  /**
   * Other cards with the same phone: perhaps the same person, never joined automatically unless
   * both numbers were verified (a typed number proves nothing). For staff to check.
   */
  possibleDuplicates: PossibleDuplicate[];
}

export interface PossibleDuplicate {
  id: string;
  name: string | null;
  phoneVerified: boolean;
}

export interface CustomerPatch extends CardPatch {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  tier?: Tier;
  isKey?: boolean;
  optOutGreetings?: boolean;
  optOutMarketing?: boolean;
  keyAccountManagerId?: string | null;
  birthday?: string | null;
  timezone?: string;
  locale?: Language;
}

export interface CaseSummary {
  id: string;
  category: string;
  emotion: string;
  step: number;
  status: string;
  agreedSolution: string | null;
  /** What the bot collected (orderNumber, product, …); orderVerified false: the number is not among the customer's orders, for staff to check. */
  facts: Record<string, unknown>;
  commitments: { id: string; kind: string; description: string; dueAt: Date; status: string; amountCents: number | null; currency: string | null }[];
}

export interface ContactEntry {
  id: string;
  kind: string;
  channel: string;
  summary: string;
  outcome: string | null;
  createdAt: Date;
}

export interface NoteEntry {
  id: string;
  text: string;
  staff: StaffRef;
  createdAt: Date;
}

/** One edit of the profile card, from the AuditLog: who changed which fields from what to what. */
export interface ProfileChange {
  staff: { id: string; name: string } | null;
  changes: Record<string, { from: unknown; to: unknown }>;
  createdAt: Date;
}

export interface HandoffSummary {
  reason: string;
  priority: number;
  /** The bot's summary for staff, in English. */
  summary: string;
  /** The same in each language; absent on escalations recorded before summaries were written in both. */
  summaries?: Record<Language, string>;
}

export interface ConversationDetail {
  conversation: QueueItem;
  /** Private staff notes, oldest first; never shown to the customer. */
  notes: NoteEntry[];
  profile: CustomerProfile;
  /** The card's audit trail: the latest edits by staff, newest first. */
  profileHistory: ProfileChange[];
  openCases: CaseSummary[];
  contacts: ContactEntry[];
  /** Why and how urgently the bot handed over (the latest escalation), if it did. */
  handoff: HandoffSummary | null;
  /** LLM mode: model calls, tokens and cost in this conversation (zero calls without LLM mode). */
  llm: { calls: number; promptTokens: number; completionTokens: number; costMicros: number };
  /** The customer's rating of this conversation (CSAT after a chat), once answered. */
  rating?: ChatRatingSummary;
}

export interface ChatRatingSummary {
  score: number;
  comment: string | null;
  servedBy: 'bot' | 'staff';
  staffId: string | null;
  answeredAt: Date;
}

/** Why a staff action on a conversation was refused. */
export type ConversationRefusal = { refused: 'not_found' } | { refused: 'closed' } | { refused: 'taken'; holder: StaffRef };

export type TakeoverResult = { taken: true; alreadyMine: boolean } | ConversationRefusal;
export type ReleaseResult = { released: true } | ConversationRefusal;

export interface ConsoleStore {
  conversationDetail(conversationId: string, now: Date): Promise<ConversationDetail | null>;
  /**
   * Compare-and-set: succeeds only when nobody else holds the conversation and it is open. A
   * conversation routing assigned to someone else (still queued) is refused naming them, unless
   * `overrideAssignee` (supervisors and admins).
   */
  takeOver(conversationId: string, staffId: string, now: Date, options?: { overrideAssignee?: boolean }): Promise<TakeoverResult>;
  /**
   * Ends the staff's hold: back to the bot, or closed. Refused when another person holds it,
   * unless `force` (supervisors and admins). A close of a conversation people served plans its
   * chat rating in the same transaction, when the store is set to (CSAT_ENABLED).
   */
  release(conversationId: string, staffId: string, to: 'bot' | 'closed', now: Date, force: boolean): Promise<ReleaseResult>;
  /** Whether this staff member holds the conversation (status human, assigned to them). */
  holds(conversationId: string, staffId: string): Promise<boolean>;
  getCustomer(customerId: string): Promise<CustomerProfile | null>;
  /**
   * Applies the patch and audits old → new values; the changed fields (and `confirmFields`) are
   * confirmed by staff:<actorId>. Null when there is no such customer.
   */
  updateCustomer(customerId: string, patch: CustomerPatch, actorId: string, now: Date): Promise<CustomerProfile | null>;
  /** Logs a staff reply in the customer's contact log: one entry per conversation, staff member and day. */
  logStaffReply(conversationId: string, staffId: string, now: Date): Promise<void>;
  /** Writes one AuditLog entry by a staff member. */
  audit(entry: { actorId: string; action: string; entity: string; entityId: string; details: Record<string, unknown>; now: Date }): Promise<void>;
}
