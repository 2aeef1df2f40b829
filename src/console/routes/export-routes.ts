// CSV exports of the customers the list's filters show, or of their orders (supervisors and admins):
// streamed page by page with a byte-order mark and formula-guarded cells (csv/csv-export.ts). Every
// export is audited with its filter and row count before the first row leaves.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, signedIn } from '../auth/staff-auth.ts';
import { exportCsv } from '../csv/csv-export.ts';
import type { ExportKind, ExportStore } from '../csv/export-ports.ts';
import type { CustomerFilter } from '../customers/customer-ports.ts';
import { customerListQuery } from '../customers/customer-wire.ts';
import { errorSchema } from './wire-schemas.ts';

/** The customer list's filters (GET /api/staff/customers): the same schema, so the same meaning. */
const filterQuery = customerListQuery.pick({ q: true, tier: true, lifecycle: true, loyalty: true, tag: true });

export const exportRoutes: FastifyPluginAsyncZod<{ exports: ExportStore; clock: () => Date }> = async (app, { exports, clock }) => {
  for (const kind of ['customers', 'orders'] as const satisfies readonly ExportKind[]) {
    app.get(
      `/api/staff/exports/${kind}.csv`,
      {
        preHandler: requireRole('supervisor'),
        schema: {
          summary:
            kind === 'customers'
              ? 'The customers the list’s filters show, as CSV (supervisor or admin; audited)'
              : 'The orders of the customers the list’s filters show, as CSV (supervisor or admin; audited)',
          description:
            'UTF-8 with a byte-order mark (Excel reads the Chinese right), CRLF lines; a cell starting with = + - @, a tab or a carriage return gets a leading apostrophe (formula injection), which the import takes off again. The import’s columns come first, so the file imports back as it is.',
          tags: ['staff'],
          querystring: filterQuery,
          produces: ['text/csv'],
          // A stream is sent as it is (fastify never serializes one); the schema only documents it.
          response: { 200: z.unknown().describe('text/csv'), 400: errorSchema, 401: errorSchema, 403: errorSchema },
        },
      },
      async (request, reply) => {
        const staff = signedIn(request);
        const filter = toFilter(request.query);
        const now = clock();
        const rows = await exports.count(kind, filter);
        await exports.recordExport({ staffId: staff.id, kind, filter, rows, now });
        const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
        const file = exportCsv(exports, kind, filter, (err) => request.log.error({ err, kind }, 'a CSV export failed mid-way'));
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${kind}-${stamp}.csv"`).header('cache-control', 'no-store').send(file);
      },
    );
  }
};

function toFilter(query: z.infer<typeof filterQuery>): CustomerFilter {
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as CustomerFilter;
}
