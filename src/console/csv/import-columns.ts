// The columns an import file may have, by the header's names exactly (order free, other columns
// ignored), and which of them must be there.

import { DomainError } from '../../domain/domain-error.ts';
import { unguardFormula } from './formula-guard.ts';
import type { ImportKind } from './import-ports.ts';

export const CUSTOMER_COLUMNS = ['external_id', 'name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale'] as const;
export const ORDER_COLUMNS = ['order_number', 'customer_external_id', 'customer_phone', 'customer_email', 'amount', 'currency', 'placed_at', 'status', 'items'] as const;

interface ColumnRules {
  known: readonly string[];
  /** Each must be in the header. */
  required: readonly string[];
  /** At least one of these must be in the header: the keys a row is matched by. */
  oneOf: readonly string[];
}

const RULES: Record<ImportKind, ColumnRules> = {
  customers: { known: CUSTOMER_COLUMNS, required: [], oneOf: ['external_id', 'phone', 'email'] },
  orders: { known: ORDER_COLUMNS, required: ['order_number', 'amount', 'placed_at'], oneOf: ['customer_external_id', 'customer_phone', 'customer_email'] },
};

/** Where each known column is in a file, read from its header. */
export class ColumnLayout {
  private constructor(
    private readonly index: ReadonlyMap<string, number>,
    /** Header cells that are no column of this kind (left alone, told to the importer). */
    readonly ignored: readonly string[],
  ) {}

  /** @throws DomainError (400) naming a missing required column or a column named twice */
  static fromHeader(kind: ImportKind, header: readonly string[]): ColumnLayout {
    const rules = RULES[kind];
    const index = new Map<string, number>();
    const ignored: string[] = [];
    header.forEach((raw, i) => {
      const name = raw.trim();
      if (!rules.known.includes(name)) {
        if (name) ignored.push(name);
        return;
      }
      if (index.has(name)) throw new DomainError('invalid_request', `the header names the column ${name} twice`);
      index.set(name, i);
    });
    const missing = rules.required.filter((name) => !index.has(name));
    if (missing.length) throw new DomainError('invalid_request', `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (${kind} columns: ${rules.known.join(',')})`);
    if (!rules.oneOf.some((name) => index.has(name)))
      throw new DomainError('invalid_request', `the header needs a column ${rules.oneOf.join(', ')} or more of them, to match each row (${kind} columns: ${rules.known.join(',')})`);
    return new ColumnLayout(index, ignored);
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** The cell's text, trimmed and with an export's formula guard taken off; undefined when empty or no such column. */
  cell(cells: readonly string[], column: string): string | undefined {
    const i = this.index.get(column);
    const text = i === undefined ? undefined : cells[i]?.trim();
    return text ? unguardFormula(text) : undefined;
  }
}
