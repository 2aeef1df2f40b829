// How two profile cards of one person become one when a verified phone proves they are the same
// person: the kept card's values win, its empty ones are filled from the other card, and the
// stricter choice holds (an opt-out on either card stays an opt-out; a key customer stays key).

/** The fields of a profile card a merge combines; tier, lifecycle, language and time zone stay the kept card's. */
export interface MergeableCard {
  name: string | null;
  email: string | null;
  country: string | null;
  birthday: Date | null;
  keyAccountManagerId: string | null;
  phoneVerifiedAt: Date | null;
  lastContactAt: Date | null;
  isKey: boolean;
  optOutGreetings: boolean;
  optOutMarketing: boolean;
  purchaseTotalCents: number;
  attributes: Record<string, unknown>;
}

/** The kept card (`kept`) after `merged` is joined into it. */
export function mergeCards(kept: MergeableCard, merged: MergeableCard): MergeableCard {
  return {
    name: filled(kept.name, merged.name),
    email: filled(kept.email, merged.email),
    country: filled(kept.country, merged.country),
    birthday: filled(kept.birthday, merged.birthday),
    keyAccountManagerId: filled(kept.keyAccountManagerId, merged.keyAccountManagerId),
    phoneVerifiedAt: filled(kept.phoneVerifiedAt, merged.phoneVerifiedAt),
    lastContactAt: later(kept.lastContactAt, merged.lastContactAt),
    isKey: kept.isKey || merged.isKey,
    optOutGreetings: kept.optOutGreetings || merged.optOutGreetings,
    optOutMarketing: kept.optOutMarketing || merged.optOutMarketing,
    purchaseTotalCents: kept.purchaseTotalCents || merged.purchaseTotalCents,
    attributes: mergeAttributes(kept.attributes, merged.attributes),
  };
}

/** Free-form characteristics: the kept card's win, missing ones come from the other, lists (order numbers …) are joined. */
function mergeAttributes(kept: Record<string, unknown>, merged: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...kept };
  for (const [key, value] of Object.entries(merged)) {
    const own = result[key];
    if (Array.isArray(own) && Array.isArray(value)) result[key] = [...new Set([...own, ...value])];
    else if (own === undefined || own === null || own === '') result[key] = value;
  }
  return result;
}

function filled<T>(kept: T | null, merged: T | null): T | null {
  return kept === null || kept === '' ? merged : kept;
}

function later(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a.getTime() >= b.getTime() ? a : b;
}
