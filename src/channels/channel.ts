// What every channel adapter gets from the composition root, and what it gives back.
// Adapters translate between their channel's format and the engine's Inbound/TurnResult;
// they know nothing of the database or Redis beyond these ports, and the rest of the product
// reaches a channel only through what it gives back (its outbound port, its staff chat).

import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Content } from '../content/load-content.ts';
import type { Engine } from '../conversation/engine.ts';
import type { ConversationStore, IdentityStore } from '../conversation/ports.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';
import type { Leadership } from './leadership.ts';
import type { OnceGuard } from './once-guard.ts';
import type { ChannelOutbound } from './outbound-port.ts';
import type { SendPace } from './send-pace.ts';
import type { StaffAlert, StaffClaims } from './telegram/staff-alerts/staff-claims.ts';

export interface ChannelContext {
  config: Config;
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  content: Content;
  logger: Logger;
  /** The HTTP server, not yet listening: adapters add their routes (webhooks) here. */
  server: FastifyInstance;
  /** "Only the first time" across every instance, for what an adapter answers itself. */
  once: OnceGuard;
  /** How fast messages may go to a platform, shared with every instance and the follow-up workers. */
  pace: SendPace;
  /** Work that runs on one instance at a time (Telegram long polling). */
  leadership: Leadership;
  /** Where an adapter reports the replies it sent itself (or that its channel gave up on). */
  deliveries: DeliveryLedger;
  /** Claiming conversations from the Telegram staff chat (STAFF_TELEGRAM_CHAT_ID). */
  staffClaims?: StaffClaims;
}

export interface Channel {
  readonly name: string;
  /** How messages leave for this channel's customers. */
  readonly outbound: ChannelOutbound;
  /** A chat where staff are alerted (Telegram's STAFF_TELEGRAM_CHAT_ID), where the channel has one. */
  readonly staffChat?: StaffChat;
  /** Starts receiving (e.g. Telegram long polling); called once the HTTP server listens. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface StaffChat {
  /** Posts a new escalation with a Claim button. Resolves when it is out or given up. */
  alert(alert: StaffAlert): Promise<void>;
  /** Posts a notice (a crisis signal, an SLA breach, an approval). Resolves when it is out or given up. */
  notice(text: string): Promise<void>;
}
