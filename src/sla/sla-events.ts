// SLA breaches for every open console through Redis pub/sub: published by whichever process made
// the pass (an app, `npm run worker`), heard by every app instance, which passes them to its
// consoles' live streams (the `sla` event).

import type { Redis } from 'ioredis';
import { RedisJsonChannel } from '../redis/json-channel.ts';
import type { SlaKind } from '../domain/sla/sla-timer.ts';
import type { Tier } from '../domain/types.ts';

export interface SlaBreachEvent {
  type: 'breached';
  conversationId: string;
  kind: SlaKind;
  tier: Tier;
  status: 'queued' | 'human';
  dueAt: string;
  targetMinutes: number;
  assignedStaffId: string | null;
}

export type SlaListener = (event: SlaBreachEvent) => void;

export class SlaEvents extends RedisJsonChannel<SlaBreachEvent> {
  constructor(publisher: Redis, subscriber: Redis | undefined, prefix: string, onError?: (error: unknown) => void) {
    super(publisher, subscriber, `${prefix}sla`, onError);
  }
}
