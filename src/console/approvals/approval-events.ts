// Approval news for every open console through Redis pub/sub: a new request (supervisors see it at
// once) and its decision (the requesting agent sees it), published by whichever app instance took
// the request or the decision, heard by every instance, which passes it to its consoles' streams.

import type { Redis } from 'ioredis';
import { RedisJsonChannel } from '../../redis/json-channel.ts';
import type { ApprovalWire } from '../routes/approval-wire.ts';

export interface ApprovalEvent {
  type: 'requested' | 'approved' | 'refused';
  approval: ApprovalWire;
}

export class ApprovalEvents extends RedisJsonChannel<ApprovalEvent> {
  constructor(publisher: Redis, subscriber: Redis | undefined, prefix: string, onError?: (error: unknown) => void) {
    super(publisher, subscriber, `${prefix}approvals`, onError);
  }
}
