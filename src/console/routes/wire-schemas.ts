// The shapes the console API sends and accepts, shared by its routes (and shown at /docs).

import { z } from 'zod';
import { STAFF_ROLES, type CustomerProfile, type QueueItem, type StaffRecord } from '../ports.ts';
import { slaSchema, type SlaWire } from './sla-wire.ts';

export { errorSchema } from '../../http/error-envelope.ts';
export const idParams = z.object({ id: z.string().min(1).max(100) });
export const csrfHeader = z.object({ 'x-csrf-token': z.string().optional().describe('the csrfToken returned at sign-in') });

export const staffSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
  disabled: z.boolean(),
  online: z.boolean(),
  capacity: z.number().int(),
  telegramUserId: z.string().nullable(),
});
export const staffRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export const statusSchema = z.enum(['bot', 'queued', 'human', 'closed']);
export const tierSchema = z.enum(['A', 'B', 'C']);

export const queueItemSchema = z.object({
  id: z.string(),
  status: statusSchema,
  channel: z.string(),
  language: z.string(),
  priority: z.number().int(),
  queueReason: z.string().nullable(),
  queuedAt: z.string().nullable(),
  waitingSeconds: z.number().int().nullable(),
  lastMessageAt: z.string(),
  customer: z.object({ id: z.string(), name: z.string().nullable(), tier: tierSchema, isKey: z.boolean() }),
  assignedStaff: staffRefSchema.nullable(),
  sla: slaSchema,
});

export const segmentReasonSchema = z.object({ rule: z.string(), zh: z.string(), en: z.string() }).describe('the rule that set the value, and why in both languages');

export const profileSchema = z.object({
  id: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tier: tierSchema,
  isKey: z.boolean(),
  optOutGreetings: z.boolean(),
  optOutMarketing: z.boolean(),
  keyAccountManagerId: z.string().nullable(),
  birthday: z.string().nullable(),
  timezone: z.string(),
  locale: z.string(),
  lifecycleStage: z.string(),
  loyalty: z.string(),
  purchaseTotalCents: z.number().int(),
  lastContactAt: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  channels: z.array(z.string()),
  /** A channel proved the number (a shared Telegram contact); typed numbers are not verified. */
  phoneVerified: z.boolean(),
  /** Other cards with the same phone, for staff to check: never joined automatically unless both numbers were verified. */
  possibleDuplicates: z.array(z.object({ id: z.string(), name: z.string().nullable(), phoneVerified: z.boolean() })),
  // The four parts of the card (seed 000), beside the fields above.
  externalId: z.string().nullable().describe('the customer’s id in the shop’s own system'),
  basic: z.object({
    name: z.string().nullable(),
    phones: z.array(z.string()).describe('the card’s phone first, then further numbers (E.164)'),
    emails: z.array(z.string()),
    address: z.string().nullable(),
    birthday: z.string().nullable(),
    organization: z.string().nullable(),
    contactPerson: z.string().nullable(),
  }),
  characteristics: z.object({
    locale: z.string(),
    timezone: z.string(),
    country: z.string().nullable(),
    channels: z.array(z.string()),
    preferences: z.record(z.string(), z.unknown()),
    tags: z.array(z.string()),
  }),
  business: z.object({
    tier: tierSchema,
    tierReason: segmentReasonSchema.nullable(),
    tierPinned: z.boolean(),
    lifecycleStage: z.string(),
    lifecycleReason: segmentReasonSchema.nullable(),
    loyalty: z.string(),
    loyaltyReason: segmentReasonSchema.nullable(),
    isKey: z.boolean(),
    keyAccountManager: z.object({ id: z.string(), name: z.string() }).nullable(),
    creditNote: z.string().nullable(),
    needsKeyAccountManager: z.boolean().describe('tier A without a key account manager'),
  }),
  transactions: z.object({
    orders: z.number().int().describe('orders not cancelled or refunded'),
    totalCents: z.number().int(),
    last12MonthsCents: z.number().int(),
    lastOrder: z.object({ number: z.string(), placedAt: z.string(), amountCents: z.number().int(), currency: z.string(), status: z.string() }).nullable(),
    complaints: z.number().int(),
    satisfactionAverage: z.number().nullable().describe('mean survey score, 1–5'),
    surveys: z.number().int(),
  }),
  fieldConfirmations: z.record(z.string(), z.object({ at: z.string(), by: z.string() })).describe('field → when last confirmed and by whom (customer | staff:<id> | import | inferred)'),
  staleFields: z.array(z.string()).describe('fields with a value not confirmed for CARD_FIELD_STALE_DAYS: for review'),
  erased: z.boolean(),
});

export const messageSchema = z.object({
  id: z.number().int(),
  conversationId: z.string(),
  author: z.enum(['customer', 'bot', 'staff', 'system']),
  text: z.string(),
  choices: z.array(z.string()).optional(),
  channel: z.string().optional(),
  createdAt: z.string(),
  undelivered: z.object({ at: z.string(), reason: z.string() }).optional().describe('the channel gave up on this bot or staff message: the customer never saw it'),
});

export function staffWire(staff: StaffRecord): z.infer<typeof staffSchema> {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, disabled: staff.disabled, online: staff.online, capacity: staff.capacity, telegramUserId: staff.telegramUserId };
}

export function queueItemWire(item: QueueItem, sla: SlaWire): z.infer<typeof queueItemSchema> {
  const { id, status, channel, language, priority, queueReason, waitingSeconds, customer, assignedStaff } = item;
  return {
    id,
    status,
    channel,
    language,
    priority,
    queueReason,
    queuedAt: item.queuedAt?.toISOString() ?? null,
    waitingSeconds,
    lastMessageAt: item.lastMessageAt.toISOString(),
    customer,
    assignedStaff,
    sla,
  };
}

export function profileWire(profile: CustomerProfile): z.infer<typeof profileSchema> {
  const { lastOrder } = profile.transactions;
  return {
    ...profile,
    lastContactAt: profile.lastContactAt?.toISOString() ?? null,
    transactions: { ...profile.transactions, lastOrder: lastOrder ? { ...lastOrder, placedAt: lastOrder.placedAt.toISOString() } : null },
    fieldConfirmations: Object.fromEntries(Object.entries(profile.fieldConfirmations).map(([field, c]) => [field, { at: c.at.toISOString(), by: c.by }])),
  };
}

export function messageWire(m: {
  id: number;
  conversationId: string;
  author: 'customer' | 'bot' | 'staff' | 'system';
  text: string;
  choices?: string[];
  channel?: string;
  createdAt: Date;
  undelivered?: { at: Date; reason: string };
}): z.infer<typeof messageSchema> {
  return {
    id: m.id,
    conversationId: m.conversationId,
    author: m.author,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    ...(m.choices ? { choices: m.choices } : {}),
    ...(m.channel ? { channel: m.channel } : {}),
    ...(m.undelivered ? { undelivered: { at: m.undelivered.at.toISOString(), reason: m.undelivered.reason } } : {}),
  };
}
