// The model's reading of one customer message: the structured output it must return, and its
// parsing. What of it the service takes is decided in reading-gate.ts.

import { z } from 'zod';
import { CATEGORIES, EMOTIONS, INTENTS, WANTS } from '../domain/types.ts';

export const understandingSchema = z.object({
  intent: z.enum(INTENTS),
  emotion: z.enum(EMOTIONS),
  category: z.enum(CATEGORIES).nullable(),
  want: z.enum(WANTS).nullable(),
  safety: z.boolean(),
  orderNumber: z.string().max(40).nullable(),
  proposedReply: z.string().max(2000),
});
export type Understanding = z.infer<typeof understandingSchema>;

export const UNDERSTANDING_JSON_SCHEMA = z.toJSONSchema(understandingSchema) as Record<string, unknown>;

/** The reading in the model's answer, or null when it is not JSON of the schema. */
export function parseUnderstanding(content: string): Understanding | null {
  try {
    const parsed = understandingSchema.safeParse(JSON.parse(content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
