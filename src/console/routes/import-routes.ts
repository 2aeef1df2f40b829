// CSV imports of customers and orders (supervisors and admins): the file is the request body
// (text/csv), read as it streams in, and written all or nothing — see csv/run-import.ts. The
// console polls GET /api/staff/imports/:importId for the progress of the upload it named.

import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/domain-error.ts';
import { hasRole, requireRole, signedIn } from '../auth/staff-auth.ts';
import type { ImportProgress } from '../csv/import-progress.ts';
import { IMPORT_KINDS } from '../csv/import-ports.ts';
import type { ImportServices } from '../csv/import-services.ts';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, REJECTIONS_LISTED, runImport, type ImportSummary } from '../csv/run-import.ts';
import { csrfHeader, errorSchema } from './wire-schemas.ts';

const CSV_TYPES = ['text/csv', 'application/csv'];

const rejectionSchema = z.object({ line: z.number().int(), field: z.string(), message: z.string() });
const summaryShape = {
  importId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  written: z.boolean(),
  rows: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(rejectionSchema),
  rejectedTotal: z.number().int(),
  ignoredColumns: z.array(z.string()),
};
const summarySchema = z.object(summaryShape);
const progressSchema = z.object({
  importId: z.string(),
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  phase: z.enum(['reading', 'matching', 'writing', 'done', 'failed']),
  bytesRead: z.number().int(),
  totalBytes: z.number().int().nullable(),
  rowsRead: z.number().int(),
  rowsWritten: z.number().int(),
  rowsToWrite: z.number().int(),
  summary: summarySchema.nullable(),
  error: z.string().nullable(),
  updatedAt: z.string(),
});

export const importRoutes: FastifyPluginAsyncZod<{ imports: ImportServices; clock: () => Date }> = async (app, { imports, clock }) => {
  // Only inside this plugin: the body reaches the handler as the request stream, unread, so a
  // file of any size is parsed as it arrives instead of being buffered (the server's 64 KB limit
  // is for JSON; run-import.ts enforces the file's own limit while reading).
  app.addContentTypeParser(CSV_TYPES, (_request, payload, done) => done(null, payload));

  app.post(
    '/api/staff/imports/:kind',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'Import customers or orders from a CSV file (supervisor or admin; audited)',
        description: [
          'Body: the file as text/csv, UTF-8 with or without a byte-order mark, a header row naming the columns (order free, other columns ignored).',
          'customers: external_id,name,phone,email,birthday,country,timezone,locale — upserted by external_id, else phone (any spelling), else email; an empty cell keeps what the card has.',
          'orders: order_number,customer_external_id (or customer_phone, customer_email),amount,currency,placed_at,status,items — upserted by order_number; amount in major units (59.90); placed_at ISO 8601.',
          'All or nothing: with any row rejected nothing is written and the answer is 422 with every rejection (line, field, message; the first ' +
            `${REJECTIONS_LISTED} listed, rejectedTotal counts them). dryRun=true checks and counts exactly as an import would and writes nothing.`,
          `At most ${MAX_IMPORT_ROWS} rows and ${MAX_IMPORT_BYTES / 1024 / 1024} MB a file. Name the import with importId (a UUID) to poll its progress at GET /api/staff/imports/{importId}.`,
        ].join(' '),
        tags: ['staff'],
        consumes: CSV_TYPES,
        headers: csrfHeader,
        params: z.object({ kind: z.enum(IMPORT_KINDS) }),
        querystring: z.object({
          dryRun: z
            .enum(['true', 'false'])
            .default('false')
            .transform((value) => value === 'true'),
          importId: z.uuid().optional().describe('a UUID the console chose, to poll the progress with'),
        }),
        response: {
          200: summarySchema,
          422: errorSchema.extend(summaryShape),
          400: errorSchema,
          401: errorSchema,
          403: errorSchema,
          409: errorSchema,
          413: errorSchema,
          415: errorSchema,
        },
      },
    },
    async (request, reply) => {
      const staff = signedIn(request);
      const source = request.body;
      if (!(source instanceof Readable)) throw new DomainError('unsupported_media_type', 'send the file itself as the body, with Content-Type: text/csv');
      const declared = Number(request.headers['content-length']);
      if (declared > MAX_IMPORT_BYTES) throw new DomainError('payload_too_large', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it into smaller files`);
      const { kind } = request.params;
      const { dryRun } = request.query;
      const importId = request.query.importId ?? randomUUID();
      const now = clock();
      const initial: ImportProgress = {
        importId,
        kind,
        dryRun,
        staffId: staff.id,
        phase: 'reading',
        bytesRead: 0,
        totalBytes: Number.isFinite(declared) && declared > 0 ? declared : null,
        rowsRead: 0,
        rowsWritten: 0,
        rowsToWrite: 0,
        summary: null,
        error: null,
        updatedAt: now.toISOString(),
      };
      if (!(await imports.progress.start(initial))) throw new DomainError('conflict', `an import named ${importId} was started already; name each import with a new UUID`);
      const tracker = imports.progress.tracker(initial, (err) => request.log.warn({ err, importId }, 'could not record the progress of an import'));
      let summary: ImportSummary;
      try {
        summary = await runImport(
          { store: imports.store, afterImport: imports.afterImport },
          { kind, source, dryRun, actor: { staffId: staff.id }, importId, now, phoneRegion: imports.phoneRegion, onProgress: tracker.tick },
        );
      } catch (error) {
        await tracker.finish({ error: error instanceof DomainError ? error.message : 'the import failed on our side; nothing was written' });
        // What the client still sends is read and dropped, so it gets the answer rather than a reset.
        if (!request.raw.readableEnded) request.raw.resume();
        throw error;
      }
      await tracker.finish({ summary });
      request.log.info({ importId, kind, dryRun, rows: summary.rows, imported: summary.imported, updated: summary.updated, rejected: summary.rejectedTotal }, 'csv import');
      if (summary.rejectedTotal === 0) return summary;
      const rows = new Set(summary.rejected.map((r) => r.line)).size;
      const message = `${summary.rejectedTotal} problem${summary.rejectedTotal === 1 ? '' : 's'} in ${summary.rejectedTotal > summary.rejected.length ? 'at least ' : ''}${rows} row${rows === 1 ? '' : 's'}: nothing was written; fix the rows listed in rejected and send the file again`;
      return reply.status(422).send({ error: { code: 'rows_rejected', message }, ...summary });
    },
  );

  app.get(
    '/api/staff/imports/:importId',
    {
      preHandler: requireRole('supervisor'),
      schema: {
        summary: 'How far an import is (the one who started it, or an admin); kept for an hour',
        tags: ['staff'],
        params: z.object({ importId: z.uuid() }),
        response: { 200: z.object({ import: progressSchema }), 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const staff = signedIn(request);
      const progress = await imports.progress.get(request.params.importId);
      if (!progress || (progress.staffId !== staff.id && !hasRole(staff, 'admin'))) throw new DomainError('not_found', `no import ${request.params.importId} of yours in the last hour`);
      return { import: progress };
    },
  );
};
