// What routing needs from the store: the conversation to route, who is online with how much work,
// the conversations waiting for someone, and the compare-and-set that gives a queued conversation
// to one person within their capacity, one unopened assignment at a time.

import type { ConversationStatus, Tier } from '../../domain/types.ts';
import type { StaffRole } from '../ports.ts';

export interface RoutingTarget {
  status: string;
  assignedStaffId: string | null;
  tier: Tier;
  keyAccountManagerId: string | null;
}

export interface RoutingCandidate {
  id: string;
  role: StaffRole;
  capacity: number;
  /** Conversations this person holds (human) or has been assigned (queued). */
  load: number;
  /** Conversations assigned to this person, still queued, that they have not opened yet: routing gives one at a time. */
  unopened: number;
  lastAssignedAt: Date | null;
}

/** Why routing chose this person: the key account manager or the next in turn. */
export type AssignmentRule = 'key_account_manager' | 'round_robin' | 'supervisor';

export type ReassignResult = { assigned: true; from: ConversationStatus; status: ConversationStatus } | { refused: 'not_found' | 'closed' | 'no_such_staff' | 'changed' };

export interface RoutingStore {
  routingTarget(conversationId: string): Promise<RoutingTarget | null>;
  /** Online, enabled staff with their current load. */
  onlineStaff(): Promise<RoutingCandidate[]>;
  /** Queued conversations nobody has been given yet: most urgent first, then longest waiting. */
  waitingUnassigned(limit: number): Promise<string[]>;
  /**
   * Assigns a queued, unassigned conversation (status stays queued; assignedAt now, not opened
   * yet) and audits it as the system's; false when it is no longer queued, someone got it first,
   * or the person is no longer online with room (under capacity, and no assignment left
   * unopened). The room is counted and taken atomically, so instances routing at the same time
   * never give one person more than their capacity, nor two unopened conversations.
   */
  assignQueued(conversationId: string, staffId: string, rule: AssignmentRule, now: Date): Promise<boolean>;
  /** A supervisor gives an open conversation to someone else (a held one moves with its hold). */
  reassign(conversationId: string, staffId: string, actorId: string, now: Date): Promise<ReassignResult>;
}

/** An assignment its assignee has not opened (still queued), found by the timeout pass. */
export interface LapsedAssignment {
  conversationId: string;
  staffId: string;
  /** Null for an assignment made before assignedAt was recorded. */
  assignedAt: Date | null;
}

export interface AssignmentExpiryStore {
  /** Queued conversations assigned at or before `cutoff` and not opened by their assignee, oldest first. */
  lapsedAssignments(cutoff: Date, limit: number): Promise<LapsedAssignment[]>;
  /**
   * Compare-and-set: returns the conversation to the queue unassigned and audits it, only while it
   * is still queued, assigned to the same person at or before `cutoff`, and unopened; false when
   * an open, a takeover or another assignment got there first.
   */
  expireAssignment(lapsed: LapsedAssignment, cutoff: Date, now: Date): Promise<boolean>;
}
