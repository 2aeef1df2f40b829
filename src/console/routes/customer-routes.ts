// The customer profile card (客户资料卡) as staff read and edit it; every edit is audited with the
// old and new values.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizePhone } from '../../domain/phone.ts';
import { LANGUAGES } from '../../domain/types.ts';
import { AppError } from '../../http/app-error.ts';
import { hasRole, signedIn } from '../auth/staff-auth.ts';
import type { ConsoleServices } from '../console-services.ts';
import { csrfHeader, errorSchema, idParams, profileSchema, profileWire, tierSchema } from './wire-schemas.ts';

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullable().optional();

const patchSchema = z
  .object({
    name: optionalText(120),
    // Stored in the one spelling every channel, import and search uses.
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{5,25}$/, 'digits, spaces, ( ) - and an optional leading +')
      .transform((phone) => normalizePhone(phone))
      .nullable()
      .optional(),
    email: z.email().max(320).nullable().optional(),
    tier: tierSchema.optional(),
    isKey: z.boolean().optional(),
    optOutGreetings: z.boolean().optional(),
    optOutMarketing: z.boolean().optional(),
    keyAccountManagerId: z.string().min(1).max(100).nullable().optional(),
    birthday: z.iso.date().nullable().optional(),
    timezone: z.string().refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai').optional(),
    locale: z.enum(LANGUAGES).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one field');

export const customerRoutes: FastifyPluginAsyncZod<{ console: ConsoleServices }> = async (app, { console: services }) => {
  const { store, staff: staffStore, clock } = services;

  app.get(
    '/api/staff/customers/:id',
    { schema: { summary: 'A customer profile card', tags: ['staff'], params: idParams, response: { 200: z.object({ customer: profileSchema }), 401: errorSchema, 404: errorSchema } } },
    async (request) => {
      const profile = await store.getCustomer(request.params.id);
      if (!profile) throw new AppError('not_found', `no customer ${request.params.id}`);
      return { customer: profileWire(profile) };
    },
  );

  app.patch(
    '/api/staff/customers/:id',
    {
      schema: {
        summary: 'Edit a customer profile card (audited: old → new); the tier only by a supervisor or admin',
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
        if (!current) throw new AppError('not_found', `no customer ${request.params.id}`);
        if (current.tier !== tier) throw new AppError('forbidden', 'changing a customer’s tier needs a supervisor or an admin (it sets the refund and voucher caps); other fields you may edit');
        tierChange = undefined;
      }
      const patch = Object.fromEntries(Object.entries({ ...rest, tier: tierChange }).filter(([, value]) => value !== undefined));
      const manager = request.body.keyAccountManagerId;
      if (manager && !(await staffStore.findById(manager))) throw new AppError('invalid_request', `body.keyAccountManagerId: no staff member ${manager}`);
      const profile = await store.updateCustomer(request.params.id, patch, staff.id, clock());
      if (!profile) throw new AppError('not_found', `no customer ${request.params.id}`);
      return { customer: profileWire(profile) };
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
