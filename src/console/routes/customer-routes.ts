// The customer profile card (客户资料卡) as staff find, read and edit it: the list with search and
// filters, the card in its four parts, edits audited with the old and new values, and the contact
// log with the contacts staff record by hand.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CONFIRMABLE_FIELDS } from '../../domain/customer/card-vocabulary.ts';
import { readEmail } from '../../domain/email.ts';
import { normalizePhone } from '../../domain/phone.ts';
import { LANGUAGES } from '../../domain/types.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { hasRole, signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import type { ManualContactKind } from '../customers/customer-ports.ts';
import { contactEntrySchema, contactEntryWire, contactLogQuery, customerListItemSchema, customerListItemWire, customerListQuery, newContactBody } from '../customers/customer-wire.ts';
import { csrfHeader, errorSchema, idParams, profileSchema, profileWire, tierSchema } from './wire-schemas.ts';

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();
const PHONE_TEXT = /^\+?[0-9 ()-]{5,25}$/;
/** How far ahead a contact "made outside the chat" may be dated (clocks differ a little). */
const CONTACT_CLOCK_SLACK_MS = 5 * 60_000;
const DEFAULT_CONTACT_CHANNEL: Record<ManualContactKind, string> = { call: 'phone', visit: 'in_person', other: 'other' };

/** The edit of a card; phone numbers are stored in the one spelling every channel, import and search uses. */
function patchSchemaFor(phoneRegion: string) {
  const phone = z
    .string()
    .trim()
    .regex(PHONE_TEXT, 'digits, spaces, ( ) - and an optional leading +')
    .transform((text) => normalizePhone(text, phoneRegion));
  // Recognised and spelled as the bot stores an address a customer writes (src/domain/email.ts).
  const email = z.string().transform((text, ctx) => {
    const read = readEmail(text);
    if (read === undefined) ctx.addIssue({ code: 'custom', message: 'an email address such as li.wei@example.com' });
    return read ?? z.NEVER;
  });
  const unique = <T>(items: T[]) => [...new Set(items)];
  return z
    .object({
      name: optionalText(120),
      phone: phone.nullable().optional(),
      email: email.nullable().optional(),
      tier: tierSchema.optional(),
      isKey: z.boolean().optional(),
      optOutGreetings: z.boolean().optional(),
      optOutMarketing: z.boolean().optional(),
      keyAccountManagerId: z.string().min(1).max(100).nullable().optional(),
      birthday: z.iso.date().nullable().optional(),
      timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').optional(),
      locale: z.enum(LANGUAGES).optional(),
      address: optionalText(500),
      organization: optionalText(200),
      contactPerson: optionalText(120),
      creditNote: optionalText(1000),
      country: z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, 'a two-letter country code such as CN or US')
        .transform((code) => code.toUpperCase())
        .nullable()
        .optional(),
      tags: z.array(z.string().trim().min(1).max(40)).max(30).transform(unique).optional(),
      preferences: z
        .record(z.string().trim().min(1).max(60), z.string().trim().max(500))
        .refine((prefs) => Object.keys(prefs).length <= 30, 'at most 30 preferences')
        .optional(),
      phones: z.array(phone).max(10).transform(unique).optional().describe('further phone numbers: the whole list, replacing the old one'),
      emails: z.array(email).max(10).transform(unique).optional().describe('further emails: the whole list, replacing the old one'),
      confirmFields: z.array(z.enum(CONFIRMABLE_FIELDS)).max(CONFIRMABLE_FIELDS.length).optional().describe('fields checked and still right: confirmed without a change'),
    })
    .strict()
    .refine((patch) => Object.keys(patch).length > 0, 'change at least one field');
}

/** The reason a tier edited on the card is pinned with. */
const TIER_SET_ON_CARD = 'set by hand on the profile card';

export const customerRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices }> = async (app, { console: services }) => {
  const { store, staff: staffStore, clock, customers } = services;
  const patchSchema = patchSchemaFor(customers.phoneRegion);

  app.get(
    '/api/staff/customers',
    {
      schema: {
        summary: 'Find customers: search by name, phone (any spelling), email, order number or external id; filter by tier, lifecycle, loyalty, tag; paged',
        tags: ['staff'],
        querystring: customerListQuery,
        response: { 200: z.object({ customers: z.array(customerListItemSchema), total: z.number().int() }), 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      signedIn(request);
      const { page, pageSize, ...filter } = request.query;
      const found = await customers.search.search(filter, { page, pageSize });
      return { customers: found.customers.map(customerListItemWire), total: found.total };
    },
  );

  app.get(
    '/api/staff/customers/:id',
    {
      schema: {
        summary: 'A customer profile card: basic info, characteristics, business and transaction status, with stale fields flagged',
        tags: ['staff'],
        params: idParams,
        response: { 200: z.object({ customer: profileSchema }), 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const profile = await store.getCustomer(request.params.id);
      if (!profile) throw new DomainError('not_found', `no customer ${request.params.id}`);
      return { customer: profileWire(profile) };
    },
  );

  app.patch(
    '/api/staff/customers/:id',
    {
      schema: {
        summary: 'Edit a customer profile card (audited: old → new; changed fields confirmed by you); the tier only by a supervisor or admin, and a tier set here is pinned (see tier-pin)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: patchSchema,
        response: { 200: z.object({ customer: profileSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const { tier, ...rest } = request.body;
      // The tier sets refund and voucher caps, so an agent must not raise it for their own case. The
      // console sends the whole card, so an unchanged tier is dropped rather than refused.
      let tierChange = tier;
      if (tier !== undefined && !hasRole(staff, 'supervisor')) {
        const current = await store.getCustomer(request.params.id);
        if (!current) throw new DomainError('not_found', `no customer ${request.params.id}`);
        if (current.tier !== tier) throw new DomainError('forbidden', 'changing a customer’s tier needs a supervisor or an admin (it sets the refund and voucher caps); other fields you may edit');
        tierChange = undefined;
      }
      const patch = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
      const manager = request.body.keyAccountManagerId;
      if (manager && !(await staffStore.findById(manager))) throw new DomainError('invalid_request', `body.keyAccountManagerId: no staff member ${manager}`);
      // A tier set by hand is a pinned tier: the nightly recomputation would otherwise undo it.
      if (tierChange !== undefined) {
        const current = await store.getCustomer(request.params.id);
        if (!current) throw new DomainError('not_found', `no customer ${request.params.id}`);
        if (current.tier !== tierChange) {
          const pinned = await services.segments.pinTier(request.params.id, tierChange, TIER_SET_ON_CARD, { id: staff.id, name: staff.name }, clock());
          if ('refused' in pinned)
            throw new DomainError(pinned.refused === 'erased' ? 'conflict' : 'not_found', `customer ${request.params.id} ${pinned.refused === 'erased' ? 'was erased on request' : 'does not exist'}`);
        }
      }
      const profile = Object.keys(patch).length > 0 ? await store.updateCustomer(request.params.id, patch, staff.id, clock()) : await store.getCustomer(request.params.id);
      if (!profile) throw new DomainError('not_found', `no customer ${request.params.id}`);
      return { customer: profileWire(profile) };
    },
  );

  app.get(
    '/api/staff/customers/:id/contacts',
    {
      schema: {
        summary: 'The customer’s whole contact log, newest first: the bot’s, staff replies and takeovers, calls and visits recorded by hand',
        tags: ['staff'],
        params: idParams,
        querystring: contactLogQuery,
        response: { 200: z.object({ contacts: z.array(contactEntrySchema), total: z.number().int() }), 400: errorSchema, 401: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      signedIn(request);
      const log = await customers.contacts.list(request.params.id, request.query);
      if (!log) throw new DomainError('not_found', `no customer ${request.params.id}`);
      return { contacts: log.contacts.map(contactEntryWire), total: log.total };
    },
  );

  app.post(
    '/api/staff/customers/:id/contacts',
    {
      schema: {
        summary: 'Record a contact made outside the chat (a call, a visit) with its outcome and impressions (audited)',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: newContactBody,
        response: { 201: z.object({ contact: contactEntrySchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const now = clock();
      const { kind, channel, summary, outcome, impressions, at } = request.body;
      const when = at ? new Date(at) : now;
      if (when.getTime() > now.getTime() + CONTACT_CLOCK_SLACK_MS)
        throw new DomainError('invalid_request', 'body.at: a contact is recorded once it happened, not ahead of time (schedule a callback instead)');
      const contact = { kind, channel: channel ?? DEFAULT_CONTACT_CHANNEL[kind], summary, outcome: outcome ?? null, impressions: impressions ?? null, at: when };
      const result = await customers.contacts.record(request.params.id, contact, staff.id, now);
      if ('refused' in result) {
        throw result.refused === 'not_found'
          ? new DomainError('not_found', `no customer ${request.params.id}`)
          : new DomainError('conflict', 'this customer’s data was erased on their request: no contacts are recorded for them');
      }
      return reply.status(201).send({ contact: contactEntryWire(result.recorded) });
    },
  );
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
