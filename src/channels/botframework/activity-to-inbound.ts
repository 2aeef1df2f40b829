// Reads a Bot Framework message activity as the engine's Inbound: who wrote, in which language,
// under which once-only id, and which files came with it. SDK-free: botbuilder's activities and
// the Agents SDK's both have these fields.

import type { Inbound } from '../../conversation/inbound.ts';
import type { Language } from '../../domain/types.ts';

export const CHANNEL = 'botframework';

/** A file or card that came with an activity. */
export interface ActivityAttachment {
  contentType: string;
  contentUrl?: string;
  name?: string;
}

/** The fields of a message activity that the Inbound is made of. */
export interface InboundActivity {
  id?: string;
  channelId: string;
  conversation: { id: string };
  from: { id: string; name?: string };
  locale?: string;
  attachments?: readonly ActivityAttachment[];
}

/** Attachment URLs longer than this (data: URIs, signed blobs) are kept by name instead. */
const MAX_EVIDENCE_URL = 500;

/**
 * The customer's id on this channel. Bot Framework user ids are unique per channel only (a Teams
 * and a Web Chat user may share one), so the channel id is part of it.
 */
export function externalUserIdOf(channelId: string, userId: string): string {
  return `${channelId}:${userId}`;
}

/** 'zh', 'zh-CN', 'zh-Hant-TW' → zh; any other locale → en; none → undefined (the engine decides). */
export function languageOf(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * Files and pictures the customer sent. Cards and the HTML copy of the text that Teams attaches
 * to every message are not files.
 */
export function filesOf<A extends ActivityAttachment>(activity: { attachments?: readonly A[] }): A[] {
  return (activity.attachments ?? []).filter((a) => !a.contentType.startsWith('text/') && !a.contentType.startsWith('application/vnd.microsoft.card.'));
}

/** The evidence id kept on a complaint: the file's URL when it is short, else its name or type. */
function evidenceId(file: ActivityAttachment): string {
  if (file.contentUrl && /^https?:/.test(file.contentUrl) && file.contentUrl.length <= MAX_EVIDENCE_URL) return file.contentUrl;
  return file.name ?? file.contentType;
}

/**
 * The Inbound for a message activity that has text; `text` is the text with any @mention of the bot
 * removed, `externalUserId` the identity the sender may speak for (see sender-identity.ts), `channel`
 * the name conversations on this endpoint are stored under.
 */
export function toInbound(activity: InboundActivity, text: string, externalUserId: string, channel: string = CHANNEL): Inbound {
  const files = filesOf(activity);
  const language = languageOf(activity.locale);
  return {
    channel,
    externalUserId,
    text,
    ...(activity.id ? { channelMessageId: `${channel}:${activity.channelId}:${activity.conversation.id}:${activity.id}` } : {}),
    ...(activity.from.name ? { displayName: activity.from.name } : {}),
    ...(language ? { locale: language } : {}),
    ...(files.length ? { attachments: files.map(evidenceId) } : {}),
  };
}
