// The body of every error answer, `{ error: { code, message } }`, as one schema every route's
// responses reuse (and /docs shows). `code` is a DomainErrorCode or a route's own (an import's
// `rows_rejected`), so it stays a string here.

import { z } from 'zod';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
