// Case work as it happens, for every open console: a note added, a commitment recorded, an outcome
// set, a callback scheduled. Through Redis pub/sub so consoles on every app instance hear it; on a
// channel of its own, apart from the conversation's events, because customers' streams listen
// there and notes are private. Case changes the bot makes travel as the `status` event's `step`.

import type { Redis } from 'ioredis';
import { RedisJsonChannel } from '../../redis/json-channel.ts';

export type CaseChange = 'commitment' | 'outcome' | 'callback';

export type CaseWorkEvent =
  | {
      type: 'note';
      conversationId: string;
      note: { id: string; text: string; staff: { id: string; name: string; email: string }; createdAt: string };
    }
  | {
      type: 'case';
      conversationId: string;
      /** Null for a callback on a conversation without an open case. */
      caseId: string | null;
      change: CaseChange;
      /** Who made the change. */
      staffId: string;
      /** The case's status after an outcome. */
      status?: string;
    };

export class CaseWorkEvents extends RedisJsonChannel<CaseWorkEvent> {
  constructor(publisher: Redis, subscriber: Redis | undefined, prefix: string, onError?: (error: unknown) => void) {
    super(publisher, subscriber, `${prefix}case-work`, onError);
  }
}
