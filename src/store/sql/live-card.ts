// Which profile cards are still in use, as SQL over a "Customer" aliased c: not erased on request,
// and not emptied into another card by a merge that stands (see join-cards.ts).

export const LIVE_CARD_SQL = `c."erasedAt" IS NULL AND NOT EXISTS (SELECT 1 FROM "CustomerMerge" m WHERE m."mergedId" = c."id" AND m."undoneAt" IS NULL)`;
