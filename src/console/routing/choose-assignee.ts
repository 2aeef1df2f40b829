// Who gets a newly queued conversation: an A-tier customer's key account manager when online and
// not full, otherwise the online agent with room who has waited longest since their last one.
// Room means under capacity and nothing assigned left unopened: conversations go one at a time,
// the next when the last one was opened (not five at once to someone who may be away).

import type { AssignmentRule, RoutingCandidate, RoutingTarget } from './routing-ports.ts';

export interface Choice {
  staffId: string;
  rule: AssignmentRule;
}

/**
 * Null when nobody online has room: the conversation waits in the queue unassigned. `avoid` (the
 * one who let the assignment lapse) gets it only when nobody else has room.
 */
export function chooseAssignee(target: Pick<RoutingTarget, 'tier' | 'keyAccountManagerId'>, online: readonly RoutingCandidate[], avoid?: string): Choice | null {
  if (avoid !== undefined)
    return (
      chooseAssignee(
        target,
        online.filter((c) => c.id !== avoid),
      ) ?? chooseAssignee(target, online)
    );
  if (target.tier === 'A' && target.keyAccountManagerId) {
    const manager = online.find((c) => c.id === target.keyAccountManagerId);
    if (manager && hasRoom(manager)) return { staffId: manager.id, rule: 'key_account_manager' };
  }
  // Round robin that survives restarts and several instances: the longest since their last
  // assignment goes next (never assigned first), then the lightest load, then a stable order.
  const next = online
    .filter((c) => c.role === 'agent' && hasRoom(c))
    .sort((a, b) => (a.lastAssignedAt?.getTime() ?? -1) - (b.lastAssignedAt?.getTime() ?? -1) || a.load - b.load || a.id.localeCompare(b.id))[0];
  return next ? { staffId: next.id, rule: 'round_robin' } : null;
}

/** Under capacity, and no assignment waiting to be opened. */
export function hasRoom(candidate: RoutingCandidate): boolean {
  return candidate.load < candidate.capacity && candidate.unopened === 0;
}
