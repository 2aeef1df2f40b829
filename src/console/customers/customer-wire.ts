// The shapes the customer list and the contact log send and accept (shown at /docs).

import { z } from 'zod';
import { CONFIRMABLE_FIELDS, LIFECYCLE_STAGES, LOYALTY_TYPES } from '../../domain/customer/card-vocabulary.ts';
import { tierSchema } from '../routes/wire-schemas.ts';
import { MANUAL_CONTACT_KINDS, type ContactLogEntry, type CustomerListItem } from './customer-ports.ts';

/** The list's page size at most: a page is for reading, the CSV export is for everything. */
export const MAX_PAGE_SIZE = 100;

/** An empty query parameter (`?tier=`) means no filter. */
const optionalParam = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const pageParams = (defaultSize: number) => ({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .default(defaultSize)
    .transform((size) => Math.min(size, MAX_PAGE_SIZE))
    .describe(`at most ${MAX_PAGE_SIZE}; larger is read as ${MAX_PAGE_SIZE}`),
});

export const customerListQuery = z.object({
  q: optionalParam(z.string().trim().max(200)).describe('name or part of it, phone in any spelling or 4+ of its digits, email, order number, external id'),
  tier: optionalParam(tierSchema),
  lifecycle: optionalParam(z.enum(LIFECYCLE_STAGES)),
  loyalty: optionalParam(z.enum(LOYALTY_TYPES)),
  tag: optionalParam(z.string().trim().min(1).max(40)),
  includeErased: optionalParam(z.stringbool()).describe('erased cards are left out unless true'),
  ...pageParams(25),
});

export const contactLogQuery = z.object(pageParams(50));

export const customerListItemSchema = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  tier: tierSchema,
  lifecycleStage: z.string(),
  loyalty: z.string(),
  isKey: z.boolean(),
  tags: z.array(z.string()),
  country: z.string().nullable(),
  lastContactAt: z.string().nullable(),
  createdAt: z.string(),
  erased: z.boolean(),
});

export const contactEntrySchema = z.object({
  id: z.string(),
  kind: z.string().describe('inquiry | complaint | callback | revisit | greeting | outreach | staff_reply | takeover | call | visit | other'),
  channel: z.string(),
  summary: z.string(),
  outcome: z.string().nullable(),
  impressions: z.string().nullable(),
  conversationId: z.string().nullable(),
  staff: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});

export const newContactBody = z
  .object({
    kind: z.enum(MANUAL_CONTACT_KINDS),
    channel: z.string().trim().min(1).max(40).optional().describe('how: phone, in_person, email …; by default phone for a call, in_person for a visit'),
    summary: z.string().trim().min(1).max(2000),
    outcome: z.string().trim().min(1).max(200).optional(),
    impressions: z.string().trim().min(1).max(2000).optional().describe('the visitor’s impressions (seed 000: 拜访记录)'),
    at: z.iso.datetime({ offset: true }).optional().describe('when it happened; now by default'),
  })
  .strict();

export const confirmableFieldSchema = z.enum(CONFIRMABLE_FIELDS);

export function customerListItemWire(item: CustomerListItem): z.infer<typeof customerListItemSchema> {
  return { ...item, lastContactAt: item.lastContactAt?.toISOString() ?? null, createdAt: item.createdAt.toISOString() };
}

export function contactEntryWire(entry: ContactLogEntry): z.infer<typeof contactEntrySchema> {
  return { ...entry, createdAt: entry.createdAt.toISOString() };
}
