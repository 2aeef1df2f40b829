// The audit log for admins: filtered and paged newest first as JSON, or the same filters as a CSV
// file (formula-guarded, see audit/audit-csv.ts). Reading it out as a file is itself audited.

import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { csvRow } from '../audit/audit-csv.ts';
import type { AuditCursor, AuditEntry, AuditFilter, AuditStore } from '../audit/audit-ports.ts';
import { errorSchema } from './wire-schemas.ts';

const CSV_PAGE = 1000;
/** A file bigger than this is cut (narrow the dates); the last line says so. */
const CSV_MAX_ROWS = 100_000;
const CSV_COLUMNS = ['createdAt', 'actorType', 'actorId', 'actorName', 'action', 'entity', 'entityId', 'details'];

const text = (max: number) => z.string().trim().min(1).max(max).optional();
const filterSchema = z.object({
  action: text(100),
  entity: text(100),
  entityId: text(200),
  actorId: text(100),
  from: z.iso.datetime({ offset: true }).optional().describe('entries at or after this time (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('entries before this time (ISO 8601)'),
});
const listQuery = z.object({
  ...filterSchema.shape,
  cursor: z.string().max(300).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const entrySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  details: z.unknown(),
});
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema };

export const auditRoutes: FastifyPluginAsyncZod<{ audit: AuditStore; clock: () => Date }> = async (app, { audit, clock }) => {
  const adminOnly = requireRole('admin');

  app.get(
    '/api/staff/audit',
    {
      preHandler: adminOnly,
      schema: {
        summary: 'Audit log entries, newest first, filtered by action, entity, entity id, actor and time; paged by cursor (admin)',
        tags: ['staff'],
        querystring: listQuery.superRefine(checkDates),
        response: { 200: z.object({ entries: z.array(entrySchema), nextCursor: z.string().nullable() }), ...errors },
      },
    },
    async (request) => {
      const { cursor, limit, ...query } = request.query;
      const after = cursor ? readCursor(cursor) : undefined;
      // One more than asked tells whether another page follows.
      const rows = await audit.list(toFilter(query), { limit: limit + 1, ...(after ? { after } : {}) });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { entries: page.map(wire), nextCursor: rows.length > limit && last ? writeCursor(last) : null };
    },
  );

  app.get(
    '/api/staff/audit/actions',
    {
      preHandler: adminOnly,
      schema: { summary: 'The actions found in the audit log, for filtering (admin)', tags: ['staff'], response: { 200: z.object({ actions: z.array(z.string()) }), ...errors } },
    },
    async () => ({ actions: await audit.actions() }),
  );

  app.get(
    '/api/staff/audit.csv',
    {
      preHandler: adminOnly,
      schema: {
        summary: `The audit log as CSV with the same filters, newest first, at most ${CSV_MAX_ROWS} rows (admin; audited)`,
        tags: ['staff'],
        querystring: filterSchema.superRefine(checkDates),
        produces: ['text/csv'],
        // A stream is sent as it is (fastify never serializes one); the schema only documents it.
        response: { 200: z.unknown().describe('text/csv; columns: createdAt, actorType, actorId, actorName, action, entity, entityId, details'), ...errors },
      },
    },
    async (request, reply) => {
      const now = clock();
      const filter = toFilter(request.query);
      await audit.record({ actorId: signedIn(request).id, action: 'audit.exported', details: { filter: request.query }, now });
      const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csvLines(audit, filter)));
    },
  );
};

async function* csvLines(audit: AuditStore, filter: AuditFilter): AsyncGenerator<string> {
  // A byte-order mark, so spreadsheet programs read the Chinese in it as UTF-8.
  yield `\uFEFF${csvRow(CSV_COLUMNS)}`;
  let after: AuditCursor | undefined;
  for (let written = 0; ;) {
    const rows = await audit.list(filter, { limit: CSV_PAGE, ...(after ? { after } : {}) });
    for (const row of rows) {
      if (written === CSV_MAX_ROWS) {
        yield csvRow([`# cut at ${CSV_MAX_ROWS} rows: narrow the time range (from, to) for the rest`]);
        return;
      }
      written += 1;
      yield csvRow([row.createdAt.toISOString(), row.actorType, row.actorId, row.actorName, row.action, row.entity, row.entityId, row.details]);
    }
    if (rows.length < CSV_PAGE) return;
    after = rows[rows.length - 1]!;
  }
}

function checkDates(query: { from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (query.from && query.to && new Date(query.from) >= new Date(query.to)) ctx.addIssue({ code: 'custom', message: 'from must be before to', path: ['from'] });
}

function toFilter(query: {
  action?: string | undefined;
  entity?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}): AuditFilter {
  return {
    ...(query.action ? { action: query.action } : {}),
    ...(query.entity ? { entity: query.entity } : {}),
    ...(query.entityId ? { entityId: query.entityId } : {}),
    ...(query.actorId ? { actorId: query.actorId } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  };
}

function wire(entry: AuditEntry): z.infer<typeof entrySchema> {
  return { ...entry, createdAt: entry.createdAt.toISOString(), details: parseDetails(entry.details) };
}

function parseDetails(details: string): unknown {
  try {
    return JSON.parse(details) as unknown;
  } catch {
    return details;
  }
}

function writeCursor(entry: AuditEntry): string {
  return Buffer.from(JSON.stringify([entry.createdAt.toISOString(), entry.id])).toString('base64url');
}

function readCursor(cursor: string): AuditCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const at = new Date(String(createdAt));
    if (typeof id === 'string' && typeof createdAt === 'string' && !Number.isNaN(at.getTime())) return { createdAt: at, id };
  } catch {
    // Falls through to the error below.
  }
  throw new DomainError('invalid_request', 'querystring.cursor: not a cursor this API gave out; use nextCursor of the previous page');
}
