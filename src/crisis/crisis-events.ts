// Crisis news for every app instance through Redis pub/sub: a new signal (each open console shows
// its banner) and any other change to signals or incidents (consoles reload the list, each
// instance reloads the open incidents the bot matches complaints against). Published by whichever
// process detected or changed it (an app, `npm run worker`).

import type { Redis } from 'ioredis';
import { RedisJsonChannel } from '../redis/json-channel.ts';
import type { SpikeDimension } from '../domain/crisis/spike-detection.ts';

export type CrisisEvent =
  | { type: 'detected'; signal: { id: string; dimension: SpikeDimension; key: string; count: number; expected: number; detectedAt: string; windowMinutes: number } }
  | { type: 'changed'; signalId?: string; incidentId?: string; change: 'confirmed' | 'dismissed' | 'closed' };

export type CrisisListener = (event: CrisisEvent) => void;

export class CrisisEvents extends RedisJsonChannel<CrisisEvent> {
  constructor(publisher: Redis, subscriber: Redis | undefined, prefix: string, onError?: (error: unknown) => void) {
    super(publisher, subscriber, `${prefix}crisis`, onError);
  }
}
