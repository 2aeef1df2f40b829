// What a committed turn did, for listeners outside the conversation (outgoing webhooks): told
// once the turn's transaction committed, synchronously, so a listener must return at once.

import type { Effect } from '../domain/flow/effects.ts';
import type { ConversationStatus } from '../domain/types.ts';
import type { ConversationRecord } from './ports.ts';

export interface CommittedTurn {
  /** The conversation as it was before the turn (its status is the previous one). */
  conversation: ConversationRecord;
  /** The turn's effects, as written. */
  effects: readonly Effect[];
  /** The conversation's status after the turn. */
  status: ConversationStatus;
}

export type TurnCommittedListener = (turn: CommittedTurn) => void;
