import { describe, expect, it } from 'vitest';
import { customerFilterSql, escapeLike } from '../../src/store/customer-filter-sql.ts';

describe('the customer filter as SQL', () => {
  it('leaves out erased cards unless asked, and nothing else without a filter', () => {
    expect(customerFilterSql({}, 'sqlite')).toEqual({ where: 'c."erasedAt" IS NULL', params: [] });
    expect(customerFilterSql({ includeErased: true }, 'postgres')).toEqual({ where: '1 = 1', params: [] });
  });

  it('combines filters with AND, one placeholder per value', () => {
    const { where, params } = customerFilterSql({ tier: 'A', lifecycle: 'decline', loyalty: 'loyal', tag: 'vip' }, 'postgres');
    expect(where.split(' AND ')).toHaveLength(5);
    expect(where.match(/\?/g)).toHaveLength(params.length);
    expect(params).toEqual(['A', 'decline', 'loyal', 'vip']);
  });

  it('searches a phone in its one spelling and by its digits, with the configured region', () => {
    const { params } = customerFilterSql({ q: '(415) 555-2671' }, 'sqlite', 'US');
    expect(params).toContain('+14155552671');
    expect(params).toContain('%4155552671%');
    expect(customerFilterSql({ q: 'Wang' }, 'sqlite').params.some((p) => String(p).startsWith('+'))).toBe(false);
  });

  it('escapes LIKE wildcards typed in a search', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    const { where, params } = customerFilterSql({ q: '50%' }, 'postgres');
    expect(where).toContain('ILIKE');
    expect(params).toContain('%50\\%%');
  });
});
