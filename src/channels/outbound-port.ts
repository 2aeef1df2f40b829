// How a message leaves for a customer, whatever the channel. Every channel adapter gives one
// ChannelOutbound; live replies, staff messages, notices, follow-ups and the delivery sweeper's
// second tries all go through it — except a Bot Framework turn's own replies, which go back on
// the activity's turn as that protocol expects (and through this port when they must be sent
// again). Nothing outside an adapter knows a channel's SDK, its queues or how it paces.

import type { RateLimit } from '../jobs/rate-limiter.ts';

/**
 * `live` and `staff`: in order behind whatever the chat is still waiting for; `follow-up`: now,
 * outside that queue, by a caller that has already booked its send slot under `limits(target)`
 * (the follow-up runner, which also decides about retries itself).
 */
export type SendMode = 'live' | 'staff' | 'follow-up';

/** A customer on a channel: their channel identity and the channel's own id for them (a Telegram user id …). */
export interface OutboundTarget {
  identityId: string;
  externalId: string;
}

export interface OutboundMessage {
  text: string;
  /** Offered as buttons where the channel has them. */
  choices?: readonly string[];
}

export interface SendOptions {
  mode: SendMode;
  /** Names the send, for channels that can tell whether a keyed message arrived (wasDelivered). */
  key?: string;
}

/**
 * `sent`; `unreachable`: the customer blocked or removed the bot, or never wrote on the channel
 * (the adapter has marked the identity unreachable where it applies) — asking again will not help;
 * `failed`: may work later.
 */
export type SendOutcome = { status: 'sent' } | { status: 'unreachable' | 'failed'; reason: string };

export interface ChannelOutbound {
  /** The stored message is itself the delivery: the channel's page reads it (the web chat). */
  readonly deliversOnRecord: boolean;
  /** Sends `messages` in order; never rejects: a failure is an outcome. */
  send(target: OutboundTarget, messages: readonly OutboundMessage[], options: SendOptions): Promise<SendOutcome>;
  /** Whether the message sent under `key` arrived, where the channel can tell; undefined when it cannot. */
  wasDelivered?(target: OutboundTarget, key: string): Promise<boolean | undefined>;
  /** How fast this target may be written to; kept across processes by the Redis rate limiter. */
  limits(target: OutboundTarget): RateLimit[];
}

export const SENT: SendOutcome = { status: 'sent' };
