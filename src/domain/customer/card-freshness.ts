// Dynamic management of the profile card (seed 000: 剔除陈旧的…及时补充新的): every field keeps when it
// was last confirmed and by whom, and fields not confirmed for a while are flagged for review.

import { CONFIRMABLE_FIELDS, type ConfirmableField, type ConfirmedBy, type FieldConfirmation } from './card-vocabulary.ts';

export type FieldConfirmations = Partial<Record<ConfirmableField, FieldConfirmation>>;

const DAY_MS = 24 * 60 * 60_000;

/** Reads the stored JSON object (field → {at, by}); anything unreadable is left out. */
export function readConfirmations(stored: Record<string, unknown>): FieldConfirmations {
  const confirmations: FieldConfirmations = {};
  for (const field of CONFIRMABLE_FIELDS) {
    const entry = stored[field] as { at?: unknown; by?: unknown } | undefined;
    if (!entry || typeof entry.at !== 'string' || typeof entry.by !== 'string') continue;
    const at = new Date(entry.at);
    if (!Number.isNaN(at.getTime())) confirmations[field] = { at, by: entry.by as ConfirmedBy };
  }
  return confirmations;
}

/** The confirmations as stored: times in ISO 8601. */
export function writeConfirmations(confirmations: FieldConfirmations): Record<string, { at: string; by: string }> {
  return Object.fromEntries(Object.entries(confirmations).map(([field, c]) => [field, { at: c.at.toISOString(), by: c.by }]));
}

/** The confirmations with these fields confirmed now by `by`. */
export function confirmFields(confirmations: FieldConfirmations, fields: readonly ConfirmableField[], by: ConfirmedBy, at: Date): FieldConfirmations {
  const next = { ...confirmations };
  for (const field of fields) next[field] = { at, by };
  return next;
}

/**
 * Of the fields that have a value, those confirmed longer than `staleDays` ago or never: for staff
 * to review. A guess (by 'inferred') ages like any other confirmation.
 */
export function staleFields(setFields: readonly ConfirmableField[], confirmations: FieldConfirmations, now: Date, staleDays: number): ConfirmableField[] {
  const oldest = now.getTime() - staleDays * DAY_MS;
  return setFields.filter((field) => {
    const confirmed = confirmations[field];
    return !confirmed || confirmed.at.getTime() < oldest;
  });
}
