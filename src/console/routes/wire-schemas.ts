// The shapes the console API sends and accepts, shared by its routes (and shown at /docs).

import { z } from 'zod';
import { STAFF_ROLES, type CustomerProfile, type QueueItem, type StaffRecord } from '../ports.ts';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
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
});

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
});

export const messageSchema = z.object({
  id: z.number().int(),
  conversationId: z.string(),
  author: z.enum(['customer', 'bot', 'staff', 'system']),
  text: z.string(),
  choices: z.array(z.string()).optional(),
  channel: z.string().optional(),
  createdAt: z.string(),
});

export function staffWire(staff: StaffRecord): z.infer<typeof staffSchema> {
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role, disabled: staff.disabled, online: staff.online, capacity: staff.capacity, telegramUserId: staff.telegramUserId };
}

export function queueItemWire(item: QueueItem): z.infer<typeof queueItemSchema> {
  return { ...item, queuedAt: item.queuedAt?.toISOString() ?? null, lastMessageAt: item.lastMessageAt.toISOString() };
}

export function profileWire(profile: CustomerProfile): z.infer<typeof profileSchema> {
  return { ...profile, lastContactAt: profile.lastContactAt?.toISOString() ?? null };
}

export function messageWire(m: { id: number; conversationId: string; author: 'customer' | 'bot' | 'staff' | 'system'; text: string; choices?: string[]; channel?: string; createdAt: Date }): z.infer<typeof messageSchema> {
  return {
    id: m.id,
    conversationId: m.conversationId,
    author: m.author,
    text: m.text,
    createdAt: m.createdAt.toISOString(),
    ...(m.choices ? { choices: m.choices } : {}),
    ...(m.channel ? { channel: m.channel } : {}),
  };
}
