// The words the profile card (客户资料卡, seed 000) uses for its segments and fields, exactly as stored.

export { TIERS } from '../types.ts';

/** Seed 001: 考察期, 形成期, 稳定期, 退化期. */
export const LIFECYCLE_STAGES = ['exploration', 'formation', 'stability', 'decline'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Seed 000: loyal, brand-switcher, no loyalty. */
export const LOYALTY_TYPES = ['loyal', 'switching', 'none'] as const;
export type LoyaltyType = (typeof LOYALTY_TYPES)[number];

/** Card fields whose freshness is kept (when last confirmed, by whom). */
export const CONFIRMABLE_FIELDS = [
  'name',
  'phone',
  'email',
  'phones',
  'emails',
  'address',
  'birthday',
  'organization',
  'contactPerson',
  'locale',
  'timezone',
  'country',
  'preferences',
  'tags',
  'creditNote',
] as const;
export type ConfirmableField = (typeof CONFIRMABLE_FIELDS)[number];

/** Who confirmed a field: the customer (in chat), a staff member, an import, or the card's own inference. */
export type ConfirmedBy = 'customer' | 'import' | 'inferred' | `staff:${string}`;

export interface FieldConfirmation {
  at: Date;
  by: ConfirmedBy;
}
