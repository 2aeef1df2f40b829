// The conversation view's background of the customer on the wire: previous conversations, orders
// on file, order numbers mentioned but not on file (GET /api/staff/conversations/:id).

import { z } from 'zod';
import { LAST_MESSAGE_PREVIEW_CHARS, ORDERS_LIMIT, PREVIOUS_CONVERSATIONS_LIMIT, type CustomerBackground } from '../customers/customer-background-ports.ts';
import { statusSchema } from './wire-schemas.ts';

export const customerBackgroundSchema = {
  previousConversations: z
    .array(
      z.object({
        id: z.string(),
        channel: z.string(),
        status: statusSchema,
        createdAt: z.string(),
        closedAt: z.string().nullable(),
        lastMessage: z
          .object({ text: z.string().describe(`at most ${LAST_MESSAGE_PREVIEW_CHARS} characters, … when cut`), author: z.enum(['customer', 'bot', 'staff', 'system']), at: z.string() })
          .nullable()
          .describe('null when the conversation has no message'),
      }),
    )
    .describe(`the same customer’s other conversations on every channel, newest first (at most ${PREVIOUS_CONVERSATIONS_LIMIT}); open one with GET /api/staff/conversations/:id`),
  orders: z
    .array(
      z.object({
        number: z.string(),
        status: z.string().describe('placed | paid | shipped | delivered | completed | cancelled | refunded'),
        amountCents: z.number().int(),
        currency: z.string(),
        placedAt: z.string(),
        items: z.string(),
        source: z.string().describe('where the order came from: import, staff or webhook (the shop’s system); the shop’s platform is in the number as the shop writes it'),
      }),
    )
    .describe(`the customer’s orders on file, newest first (at most ${ORDERS_LIMIT}; all of them: GET /api/staff/customers/:id/orders)`),
  mentionedOrderNumbers: z
    .array(z.object({ number: z.string(), caseId: z.string().describe('the newest case that mentions it') }))
    .describe(
      'order numbers the customer’s cases mention (facts.orderNumber, facts.order) that are not among their orders on file, in any letter case: typed wrong, another shop’s, or not sent by the shop yet',
    ),
};

export function customerBackgroundWire(background: CustomerBackground) {
  return {
    previousConversations: background.previousConversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      createdAt: c.createdAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      lastMessage: c.lastMessage ? { text: c.lastMessage.text, author: c.lastMessage.author, at: c.lastMessage.at.toISOString() } : null,
    })),
    orders: background.orders.map((o) => ({ ...o, placedAt: o.placedAt.toISOString() })),
    mentionedOrderNumbers: background.mentionedOrderNumbers,
  };
}
