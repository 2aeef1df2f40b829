// The crisis signal for supervisors and admins (seed 002, crisis: 确认, 控制, 解决): the bursts of
// complaints the detector found, confirming one as an incident with a holding statement the bot
// tells matching customers (or dismissing it), closing the incident with an update for the
// customers told, and the incident's report. Every change is audited and announced to every
// console and app instance (the bot's open incidents).

import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IncidentRecord, IncidentReport, SignalRecord } from '../../crisis/crisis-ports.ts';
import type { CrisisEvent } from '../../crisis/crisis-events.ts';
import type { CrisisServices } from '../../crisis/start-crisis.ts';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { csrfHeader, errorSchema, idParams } from './wire-schemas.ts';

/** How far back the list goes (signals still waiting for a decision, and open incidents, always show). */
const LIST_DAYS = 30;
const LIST_LIMIT = 200;
const DAY_MS = 24 * 60 * 60_000;

const bilingual = (what: string, max: number) =>
  z.object({ zh: z.string().trim().min(1, `write the ${what} in Chinese`).max(max), en: z.string().trim().min(1, `write the ${what} in English`).max(max) }).strict();

const scopeFields = {
  dimension: z.enum(['category', 'product', 'keyword']).describe('what the complaints have in common'),
  category: z.string().optional().describe('the category (a signal: always — for a product or keyword, the category most of its burst’s complaints have; an incident: when its dimension is category)'),
  product: z.string().optional().describe('set when the dimension is product (trimmed, lower case)'),
  keyword: z.string().optional().describe('set when the dimension is keyword: a content word of the complaints’ first messages'),
};
const staffRef = z.object({ id: z.string(), name: z.string() });

const signalSchema = z.object({
  id: z.string(),
  ...scopeFields,
  count: z.number().int().describe('complaints of the key in the window at the latest pass that saw the burst'),
  baseline: z.number().describe('the count the key’s own baseline rate predicts for a window that long'),
  detectedAt: z.string(),
  lastSeenAt: z.string(),
  endedAt: z.string().nullable().describe('when the key was quiet again for a window (or its incident closed); a later burst is a new signal'),
  status: z.enum(['new', 'confirmed', 'dismissed']),
  incidentId: z.string().nullable(),
  burstWords: z
    .array(z.string())
    .optional()
    .describe('a product or keyword signal waiting for a decision: the words most of its burst’s complaints used; an incident confirmed from it tells the statement to complaints sharing two of them'),
});
const incidentSchema = z.object({
  id: z.string(),
  signalId: z.string(),
  ...scopeFields,
  title: z.string(),
  statement: z.object({ zh: z.string(), en: z.string() }).describe('the holding statement the bot tells matching customers while the incident is open'),
  status: z.enum(['open', 'closed']),
  confirmedBy: staffRef,
  confirmedAt: z.string(),
  closedBy: staffRef.nullable(),
  closedAt: z.string().nullable(),
  update: z.object({ zh: z.string(), en: z.string() }).nullable(),
  notifyCustomers: z.boolean(),
  updatesPlanned: z.number().int().describe('follow-ups planned at the close to bring the update to the customers told the statement'),
});
const timelineSchema = z.object({
  at: z.string(),
  event: z.enum(['detected', 'confirmed', 'first_told', 'last_told', 'closed', 'updates_planned']),
  by: staffRef.optional(),
  detail: z.string().optional(),
});
const reportSchema = z.object({
  incident: incidentSchema,
  signal: signalSchema,
  timeline: z.array(timelineSchema),
  counts: z.object({
    complaints: z.number().int().describe('complaints in the incident’s scope since the signal was detected (to the close)'),
    customersTold: z.number().int().describe('conversations told the holding statement'),
    updatesPlanned: z.number().int(),
    updatesSent: z.number().int(),
  }),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

export const crisisRoutes: FastifyPluginAsyncZod<{ crisis: CrisisServices; clock: () => Date }> = async (app, { crisis, clock }) => {
  const { store, events, incidents } = crisis;
  const supervisors = requireRole('supervisor');

  /** This instance's bot knows at once; the others, and every console, through the event. */
  async function announce(event: CrisisEvent, log: { warn: (obj: object, msg: string) => void }): Promise<void> {
    await incidents.reload();
    await events.publish(event).catch((err: unknown) => log.warn({ err }, 'crisis: could not announce a change to the other instances'));
  }

  app.get(
    '/api/staff/crises',
    {
      preHandler: supervisors,
      schema: {
        summary: 'Crisis signals and incidents (supervisors and admins)',
        description: `Signals of the last ${LIST_DAYS} days and every one still waiting for a decision, newest first; incidents of the same period and every open one.`,
        tags: ['staff'],
        response: {
          200: z.object({ signals: z.array(signalSchema), incidents: z.array(incidentSchema), windowMinutes: z.number().int().describe('the window a signal’s count covers (CRISIS_WINDOW_MS)') }),
          ...errors,
        },
      },
    },
    async () => {
      const since = new Date(clock().getTime() - LIST_DAYS * DAY_MS);
      const [signals, list] = await Promise.all([store.listSignals(since, LIST_LIMIT), store.listIncidents(since, LIST_LIMIT)]);
      // A product or keyword signal names the category most of its burst's complaints have too.
      const categories = await Promise.all(signals.map((s) => (s.dimension === 'category' ? s.key : store.dominantCategory(s.dimension, s.key, new Date(s.detectedAt.getTime() - crisis.windowMs)))));
      const words = await Promise.all(
        signals.map((s) =>
          s.status === 'new' && s.endedAt === null && s.dimension !== 'category' ? store.burstWords(s.dimension, s.key, new Date(s.detectedAt.getTime() - crisis.windowMs), s.lastSeenAt) : undefined,
        ),
      );
      return {
        signals: signals.map((s, i) => ({ ...signalWire(s), category: categories[i] ?? 'other', ...(words[i] ? { burstWords: words[i] } : {}) })),
        incidents: list.map(incidentWire),
        windowMinutes: Math.round(crisis.windowMs / 60_000),
      };
    },
  );

  app.post(
    '/api/staff/crises/signals/:id/confirm',
    {
      preHandler: supervisors,
      schema: {
        summary: 'Confirm a signal as a crisis incident, with the holding statement the bot tells matching customers (supervisors; audited)',
        description:
          'While the incident is open, a customer whose complaint has the signal’s category, product or keyword hears the statement (in their language) once per conversation, before the five steps carry on.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z.object({ title: z.string().trim().min(1).max(200).optional(), statement: bilingual('holding statement', 1000) }).strict(),
        response: { 201: z.object({ incident: incidentSchema }), ...errors },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const signal = await store.findSignal(request.params.id);
      if (!signal) throw new DomainError('not_found', `no crisis signal ${request.params.id}`);
      const title = request.body.title ?? `${signal.dimension}: ${signal.key}`;
      const outcome = await store.confirmSignal(signal.id, { incidentId: randomUUID(), title, statement: request.body.statement }, staff.id, clock());
      if (outcome === 'not_found') throw new DomainError('not_found', `no crisis signal ${request.params.id}`);
      if (outcome === 'already_confirmed') throw new DomainError('conflict', 'this signal is already confirmed as an incident');
      if (outcome === 'ended') throw new DomainError('conflict', 'this burst of complaints is over: it can no longer be confirmed (a new burst of the same key gives a new signal)');
      await announce({ type: 'changed', change: 'confirmed', signalId: signal.id, incidentId: outcome.id }, request.log);
      return reply.status(201).send({ incident: incidentWire(outcome) });
    },
  );

  app.post(
    '/api/staff/crises/signals/:id/dismiss',
    {
      preHandler: supervisors,
      schema: {
        summary: 'Dismiss a signal: not a crisis (supervisors; audited)',
        description: 'The key is not signalled again while its burst lasts; a burst after it has been quiet for a window is a new signal.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        response: { 200: z.object({ signal: signalSchema }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const outcome = await store.dismissSignal(request.params.id, staff.id, clock());
      if (outcome === 'not_found') throw new DomainError('not_found', `no crisis signal ${request.params.id}`);
      if (outcome === 'already_confirmed') throw new DomainError('conflict', 'this signal is confirmed as an incident: close the incident instead');
      await announce({ type: 'changed', change: 'dismissed', signalId: outcome.id }, request.log);
      return { signal: signalWire(outcome) };
    },
  );

  app.post(
    '/api/staff/crises/incidents/:id/close',
    {
      preHandler: supervisors,
      schema: {
        summary: 'Close an incident, optionally sending an update to the customers told its statement (supervisors; audited)',
        description:
          'With notifyCustomers, each customer told the statement gets the update (in the language they were told it in) through the follow-up jobs: once, outside their quiet hours, not when they opted out of messages.',
        tags: ['staff'],
        headers: csrfHeader,
        params: idParams,
        body: z
          .object({ update: bilingual('update', 1000).optional(), notifyCustomers: z.boolean() })
          .strict()
          .refine((b) => !b.notifyCustomers || b.update !== undefined, { message: 'write the update (zh and en) to notify the customers', path: ['update'] }),
        response: { 200: z.object({ incident: incidentSchema }), ...errors },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const { update, notifyCustomers } = request.body;
      const outcome = await store.closeIncident(request.params.id, { update: update ?? null, notifyCustomers }, staff.id, clock());
      if (outcome === 'not_found') throw new DomainError('not_found', `no crisis incident ${request.params.id}`);
      if (outcome === 'already_closed') throw new DomainError('conflict', 'this incident is already closed');
      await announce({ type: 'changed', change: 'closed', signalId: outcome.signalId, incidentId: outcome.id }, request.log);
      return { incident: incidentWire(outcome) };
    },
  );

  app.get(
    '/api/staff/crises/incidents/:id/report',
    {
      preHandler: supervisors,
      schema: {
        summary: 'An incident’s report: timeline, counts, actions (supervisors and admins)',
        tags: ['staff'],
        params: idParams,
        response: { 200: reportSchema, ...errors },
      },
    },
    async (request) => {
      const report = await store.report(request.params.id);
      if (!report) throw new DomainError('not_found', `no crisis incident ${request.params.id}`);
      return reportWire(report);
    },
  );
};

function scopeWire(dimension: SignalRecord['dimension'], key: string): { dimension: SignalRecord['dimension']; category?: string; product?: string; keyword?: string } {
  return { dimension, [dimension]: key };
}

function signalWire(s: SignalRecord): z.infer<typeof signalSchema> {
  return {
    id: s.id,
    ...scopeWire(s.dimension, s.key),
    count: s.count,
    baseline: Math.round(s.expected * 100) / 100,
    detectedAt: s.detectedAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    endedAt: s.endedAt?.toISOString() ?? null,
    status: s.status,
    incidentId: s.incidentId,
  };
}

function incidentWire(i: IncidentRecord): z.infer<typeof incidentSchema> {
  return {
    id: i.id,
    signalId: i.signalId,
    ...scopeWire(i.dimension, i.key),
    title: i.title,
    statement: i.statement,
    status: i.status,
    confirmedBy: i.confirmedBy,
    confirmedAt: i.confirmedAt.toISOString(),
    closedBy: i.closedBy,
    closedAt: i.closedAt?.toISOString() ?? null,
    update: i.update,
    notifyCustomers: i.notifyCustomers,
    updatesPlanned: i.updatesPlanned,
  };
}

function reportWire(r: IncidentReport): z.infer<typeof reportSchema> {
  const { incident, signal } = r;
  const timeline: z.infer<typeof timelineSchema>[] = [
    { at: signal.detectedAt.toISOString(), event: 'detected', detail: `${signal.count} complaints in the window (usually ~${Math.round(signal.expected * 10) / 10})` },
    { at: incident.confirmedAt.toISOString(), event: 'confirmed', by: incident.confirmedBy, detail: incident.statement.en },
  ];
  if (r.firstToldAt) timeline.push({ at: r.firstToldAt.toISOString(), event: 'first_told', detail: `${r.customersTold} conversations told the statement` });
  if (r.lastToldAt && r.customersTold > 1) timeline.push({ at: r.lastToldAt.toISOString(), event: 'last_told' });
  if (incident.closedAt) {
    timeline.push({ at: incident.closedAt.toISOString(), event: 'closed', ...(incident.closedBy ? { by: incident.closedBy } : {}), ...(incident.update ? { detail: incident.update.en } : {}) });
    if (incident.notifyCustomers)
      timeline.push({ at: incident.closedAt.toISOString(), event: 'updates_planned', detail: `${r.updatesPlanned} customers to be sent the update; ${r.updatesSent} sent so far` });
  }
  return {
    incident: incidentWire(incident),
    signal: signalWire(signal),
    timeline,
    counts: { complaints: r.complaints, customersTold: r.customersTold, updatesPlanned: r.updatesPlanned, updatesSent: r.updatesSent },
  };
}
