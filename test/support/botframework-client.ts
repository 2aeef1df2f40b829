// A customer on a Bot Framework channel, as the channel service would deliver their activities to
// POST /api/messages. The bot answers through the loopback BotConnector given as serviceUrl; since
// CloudAdapter answers the POST only after the turn, everything the bot said is recorded by then.

import { randomUUID } from 'node:crypto';
import type { BotConnector, SentActivity } from './bot-connector.ts';

export const BOT = { id: 'bot', name: 'Care Bot' };

export interface BotFrameworkUserOptions {
  channelId?: string;
  /** The user id the activities claim (from.id); a fresh one by default. */
  id?: string;
  name?: string;
  locale?: string;
  /** Called per request for the Authorization header value (e.g. a signed channel token). */
  authorization?: () => string;
  /** The bot's endpoint: /api/messages (botbuilder, the default) or /api/agents/messages (the Agents SDK). */
  path?: string;
}

export interface Exchange {
  status: number;
  body: unknown;
  /** Message and event activities the bot sent in reply to this activity (while it was handled), in order. */
  replies: SentActivity[];
  /** Everything sent in reply, typing indicators included. */
  all: SentActivity[];
}

export class BotFrameworkUser {
  readonly id: string;
  readonly conversationId = `conv-${randomUUID()}`;
  readonly channelId: string;

  constructor(
    private readonly baseUrl: string,
    private readonly connector: BotConnector,
    private readonly options: BotFrameworkUserOptions = {},
  ) {
    this.id = options.id ?? `user-${randomUUID()}`;
    this.channelId = options.channelId ?? 'webchat';
  }

  /** The customer's id as the bot stores it on the channel identity. */
  get externalId(): string {
    return `${this.channelId}:${this.id}`;
  }

  /** A complete activity from this customer; `overrides` replace or add fields. */
  activity(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: this.channelId,
      serviceUrl: this.connector.serviceUrl,
      from: { id: this.id, ...(this.options.name ? { name: this.options.name } : {}) },
      recipient: BOT,
      conversation: { id: this.conversationId },
      ...(this.options.locale ? { locale: this.options.locale } : {}),
      ...overrides,
    };
  }

  /** Sends the customer's text; returns what the bot answered to it. */
  say(text: string, overrides: Record<string, unknown> = {}): Promise<Exchange> {
    return this.send(this.activity({ text, ...overrides }));
  }

  /** The channel's "someone joined" activity for this customer (and the bot, as channels do). */
  join(overrides: Record<string, unknown> = {}): Promise<Exchange> {
    return this.send(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: this.id, ...(this.options.name ? { name: this.options.name } : {}) }, BOT], ...overrides }));
  }

  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Exchange> {
    const before = this.connector.calls.length;
    const response = await fetch(`${this.baseUrl}${this.options.path ?? '/api/messages'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.options.authorization ? { authorization: this.options.authorization() } : {}), ...headers },
      body: JSON.stringify(activity),
    });
    const raw = await response.text();
    // Replies to a message name it (replyToId); a Web Chat welcome after conversationUpdate does not.
    const all = this.connector.calls
      .slice(before)
      .filter((c) => c.conversationId === this.conversationId && (c.replyToId === undefined || c.replyToId === activity.id))
      .map((c) => c.activity);
    return {
      status: response.status,
      body: raw ? (JSON.parse(raw) as unknown) : undefined,
      replies: all.filter((a) => a.type === 'message' || a.type === 'event'),
      all,
    };
  }
}

/** The texts of the bot's message activities, joined. */
export function textOf(exchange: Exchange): string {
  return exchange.replies
    .filter((a) => a.type === 'message')
    .map((a) => a.text ?? '')
    .join('\n');
}

/** The buttons on the bot's last message (suggested actions), as the customer would tap them. */
export function choicesOf(exchange: Exchange): string[] {
  const last = exchange.replies.filter((a) => a.type === 'message').at(-1);
  return last?.suggestedActions?.actions.map((a) => a.value) ?? [];
}
