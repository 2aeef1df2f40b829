// Turns the engine's replies into Bot Framework message activities. Choices become suggested
// actions (buttons that disappear once tapped) where the channel shows them, and a hero card with
// imBack buttons on Teams, where suggested actions are not shown in every kind of chat.

import { CardFactory, MessageFactory, type Activity } from 'botbuilder';

/** What the bot says in one message: the text and, optionally, answers to tap. */
export interface OutgoingMessage {
  text: string;
  choices?: string[];
}

/** Channels whose clients do not reliably render suggested actions. */
const CARD_CHANNELS = new Set(['msteams']);

export function toReplyActivities(messages: readonly OutgoingMessage[], channelId: string): Partial<Activity>[] {
  return messages.map((message) => toReplyActivity(message, channelId));
}

function toReplyActivity({ text, choices }: OutgoingMessage, channelId: string): Partial<Activity> {
  // Our sentences are plain text: order numbers with * or _ must not turn into markdown.
  if (!choices?.length) return { ...MessageFactory.text(text), textFormat: 'plain' };
  if (CARD_CHANNELS.has(channelId)) return MessageFactory.attachment(CardFactory.heroCard('', text, [], choices));
  return { ...MessageFactory.suggestedActions(choices, text), textFormat: 'plain' };
}
