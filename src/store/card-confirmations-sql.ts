// What a customer says about themselves in chat (their name, phone, email) is a confirmation of
// those card fields by the customer; a phone number also tells the card's country and time zone
// when it does not know them (marked inferred). Runs in the turn's transaction, only on a turn that
// wrote one of these fields.

import { confirmFields, readConfirmations, writeConfirmations } from '../domain/customer/card-freshness.ts';
import { updateCardRegion } from '../domain/customer/card-region.ts';
import type { ConfirmableField } from '../domain/customer/card-vocabulary.ts';
import { phoneCountry } from '../domain/phone.ts';
import { parseObject } from './json-object.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';

export async function confirmGivenInChat(tx: SqlExecutor, customerId: string, given: { name?: string | undefined; phone?: string | undefined; email?: string | undefined }, now: Date): Promise<void> {
  const fields = (['name', 'phone', 'email'] as const).filter((field) => given[field]) satisfies ConfirmableField[];
  if (fields.length === 0) return;
  const [row] = await tx.query<{ fieldConfirmations: string; country: string | null; timezone: string; locale: string; phone: string | null }>(
    'SELECT "fieldConfirmations", "country", "timezone", "locale", "phone" FROM "Customer" WHERE "id" = ?',
    [customerId],
  );
  if (!row) return;
  const confirmed = confirmFields(readConfirmations(parseObject(row.fieldConfirmations)), fields, 'customer', now);
  const region = updateCardRegion(row, confirmed, { phoneCountry: row.phone ? phoneCountry(row.phone) : undefined, locale: row.locale }, now);
  await tx.execute('UPDATE "Customer" SET "fieldConfirmations" = ?, "country" = ?, "timezone" = ? WHERE "id" = ?', [
    JSON.stringify(writeConfirmations(region.confirmations)),
    region.changes.country ?? row.country,
    region.changes.timezone ?? row.timezone,
    customerId,
  ]);
}
