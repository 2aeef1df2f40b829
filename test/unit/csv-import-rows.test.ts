// The pure parts of the CSV import and export: each cell read into the one spelling the store
// keeps (or refused with a reason), the header's columns, the formula guard and its undoing, the
// one-parse phone reading agreeing with phone.ts, and batches in a few fixed sizes.

import { describe, expect, it } from 'vitest';
import { readBirthday, readCountry, readEmail, readTimeZone } from '../../src/console/csv/cell-checks.ts';
import { readCustomerRow } from '../../src/console/csv/customer-rows.ts';
import { guardFormula, unguardFormula } from '../../src/console/csv/formula-guard.ts';
import { ColumnLayout } from '../../src/console/csv/import-columns.ts';
import { formatCents } from '../../src/console/csv/money-text.ts';
import { readOrderRow } from '../../src/console/csv/order-rows.ts';
import { isValidPhone, normalizePhone, phoneCountry, readPhoneNumber } from '../../src/domain/phone.ts';
import { inListChunks, insertBatches } from '../../src/store/sql/sql-batches.ts';

const context = { phoneRegion: 'CN', now: new Date('2026-12-06T00:00:00Z') };

describe('customer rows', () => {
  const layout = ColumnLayout.fromHeader('customers', ['locale', 'external_id', 'name', 'phone', 'email', 'birthday', 'country', 'timezone', 'vip']);

  it('reads every cell into the spelling the store keeps, whatever the column order', () => {
    const reading = readCustomerRow({ line: 2, cells: ['zh-CN', ' E1 ', '王芳', '0086 138-1234-5678', 'Wang@Example.CN', '1988-03-21', 'cn', 'asia/shanghai', 'yes'] }, layout, context);
    expect(reading.row).toEqual({
      line: 2,
      externalId: 'E1',
      name: '王芳',
      phone: '+8613812345678',
      phoneCountry: 'CN',
      email: 'wang@example.cn',
      birthday: '1988-03-21',
      country: 'CN',
      timezone: 'Asia/Shanghai',
      locale: 'zh',
    });
    expect(layout.ignored).toEqual(['vip']);
  });

  it('names every refused cell with its column, and wants a key', () => {
    const reading = readCustomerRow({ line: 9, cells: ['fr', '', 'X', '', '', '2030-01-01', 'XX', 'Mars/Base', ''] }, layout, context);
    expect(reading.rejections?.map((r) => [r.line, r.field])).toEqual([
      [9, 'birthday'],
      [9, 'country'],
      [9, 'timezone'],
      [9, 'locale'],
      [9, 'external_id'],
    ]);
  });

  it('takes off the apostrophe an export put before a formula character, and only that one', () => {
    expect(readCustomerRow({ line: 2, cells: ['', "'E2", "'=1+1", "'+86 138 1234 5678", '', '', '', '', ''] }, layout, context).row).toMatchObject({
      externalId: "'E2",
      name: '=1+1',
      phone: '+8613812345678',
    });
  });
});

describe('order rows', () => {
  const layout = ColumnLayout.fromHeader('orders', ['order_number', 'customer_phone', 'amount', 'currency', 'placed_at', 'status', 'items']);

  it('reads the amount exactly into hundredths and the time with its offset', () => {
    const reading = readOrderRow({ line: 3, cells: ['JD1', '138 1234 5678', '0.29', 'usd', '2026-11-28T14:03:00+08:00', 'Delivered', '1 × milk'] }, layout, context);
    expect(reading.row).toEqual({
      line: 3,
      number: 'JD1',
      customer: { phone: '+8613812345678' },
      amountCents: 29,
      currency: 'USD',
      status: 'delivered',
      placedAt: new Date('2026-11-28T06:03:00Z'),
      items: '1 × milk',
    });
  });

  it('refuses amounts that are not exact, unknown currencies and statuses, times without an offset', () => {
    const reading = readOrderRow({ line: 4, cells: ['', '', '1,299.00', 'RMB', '2026-11-28 14:03', 'lost', ''] }, layout, context);
    expect(reading.rejections?.map((r) => r.field)).toEqual(['order_number', 'customer_phone', 'amount', 'currency', 'placed_at', 'status']);
  });

  it('needs the order number, amount, placed_at and a customer key column in the header', () => {
    expect(() => ColumnLayout.fromHeader('orders', ['order_number', 'amount', 'placed_at'])).toThrow(/customer_external_id, customer_phone, customer_email/);
    expect(() => ColumnLayout.fromHeader('orders', ['order_number', 'customer_email'])).toThrow(/lacks the columns amount, placed_at/);
    expect(() => ColumnLayout.fromHeader('customers', ['phone', 'phone'])).toThrow(/twice/);
  });
});

describe('cells', () => {
  it('checks dates, emails, countries and zones', () => {
    expect(readBirthday('2024-02-29', context.now)).toEqual({ ok: true, value: '2024-02-29' });
    expect(readBirthday('2023-02-29', context.now).ok).toBe(false);
    expect(readBirthday('1899-12-31', context.now).ok).toBe(false);
    expect(readEmail('a@b').ok).toBe(false);
    expect(readCountry('hk')).toEqual({ ok: true, value: 'HK' });
    expect(readCountry('ZZ').ok).toBe(false);
    expect(readTimeZone('Europe/London')).toEqual({ ok: true, value: 'Europe/London' });
    expect(readTimeZone('Europe/Nowhere').ok).toBe(false);
  });

  it('reads a phone in one parse exactly as isValidPhone, normalizePhone and phoneCountry do', () => {
    for (const raw of ['138 1234 5678', '+86 138-1234-5678', '0086 13812345678', '(010) 6552 9988', '+1 415 555 0123', '+852 9123 4567', '12345', '+44 20 7946 0958', '021-6234 5678']) {
      const reading = readPhoneNumber(raw, 'CN');
      expect(reading !== undefined).toBe(isValidPhone(raw, 'CN'));
      if (reading) expect(reading).toEqual({ e164: normalizePhone(raw, 'CN'), country: phoneCountry(normalizePhone(raw, 'CN')) });
    }
  });
});

describe('export cells', () => {
  it('guards every formula start and nothing else', () => {
    expect(['=1+1', '+86138', '-5', '@SUM(A1)', '\tx', '\rx', '王芳', "it's"].map(guardFormula)).toEqual(["'=1+1", "'+86138", "'-5", "'@SUM(A1)", "'\tx", "'\rx", '王芳', "it's"]);
    expect(["'=1+1", "'abc", "''-5"].map(unguardFormula)).toEqual(['=1+1', "'abc", "''-5"]);
  });

  it('writes amounts in major units with two decimals', () => {
    expect([5990, 29, 0, 100].map(formatCents)).toEqual(['59.90', '0.29', '0.00', '1.00']);
  });
});

describe('sql batches', () => {
  it('splits rows into a few fixed batch sizes and pads IN lists to a few fixed lengths', () => {
    expect([...insertBatches(Array.from({ length: 1234 }, (_, i) => i))].map((b) => b.length)).toEqual([500, 500, 100, 100, 20, 5, 5, 1, 1, 1, 1]);
    const chunks = [...inListChunks(['a', 'b', 'a', 'c'])];
    expect(chunks.map((c) => c.params.length)).toEqual([10]);
    expect(new Set(chunks[0]!.params)).toEqual(new Set(['a', 'b', 'c']));
  });
});
