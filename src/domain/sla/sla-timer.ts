// The SLA timer of a conversation with people (seed 004: A-tier customers skip the queue, so their
// targets are the shortest): from the handoff (queuedAt) the first-reply target runs until a staff
// member writes to the customer, then the resolution target until the conversation leaves people.
// Targets count staff time only. Amber once amberAtPercent of the target is used, red once it is
// all used (breached). Pure: the pass that marks breaches and the console's list both use it.

import type { StaffHours } from '../staff-hours.ts';
import type { ConversationStatus, Tier } from '../types.ts';
import type { SlaRules } from './sla-rules.ts';
import { addStaffMinutes } from './staff-time.ts';

export const SLA_KINDS = ['first_reply', 'resolution'] as const;
export type SlaKind = (typeof SLA_KINDS)[number];
export const SLA_STATES = ['ok', 'amber', 'red'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface SlaSubject {
  status: ConversationStatus;
  tier: Tier;
  /** When the conversation was handed to people; null when it never was (no timer). */
  queuedAt: Date | null;
  /** The latest staff message to the customer; one before queuedAt belongs to an earlier handoff. */
  lastStaffReplyAt: Date | null;
}

export interface SlaTimer {
  kind: SlaKind;
  startedAt: Date;
  /** Red from here on. */
  dueAt: Date;
  /** Amber from here on. */
  amberAt: Date;
  targetMinutes: number;
  state: SlaState;
}

/** Whether staff replied since this handoff began. */
export function repliedSinceHandoff(subject: Pick<SlaSubject, 'queuedAt' | 'lastStaffReplyAt'>): boolean {
  return subject.queuedAt !== null && subject.lastStaffReplyAt !== null && subject.lastStaffReplyAt >= subject.queuedAt;
}

/** The timer that runs now, or null for a conversation not with people (bot, closed, never handed over). */
export function slaTimer(subject: SlaSubject, rules: SlaRules, hours: StaffHours, now: Date): SlaTimer | null {
  if ((subject.status !== 'queued' && subject.status !== 'human') || !subject.queuedAt) return null;
  const kind: SlaKind = repliedSinceHandoff(subject) ? 'resolution' : 'first_reply';
  return timerOf(kind, subject.queuedAt, subject.tier, rules, hours, now);
}

/** One target's timer from the handoff (both run from it: resolution counts the first wait too). */
export function timerOf(kind: SlaKind, startedAt: Date, tier: Tier, rules: SlaRules, hours: StaffHours, now: Date): SlaTimer {
  const targets = rules.tiers[tier];
  const targetMinutes = kind === 'first_reply' ? targets.firstReplyMinutes : targets.resolutionMinutes;
  const dueAt = addStaffMinutes(startedAt, targetMinutes, hours);
  const amberAt = addStaffMinutes(startedAt, (targetMinutes * rules.amberAtPercent) / 100, hours);
  return { kind, startedAt, dueAt, amberAt, targetMinutes, state: stateAt(now, amberAt, dueAt) };
}

export function stateAt(now: Date, amberAt: Date, dueAt: Date): SlaState {
  if (now >= dueAt) return 'red';
  return now >= amberAt ? 'amber' : 'ok';
}

/** The targets that have passed for a conversation with people, each once: what a breach pass marks. */
export function passedTargets(subject: SlaSubject & { firstReplyBreachedAt: Date | null; resolutionBreachedAt: Date | null }, rules: SlaRules, hours: StaffHours, now: Date): SlaTimer[] {
  const { queuedAt } = subject;
  if ((subject.status !== 'queued' && subject.status !== 'human') || !queuedAt) return [];
  const markedInThisHandoff = (at: Date | null) => at !== null && at >= queuedAt;
  const passed: SlaTimer[] = [];
  if (!repliedSinceHandoff(subject) && !markedInThisHandoff(subject.firstReplyBreachedAt)) {
    const timer = timerOf('first_reply', queuedAt, subject.tier, rules, hours, now);
    if (timer.state === 'red') passed.push(timer);
  }
  if (!markedInThisHandoff(subject.resolutionBreachedAt)) {
    const timer = timerOf('resolution', queuedAt, subject.tier, rules, hours, now);
    if (timer.state === 'red') passed.push(timer);
  }
  return passed;
}
