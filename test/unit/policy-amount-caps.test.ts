// Every solution that carries an amount has a per-tier cap in config/policy.yaml, and the console
// reads the same caps the bot works within.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { amountCapFor } from '../../src/domain/amount-cap.ts';
import { policySchema, type Policy } from '../../src/domain/policy.ts';

const shipped = parseYaml(readFileSync('config/policy.yaml', 'utf8')) as Record<string, unknown>;
const policy: Policy = policySchema.parse(shipped);

/** The shipped policy with one option of one category replaced. */
function withOption(category: string, index: number, change: (option: Record<string, unknown>) => Record<string, unknown>): unknown {
  const copy = structuredClone(shipped) as { options: Record<string, Record<string, unknown>[]> };
  copy.options[category]![index] = change(copy.options[category]![index]!);
  return copy;
}

describe('amount caps in the policy', () => {
  it('takes the category’s cap for the tier, else the highest for the tier in any category', () => {
    expect(amountCapFor(policy, 'refund', 'billing', 'C')).toBe(100_000);
    expect(amountCapFor(policy, 'refund', 'product_quality', 'A')).toBe(1_000_000);
    expect(amountCapFor(policy, 'voucher', 'delivery', 'B')).toBe(5_000);
    // product_quality offers no voucher: the highest tier-C voucher anywhere.
    expect(amountCapFor(policy, 'voucher', 'product_quality', 'C')).toBe(2_000);
  });

  it('refuses a policy file with a refund or voucher option that has no amount', () => {
    const noCap = policySchema.safeParse(withOption('product_quality', 2, ({ refundCapCents: _dropped, ...rest }) => rest));
    expect(noCap.success).toBe(false);
    expect(JSON.stringify(noCap.error?.issues)).toContain('a refund option needs refundCapCents');
    const noAmount = policySchema.safeParse(withOption('delivery', 2, ({ amountCents: _dropped, ...rest }) => rest));
    expect(JSON.stringify(noAmount.error?.issues)).toContain('a voucher option needs amountCents');
  });

  it('refuses an amount on a kind that carries none', () => {
    const parsed = policySchema.safeParse(withOption('product_quality', 0, (option) => ({ ...option, amountCents: { A: 1, B: 1, C: 1 } })));
    expect(JSON.stringify(parsed.error?.issues)).toContain('a replacement carries no amount');
  });
});
