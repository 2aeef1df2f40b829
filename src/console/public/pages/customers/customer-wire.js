// @ts-check
// The shapes the customers page reads from the staff API (/api/staff/customers…, …/merges,
// /api/staff/imports…), as the routes' schemas send them. Types only.

/**
 * @typedef {{ id: string, externalId: string | null, name: string | null, phone: string | null, email: string | null,
 *   tier: string, lifecycleStage: string, loyalty: string, isKey: boolean, tags: string[], lastContactAt: string | null }} CustomerRow
 *   One row of the list.
 * @typedef {{ rule: string, zh: string, en: string }} SegmentReason The rule that set a segment, in both languages.
 * @typedef {{
 *   id: string,
 *   name: string | null,
 *   externalId: string | null,
 *   basic: { name: string | null, phones: string[], emails: string[], address: string | null, birthday: string | null, organization: string | null, contactPerson: string | null },
 *   characteristics: { locale: string, timezone: string, country: string | null, channels: string[], preferences: Record<string, unknown>, tags: string[] },
 *   business: { tier: string, tierReason: SegmentReason | null, tierPinned: boolean, lifecycleStage: string, lifecycleReason: SegmentReason | null,
 *     loyalty: string, loyaltyReason: SegmentReason | null, keyAccountManager: { id: string, name: string } | null, creditNote: string | null, needsKeyAccountManager: boolean },
 *   transactions: { orders: number, totalCents: number, last12MonthsCents: number,
 *     lastOrder: { number: string, placedAt: string, amountCents: number, currency: string } | null,
 *     complaints: number, satisfactionAverage: number | null, surveys: number },
 *   fieldConfirmations: Record<string, { at: string, by: string }>,
 *   staleFields: string[],
 * }} CustomerCard The profile card in its four parts, with the fields due for review.
 * @typedef {{ id: string, kind: string, channel: string, summary: string, outcome: string | null, impressions: string | null,
 *   staff: { id: string, name: string } | null, createdAt: string }} Contact One entry of the contact log.
 * @typedef {{ id: string, keptId: string, mergedId: string, createdAt: string, undoneAt: string | null }} Merge
 * @typedef {{ match: 'phone' | 'email', value: string, customers: { id: string, name: string | null, createdAt: string }[] }} DuplicateGroup
 *   Cards sharing a phone or an email, the oldest first (the one the others merge into).
 * @typedef {{ phase: 'reading' | 'matching' | 'writing' | 'done' | 'failed', bytesRead: number, totalBytes: number | null,
 *   rowsRead: number, rowsWritten: number, rowsToWrite: number }} ImportProgress
 * @typedef {{ line: number, field: string, message: string }} Rejection
 * @typedef {{ rows?: number, imported?: number, updated?: number, rejected?: Rejection[], rejectedTotal?: number,
 *   error?: { code: string, message: string } }} ImportAnswer What an import answers, a summary or an error (or nothing readable).
 */

export {};
