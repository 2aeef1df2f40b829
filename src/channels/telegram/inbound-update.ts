// Reads a Telegram update into what the adapter acts on: a text, a command, a photo, a shared
// contact, a button press, something the bot cannot read, or a message in a group. Also builds
// the engine's Inbound from the sender. No I/O here.

import { normalizePhone } from '../../domain/phone.ts';
import { cleanText } from '../../conversation/clean-text.ts';
import type { Chat, Message, Update, User } from 'telegraf/types';
import type { Inbound } from '../../conversation/inbound.ts';
import type { Language } from '../../domain/types.ts';
import { parseCommand, type Command } from './commands.ts';
import { pressedLabel } from './keyboard.ts';

export const CHANNEL = 'telegram';

export interface Sender {
  /** Telegram user id, the identity's external id. */
  id: string;
  displayName?: string;
  /** From the app's language: zh… → zh, any other → en; absent when Telegram does not say. */
  locale?: Language;
}

interface Origin {
  chatId: number;
  sender: Sender;
  /** Unique per delivery of the same thing: the engine's channelMessageId and the dedupe key. */
  key: string;
}

export type UnreadableKind = 'sticker' | 'voice' | 'location' | 'document' | 'edited' | 'unsupported';

/** What a message in a private chat holds. */
type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'command'; command: Command; text: string }
  | { kind: 'photo'; fileId: string; caption?: string }
  | { kind: 'contact'; phone: string; own: boolean }
  | { kind: 'unreadable'; what: UnreadableKind };

export type TelegramEvent =
  | (Origin & MessageContent)
  | (Origin & { kind: 'button'; callbackId: string; label?: string })
  | { kind: 'group'; chatId: number; key: string; sender?: Sender }
  /** Updates with no customer behind them (a channel post, the bot added to a chat …). */
  | { kind: 'ignored' };

export function readUpdate(update: Update): TelegramEvent {
  if ('callback_query' in update) {
    const query = update.callback_query;
    const chat = query.message?.chat;
    const sender = senderOf(query.from);
    const key = `${CHANNEL}:callback:${query.id}`;
    if (!chat) return { kind: 'ignored' };
    if (chat.type !== 'private') return { kind: 'group', chatId: chat.id, key, sender };
    const label = pressedLabel('data' in query ? query.data : undefined, query.message);
    return { kind: 'button', chatId: chat.id, sender, key, callbackId: query.id, ...(label ? { label } : {}) };
  }
  if ('edited_message' in update) {
    const edited = update.edited_message;
    const origin = originOf(edited.chat, edited.from, `${messageKey(edited.chat, edited.message_id)}:edit:${edited.edit_date}`);
    if (!origin) return { kind: 'ignored' };
    return isPrivate(edited.chat) ? { ...origin, kind: 'unreadable', what: 'edited' } : { ...origin, kind: 'group' };
  }
  if (!('message' in update)) return { kind: 'ignored' };
  const message = update.message;
  const origin = originOf(message.chat, message.from, messageKey(message.chat, message.message_id));
  if (!origin) return { kind: 'ignored' };
  if (!isPrivate(message.chat)) return { ...origin, kind: 'group' };
  return { ...origin, ...readMessage(message, origin.sender) };
}

function readMessage(message: Message, sender: Sender): MessageContent {
  if ('text' in message) {
    // Cleaned here, for the webhook and long polling alike: '' when nothing visible is left (the engine then answers nothing).
    const text = cleanText(message.text);
    const command = parseCommand(text);
    return command ? { kind: 'command', command, text } : { kind: 'text', text };
  }
  if ('photo' in message) {
    const largest = message.photo.at(-1);
    const caption = message.caption ? cleanText(message.caption) : '';
    if (largest) return { kind: 'photo', fileId: largest.file_id, ...(caption ? { caption } : {}) };
  }
  if ('contact' in message) {
    // Telegram sets user_id only for the sender's own number shared with the "share contact" button.
    return { kind: 'contact', phone: normalizePhone(`+${message.contact.phone_number.replace(/^\+/, '')}`), own: String(message.contact.user_id ?? '') === sender.id };
  }
  if ('sticker' in message) return { kind: 'unreadable', what: 'sticker' };
  if ('voice' in message || 'audio' in message || 'video_note' in message) return { kind: 'unreadable', what: 'voice' };
  if ('location' in message || 'venue' in message) return { kind: 'unreadable', what: 'location' };
  if ('document' in message) return { kind: 'unreadable', what: 'document' };
  return { kind: 'unreadable', what: 'unsupported' };
}

/**
 * The engine's view of something the customer said through Telegram. The app language is not
 * passed as the locale: the adapter creates the identity with it, and after that the profile
 * card's locale (which /lang changes) must win over the app's.
 */
export function toInbound(event: { sender: Sender; key: string }, text: string, extra: Pick<Inbound, 'intent' | 'attachments'> = {}): Inbound {
  return {
    channel: CHANNEL,
    externalUserId: event.sender.id,
    channelMessageId: event.key,
    text,
    ...(event.sender.displayName ? { displayName: event.sender.displayName } : {}),
    ...extra,
  };
}

export function senderOf(user: User): Sender {
  const displayName = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  const locale = languageOf(user.language_code);
  return { id: String(user.id), ...(displayName ? { displayName } : {}), ...(locale ? { locale } : {}) };
}

export function languageOf(code: string | undefined): Language | undefined {
  if (!code) return undefined;
  return code.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function originOf(chat: Chat, from: User | undefined, key: string): Origin | undefined {
  if (!from || from.is_bot) return undefined;
  return { chatId: chat.id, sender: senderOf(from), key };
}

function isPrivate(chat: Chat): boolean {
  return chat.type === 'private';
}

function messageKey(chat: Chat, messageId: number): string {
  return `${CHANNEL}:${chat.id}:${messageId}`;
}
