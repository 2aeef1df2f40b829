// Turns the engine's replies into Bot Framework message activities, as plain objects that both
// SDKs send (botbuilder at /api/messages, the Agents SDK at /api/agents/messages). Choices become
// suggested actions (buttons that disappear once tapped) where the channel shows them, and a hero
// card with imBack buttons on Teams, where suggested actions are not shown in every kind of chat.

/** What the bot says in one message: the text and, optionally, answers to tap. */
export interface OutgoingMessage {
  text: string;
  choices?: readonly string[];
}

/** A button that posts its value back as the customer's own message. */
export interface ImBackAction {
  type: 'imBack';
  title: string;
  value: string;
}

/** An activity the bot sends, in the Bot Framework protocol's shape (what botbuilder's factories build). */
export interface OutgoingActivity {
  type: 'message' | 'event';
  text?: string;
  textFormat?: 'plain';
  inputHint?: 'acceptingInput';
  name?: string;
  value?: unknown;
  suggestedActions?: { actions: ImBackAction[]; to: string[] };
  attachmentLayout?: 'list';
  attachments?: { contentType: string; name?: string; content: unknown }[];
}

/** Channels whose clients do not reliably render suggested actions. */
const CARD_CHANNELS = new Set(['msteams']);

const HERO_CARD = 'application/vnd.microsoft.card.hero';

export function toReplyActivities(messages: readonly OutgoingMessage[], channelId: string): OutgoingActivity[] {
  return messages.map((message) => toReplyActivity(message, channelId));
}

function toReplyActivity({ text, choices }: OutgoingMessage, channelId: string): OutgoingActivity {
  // Our sentences are plain text: order numbers with * or _ must not turn into markdown.
  if (!choices?.length) return { type: 'message', text, textFormat: 'plain', inputHint: 'acceptingInput' };
  const buttons = choices.map(imBack);
  if (CARD_CHANNELS.has(channelId)) {
    return { type: 'message', attachmentLayout: 'list', attachments: [{ contentType: HERO_CARD, content: { text, images: [], buttons } }], inputHint: 'acceptingInput' };
  }
  // `to` empty: shown to everyone in the conversation (the Agents SDK requires the field).
  return { type: 'message', text, textFormat: 'plain', inputHint: 'acceptingInput', suggestedActions: { actions: buttons, to: [] } };
}

function imBack(choice: string): ImBackAction {
  return { type: 'imBack', title: choice, value: choice };
}
