// What a turn asks the outside world to do. The engine carries these out in one transaction.

import type { Category, ConversationStatus, Emotion, Language } from '../types.ts';
import type { ComplaintState, Facts, OrderOnFile } from './state.ts';
import type { OptionKind } from '../policy.ts';

export interface Reply {
  text: string;
  choices?: string[];
}

export type EscalationReason =
  'safety' | 'victimized' | 'angry' | 'asked_for_person' | 'no_agreement' | 'repeated_misunderstanding' | 'internal_error' | 'a_tier_green_channel' | 'revisit_unsatisfied' | 'callback_due';

export interface CaseUpdate {
  caseId: string;
  step: number;
  category: Category;
  emotion: Emotion;
  facts: CaseFacts;
  offered: string[];
  evidence: string[];
  status?: 'open' | 'agreed' | 'escalated';
  agreedSolution?: string;
}

export interface CommitmentPlan {
  id: string;
  caseId: string;
  kind: OptionKind;
  amountCents?: number;
  currency: string;
  description: string;
  dueAt: Date;
}

export interface FollowUpPlan {
  id: string;
  kind: 'callback' | 'revisit';
  dueAt: Date;
  dedupeKey: string;
  caseId?: string;
  commitmentId?: string;
}

export interface SurveyResult {
  id: string;
  caseId: string;
  followUpId: string;
  /** What the customer got, 1–5. */
  score: number;
  /** What they had expected, 1–5. */
  expected: number;
  /** score ÷ expected */
  ratio: number;
  satisfied: boolean;
}

/** A chat rating's score, and who served the conversation rated (for the webhook and the metric). */
export interface RatingAnswer {
  id: string;
  /** The conversation rated (not necessarily the one the answer came in). */
  conversationId: string;
  channel: string;
  score: number;
  servedBy: 'bot' | 'staff';
  staffId: string | null;
}

export type Effect =
  | {
      type: 'openCase';
      caseId: string;
      category: Category;
      emotion: Emotion;
      /** The first message's keywords (domain/crisis/complaint-keywords.ts), counted by the crisis signal. */
      keywords?: string[];
    }
  | { type: 'updateCase'; update: CaseUpdate }
  | { type: 'recordCommitment'; commitment: CommitmentPlan; followUps: FollowUpPlan[] }
  | { type: 'scheduleFollowUp'; followUp: FollowUpPlan }
  | {
      type: 'escalate';
      reason: EscalationReason;
      priority: number;
      /** The handoff summary for staff, in English (kept by the contact log and integrations). */
      summary: string;
      /** The same summary in each language, for the console (which shows `summary` without it). */
      summaries?: Record<Language, string>;
    }
  | { type: 'updateCustomer'; name?: string; phone?: string; email?: string; orderNumber?: string }
  | { type: 'optOut' }
  | { type: 'setStatus'; status: ConversationStatus }
  | { type: 'recordSurvey'; survey: SurveyResult }
  /** The bot resolved the conversation alone: ask its rating through the follow-up jobs (CSAT_AFTER_BOT). */
  | { type: 'askRating'; ratingId: string; followUpId: string; language: Language }
  | { type: 'recordRating'; rating: RatingAnswer }
  /** The optional comment after the score (the customer's text, masked like any message). */
  | { type: 'recordRatingComment'; ratingId: string; comment: string };

export interface ContactNote {
  /** A row of its own (a rating answered in the conversation it rates); absent: the conversation's contact. */
  id?: string;
  kind: 'inquiry' | 'complaint' | 'revisit' | 'rating';
  summary: string;
  outcome: 'answered' | 'in_progress' | 'escalated' | 'commitment' | 'opted_out' | 'unresolved';
}

export interface Decision {
  replies: Reply[];
  effects: Effect[];
  contact: ContactNote;
}

/**
 * The facts a case keeps: what the customer said, and for the order number whether it is one of
 * their own orders (orderVerified; false is for staff to check) and which (order).
 */
export type CaseFacts = Facts & { orderVerified?: boolean; order?: OrderOnFile };

/** The Case row as the complaint state has it now. */
export function caseUpdate(complaint: ComplaintState): CaseUpdate {
  const { order, orderVerified } = complaint;
  return {
    caseId: complaint.caseId,
    step: complaint.step,
    category: complaint.category,
    emotion: complaint.emotion,
    facts: { ...complaint.facts, ...(orderVerified !== undefined ? { orderVerified } : {}), ...(order ? { order } : {}) },
    offered: complaint.offered,
    evidence: complaint.evidence,
  };
}
