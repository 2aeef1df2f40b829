// What the bot does with each Telegram event: words, commands, button presses and photos go to
// the engine and its replies go out through the sender; the few things the engine has no part
// in (a sticker, a shared phone number, /lang, a group chat) are answered here from prompts.

import type { Logger } from 'pino';
import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Engine } from '../../conversation/engine.ts';
import type { Inbound } from '../../conversation/inbound.ts';
import type { ConversationStore, IdentityRecord, IdentityStore, StoredMessage } from '../../conversation/ports.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import type { Language } from '../../domain/types.ts';
import { INTENT_COMMANDS, parseLanguageArg, type Command } from './commands.ts';
import { CHANNEL, readUpdate, toInbound, type Sender, type TelegramEvent } from './inbound-update.ts';
import { LiveDraft } from './live-draft.ts';
import { KeyedQueue } from '../../shared/keyed-queue.ts';
import type { DeliveryLedger } from '../delivery-ledger.ts';
import type { OnceGuard } from '../once-guard.ts';
import type { ChannelOutbound, OutboundMessage, SendOutcome } from '../outbound-port.ts';
import type { OutboundSender } from './outbound-sender.ts';
import { telegramMessages } from './telegram-outbound.ts';
import type { ClaimCallback } from './staff-alerts/claim-callback.ts';
import { showTyping } from './typing-indicator.ts';

/** How long an answer given by the adapter itself is remembered, so a redelivery is not answered twice. */
const ANSWERED_TTL_SECONDS = 7 * 24 * 3600;

export interface UpdateHandlerDeps {
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  phrases: Phrasebook;
  telegram: Telegram;
  /** For what the adapter answers itself, and the live draft's turn in the chat's queue. */
  sender: OutboundSender;
  /** The channel's outbound port: the turn's replies go out through it, in the chat's order. */
  outbound: ChannelOutbound;
  once: OnceGuard;
  deliveries: DeliveryLedger;
  logger: Logger;
  /** Claim presses in the staff chat, when staff alerts are on. */
  claims?: ClaimCallback;
}

type Event<K extends TelegramEvent['kind']> = Extract<TelegramEvent, { kind: K }>;

export class UpdateHandler {
  private readonly perChat = new KeyedQueue();

  constructor(private readonly deps: UpdateHandlerDeps) {}

  /** Handles one update; a customer's updates are handled in the order they arrive. */
  async handle(update: Update): Promise<void> {
    if (this.deps.claims?.handles(update)) return this.perChat.run('staff-chat', () => this.deps.claims!.handle(update));
    const event = readUpdate(update);
    if (event.kind === 'ignored') return;
    await this.perChat.run(String(event.chatId), () => this.dispatch(event));
  }

  /** Resolves when every update taken so far has been handled. */
  idle(): Promise<void> {
    return this.perChat.idle();
  }

  private async dispatch(event: Exclude<TelegramEvent, { kind: 'ignored' }>): Promise<void> {
    switch (event.kind) {
      case 'group':
        return this.answerOnce(event, undefined, event.sender?.locale ?? 'en', 'telegram.private_only');
      case 'text':
        return this.converse(event, toInbound(event, event.text));
      case 'command':
        return this.command(event);
      case 'button':
        return this.button(event);
      case 'photo':
        return this.photo(event);
      case 'contact':
        return this.contact(event);
      case 'unreadable': {
        const identity = await this.identify(event.sender);
        return this.answerOnce(event, identity, await this.languageOf(identity), `telegram.${event.what}`);
      }
    }
  }

  private async command(event: Event<'command'>): Promise<void> {
    const { command } = event;
    const intent = INTENT_COMMANDS[command.name];
    if (intent) {
      if (command.name === 'start') {
        // Unblocking a bot in Telegram sends /start: the customer can be reached again.
        const identity = await this.identify(event.sender);
        await this.deps.identities.setReachable(identity.identityId, true);
      }
      return this.converse(event, toInbound(event, event.text, { intent }));
    }
    if (command.name === 'lang') return this.setLanguage(event, command);
    const identity = await this.identify(event.sender);
    return this.answerOnce(event, identity, await this.languageOf(identity), 'telegram.unknown_command');
  }

  private async setLanguage(event: Event<'command'>, command: Command): Promise<void> {
    const identity = await this.identify(event.sender);
    const language = parseLanguageArg(command.args);
    if (!language) return this.answerOnce(event, identity, await this.languageOf(identity), 'telegram.lang_usage');
    await this.deps.identities.setCustomerLocale(identity.customerId, language);
    return this.answerOnce(event, identity, language, 'telegram.lang_set');
  }

  private async button(event: Event<'button'>): Promise<void> {
    const { telegram, logger } = this.deps;
    if (!event.label) {
      const identity = await this.identify(event.sender);
      const text = this.deps.phrases.say('telegram.button_expired', await this.languageOf(identity));
      await telegram.answerCbQuery(event.callbackId, text).catch((err: unknown) => logger.debug({ err }, 'telegram: could not answer a button press'));
      return;
    }
    // Answered first so the button stops spinning while the engine works.
    await telegram.answerCbQuery(event.callbackId).catch((err: unknown) => logger.debug({ err }, 'telegram: could not answer a button press'));
    return this.converse(event, toInbound(event, event.label));
  }

  /** A photo is evidence during a complaint; the engine decides what it means. */
  private async photo(event: Event<'photo'>): Promise<void> {
    const text = event.caption ?? this.deps.phrases.say('telegram.photo_text', await this.languageOf(await this.identify(event.sender)));
    return this.converse(event, toInbound(event, text, { attachments: [`telegram-photo:${event.fileId}`] }));
  }

  /**
   * A phone number Telegram vouches for: the customer's own, shared with the contact button
   * (contact.user_id is the sender). Someone else's contact card proves nothing and is not kept.
   */
  private async contact(event: Event<'contact'>): Promise<void> {
    const identity = await this.identify(event.sender);
    const language = await this.languageOf(identity);
    if (!event.own) return this.answerOnce(event, identity, language, 'telegram.contact_not_own');
    await this.deps.identities.linkByVerifiedPhone(identity.identityId, event.phone);
    return this.answerOnce(event, identity, language, 'telegram.contact_thanks');
  }

  /** One engine turn; a redelivered update (duplicate) was answered the first time and is not answered again. */
  private async converse(event: { chatId: number; sender: Sender }, inbound: Inbound): Promise<void> {
    const identity = await this.identify(event.sender);
    const stopTyping = showTyping(this.deps.telegram, event.chatId, this.deps.logger);
    const draft = new LiveDraft(this.deps.telegram, event.chatId, this.deps.logger, (work) => this.deps.sender.inChatTurn(event.chatId, work));
    let result;
    try {
      result = await this.deps.engine.turn({ ...inbound, confirmsDelivery: true, onDraft: (text) => draft.update(text) });
    } finally {
      stopTyping();
    }
    if (result.duplicate) {
      this.deps.logger.debug({ channelMessageId: inbound.channelMessageId }, 'telegram: update seen before; not answering again');
      return;
    }
    const { conversationId, replies } = result;
    // A reply streamed as a live draft (LLM mode) is already there: edited into its final words.
    const [first] = telegramMessages(event.chatId, replies);
    const drafted = first ? await draft.finish(first.text, first.keyboard) : false;
    const target = { identityId: identity.identityId, externalId: String(event.chatId) };
    void this.deps.outbound.send(target, (drafted ? replies.slice(1) : replies).map(outboundMessage), { mode: 'live' }).then((outcome) => this.report(conversationId, replies, outcome));
  }

  /** Tells the ledger how the turn's replies went; a failure that may pass is left for the delivery sweeper. */
  private async report(conversationId: string, replies: readonly StoredMessage[], outcome: SendOutcome): Promise<void> {
    const ids = replies.map((reply) => reply.id);
    if (!ids.length) return;
    if (outcome.status === 'sent') return this.deps.deliveries.delivered(ids);
    if (outcome.status === 'unreachable') return this.deps.deliveries.undeliverable(conversationId, ids, outcome.reason);
  }

  /** Answers from prompts, once per update even if Telegram delivers it again. */
  private async answerOnce(event: { chatId: number; key: string }, identity: IdentityRecord | undefined, language: Language, key: string): Promise<void> {
    if (!(await this.deps.once.first(`telegram:answered:${event.key}`, ANSWERED_TTL_SECONDS))) return;
    const text = this.deps.phrases.say(key, language);
    void this.deps.sender.enqueue({ chatId: event.chatId, ...(identity ? { identityId: identity.identityId } : {}), messages: [{ chatId: event.chatId, text }] });
  }

  /**
   * The customer's identity, created on first contact with their Telegram name and app language.
   * The engine then finds it; the locale is kept on the profile card, so an explicit /lang wins
   * over the app language afterwards.
   */
  private async identify(sender: Sender): Promise<IdentityRecord> {
    const { identities } = this.deps;
    return (
      (await identities.findIdentity(CHANNEL, sender.id)) ??
      (await identities.createIdentity({
        channel: CHANNEL,
        externalId: sender.id,
        ...(sender.displayName ? { name: sender.displayName } : {}),
        ...(sender.locale ? { locale: sender.locale } : {}),
      }))
    );
  }

  /** The language of the customer's conversation (the one the engine speaks with them). */
  private async languageOf(identity: IdentityRecord): Promise<Language> {
    const { conversation } = await this.deps.conversations.openConversation(identity.identityId, identity.customerId, CHANNEL);
    return conversation.locale === 'zh' ? 'zh' : 'en';
  }
}

function outboundMessage(reply: StoredMessage): OutboundMessage {
  return { text: reply.text, ...(reply.choices?.length ? { choices: reply.choices } : {}) };
}
