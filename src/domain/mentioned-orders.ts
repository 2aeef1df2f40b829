// Order numbers a customer's complaint cases mention (what the bot collected: facts.orderNumber,
// and the order on file it matched, facts.order), so staff see which are not among the customer's
// orders on file: a number typed wrong, an order from another shop, or one the shop has not sent yet.

export interface CaseFactsOfCase {
  caseId: string;
  facts: Record<string, unknown>;
}

export interface MentionedOrder {
  number: string;
  /** The newest case that mentions it. */
  caseId: string;
}

/** The longest text read as an order number (longer is not one, whatever the facts say). */
const MAX_NUMBER_LENGTH = 64;

/** Each number once (letter case aside), with the newest case that mentions it; `cases` come newest first. */
export function mentionedOrderNumbers(cases: readonly CaseFactsOfCase[]): MentionedOrder[] {
  const seen = new Map<string, MentionedOrder>();
  for (const { caseId, facts } of cases) {
    const order = facts.order as { number?: unknown } | null | undefined;
    for (const candidate of [facts.orderNumber, order?.number]) {
      if (typeof candidate !== 'string') continue;
      const number = candidate.trim();
      if (!number || number.length > MAX_NUMBER_LENGTH) continue;
      const key = number.toUpperCase();
      if (!seen.has(key)) seen.set(key, { number, caseId });
    }
  }
  return [...seen.values()];
}

/** The mentions whose number is not among the numbers on file (compared in any letter case). */
export function notOnFile(mentioned: readonly MentionedOrder[], onFile: Iterable<string>): MentionedOrder[] {
  const known = new Set([...onFile].map((number) => number.toUpperCase()));
  return mentioned.filter((m) => !known.has(m.number.toUpperCase()));
}
