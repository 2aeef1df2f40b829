// One line of a customers file → a checked row, or every reason its cells are refused.
// Columns: external_id,name,phone,email,birthday,country,timezone,locale.

import { LANGUAGES, type Language } from '../../domain/types.ts';
import { readBirthday, readCountry, readEmail, readPhone, readText, readTimeZone, type CellReading } from './cell-checks.ts';
import type { ColumnLayout } from './import-columns.ts';
import type { CsvRow } from './csv-rows.ts';
import type { CustomerImportRow, Rejection } from './import-ports.ts';

export interface RowContext {
  /** Numbers without a country code are this region's (DEFAULT_PHONE_REGION). */
  phoneRegion: string;
  now: Date;
}

export type RowReading<T> = { row: T; rejections?: undefined } | { row?: undefined; rejections: Rejection[] };

export function readCustomerRow({ line, cells }: CsvRow, layout: ColumnLayout, context: RowContext): RowReading<CustomerImportRow> {
  const rejections: Rejection[] = [];
  const row: CustomerImportRow = { line };
  const take = <T>(column: string, read: (text: string) => CellReading<T>, set: (value: T) => void): void => {
    const text = layout.cell(cells, column);
    if (text === undefined) return;
    const reading = read(text);
    if (reading.ok) set(reading.value);
    else rejections.push({ line, field: column, message: reading.message });
  };
  take(
    'external_id',
    (text) => readText(text, 100),
    (value) => (row.externalId = value),
  );
  take(
    'name',
    (text) => readText(text, 200),
    (value) => (row.name = value),
  );
  take(
    'phone',
    (text) => readPhone(text, context.phoneRegion),
    (value) => {
      row.phone = value.e164;
      if (value.country) row.phoneCountry = value.country;
    },
  );
  take('email', readEmail, (value) => (row.email = value));
  take(
    'birthday',
    (text) => readBirthday(text, context.now),
    (value) => (row.birthday = value),
  );
  take('country', readCountry, (value) => (row.country = value));
  take('timezone', readTimeZone, (value) => (row.timezone = value));
  take('locale', readLocale, (value) => (row.locale = value));
  const keyed = ['external_id', 'phone', 'email'].some((column) => layout.cell(cells, column) !== undefined);
  if (!keyed) rejections.push({ line, field: 'external_id', message: 'the row needs an external_id, phone or email to find or create its card' });
  return rejections.length ? { rejections } : { row };
}

/** zh or en; a language tag with a region (zh-CN, en-US) counts as its language. */
function readLocale(text: string): CellReading<Language> {
  const language = text.toLowerCase().split(/[-_]/)[0];
  const found = LANGUAGES.find((l) => l === language);
  return found ? { ok: true, value: found } : { ok: false, message: `${JSON.stringify(text)} is not a language the bot speaks: zh or en` };
}
