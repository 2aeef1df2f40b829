// The conversation list's row as the API sends it: the queue item with its preview, the reader's
// unread count and its labels (additive to queueItemSchema, which one conversation's view shares).

import { z } from 'zod';
import { PREVIEW_CHARS, type QueueRow } from '../queue/queue-ports.ts';
import type { SlaWire } from './sla-wire.ts';
import { queueItemSchema, queueItemWire } from './wire-schemas.ts';

export const queueRowSchema = queueItemSchema.extend({
  lastMessage: z
    .object({
      text: z.string().describe(`the first ${PREVIEW_CHARS} characters`),
      author: z.enum(['customer', 'bot', 'staff', 'system']),
      at: z.string(),
    })
    .nullable()
    .describe('the latest message of the conversation, whoever wrote it; null when it has none'),
  unread: z.number().int().describe('the customer’s messages in this conversation after your read marker (POST /api/staff/conversations/{id}/read); all of them when you never read it. Not capped'),
  lastCustomerMessageAt: z.string().nullable().describe('when the customer last wrote in this conversation'),
  labels: z.array(z.string()).describe('the conversation’s labels, in alphabetical order'),
});

export function queueRowWire(row: QueueRow, sla: SlaWire): z.infer<typeof queueRowSchema> {
  return {
    ...queueItemWire(row, sla),
    lastMessage: row.lastMessage ? { text: row.lastMessage.text, author: row.lastMessage.author, at: row.lastMessage.at.toISOString() } : null,
    unread: row.unread,
    lastCustomerMessageAt: row.lastCustomerMessageAt?.toISOString() ?? null,
    labels: row.labels,
  };
}
