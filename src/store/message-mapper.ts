// Turns Message rows into the shape the engine and the HTTP API use.

import type { StoredMessage } from '../conversation/ports.ts';
import { parseMessageAuthor } from '../domain/types.ts';
import { toDate } from './sql/sql-driver.ts';

/** The columns a MessageRow is read from. */
export const MESSAGE_COLUMNS = '"id", "conversationId", "author", "text", "choices", "channelMessageId", "createdAt"';

export interface MessageRow {
  id: number;
  conversationId: string;
  author: string;
  text: string;
  choices: string | null;
  channelMessageId: string | null;
  createdAt: Date | string;
}

export function toStoredMessage(row: MessageRow): StoredMessage {
  const message: StoredMessage = {
    id: Number(row.id),
    conversationId: row.conversationId,
    author: parseMessageAuthor(row.author),
    text: row.text,
    createdAt: toDate(row.createdAt),
  };
  if (row.choices) message.choices = JSON.parse(row.choices) as string[];
  if (row.channelMessageId) message.channelMessageId = row.channelMessageId;
  return message;
}
