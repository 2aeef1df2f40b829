// What every channel adapter gets from the composition root, and what it gives back.
// Adapters translate between their channel's format and the engine's Inbound/TurnResult;
// they know nothing of the database or Redis beyond these ports.

import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Content } from '../content/load-content.ts';
import type { Engine } from '../conversation/engine.ts';
import type { ConversationStore, IdentityStore } from '../conversation/ports.ts';
import type { StaffClaims } from './telegram/staff-alerts/staff-claims.ts';

export interface ChannelContext {
  config: Config;
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  content: Content;
  logger: Logger;
  /** The HTTP server, not yet listening: adapters add their routes (webhooks) here. */
  server: FastifyInstance;
  /** Shared Redis, e.g. for rate limits that hold across instances. */
  redis: Redis;
  /** Claiming conversations from the Telegram staff chat (STAFF_TELEGRAM_CHAT_ID). */
  staffClaims?: StaffClaims;
}

export interface Channel {
  readonly name: string;
  /** Starts receiving (e.g. Telegram long polling); called once the HTTP server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
