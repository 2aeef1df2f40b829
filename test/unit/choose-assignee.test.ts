// Who routing gives a newly queued conversation to.

import { describe, expect, it } from 'vitest';
import { chooseAssignee } from '../../src/console/routing/choose-assignee.ts';
import type { RoutingCandidate } from '../../src/console/routing/routing-ports.ts';
import { amountCapFor } from '../../src/domain/amount-cap.ts';
import { testContent } from '../support/test-app.ts';

const agent = (id: string, load: number, capacity = 5, lastAssignedAt: Date | null = null, unopened = 0): RoutingCandidate => ({ id, role: 'agent', capacity, load, lastAssignedAt, unopened });

describe('chooseAssignee', () => {
  it('gives an A-tier customer to their online key account manager, whatever their role', () => {
    const kam: RoutingCandidate = { ...agent('kam', 1), role: 'supervisor' };
    expect(chooseAssignee({ tier: 'A', keyAccountManagerId: 'kam' }, [agent('a', 0), kam])).toEqual({ staffId: 'kam', rule: 'key_account_manager' });
  });

  it('ignores the key account manager for other tiers, and when they are full or offline', () => {
    expect(chooseAssignee({ tier: 'B', keyAccountManagerId: 'kam' }, [agent('kam', 0), agent('a', 0, 5, new Date(1))])).toEqual({ staffId: 'kam', rule: 'round_robin' });
    expect(chooseAssignee({ tier: 'A', keyAccountManagerId: 'kam' }, [agent('kam', 5), agent('a', 0)])).toEqual({ staffId: 'a', rule: 'round_robin' });
    expect(chooseAssignee({ tier: 'A', keyAccountManagerId: 'kam' }, [agent('a', 0)])).toEqual({ staffId: 'a', rule: 'round_robin' });
  });

  it('goes round: the agent waiting longest since their last assignment is next', () => {
    const online = [agent('a', 0, 5, new Date(2000)), agent('b', 3, 5, new Date(1000)), agent('c', 0, 5, null)];
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, online)?.staffId).toBe('c');
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, online.slice(0, 2))?.staffId).toBe('b');
  });

  it('gives nobody a second conversation while one assigned to them is unopened, key account managers included', () => {
    const waitingToOpen = agent('a', 1, 5, null, 1);
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, [waitingToOpen, agent('b', 3, 5, new Date(1000))])?.staffId).toBe('b');
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, [waitingToOpen])).toBeNull();
    const kam: RoutingCandidate = { ...agent('kam', 1, 5, null, 1), role: 'supervisor' };
    expect(chooseAssignee({ tier: 'A', keyAccountManagerId: 'kam' }, [kam, agent('b', 0)])).toEqual({ staffId: 'b', rule: 'round_robin' });
  });

  it('prefers someone other than the one who let the assignment lapse, and gives it back only when nobody else has room', () => {
    const online = [agent('a', 0, 5, null), agent('b', 2, 5, new Date(1000))];
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, online, 'a')?.staffId).toBe('b');
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, [agent('a', 0), agent('b', 5)], 'a')?.staffId).toBe('a');
    expect(chooseAssignee({ tier: 'A', keyAccountManagerId: 'a' }, online, 'a')).toEqual({ staffId: 'b', rule: 'round_robin' });
  });

  it('skips full agents and supervisors; nobody with room → null', () => {
    const supervisor: RoutingCandidate = { ...agent('s', 0), role: 'supervisor' };
    expect(chooseAssignee({ tier: 'C', keyAccountManagerId: null }, [agent('a', 5), agent('b', 0, 0), supervisor])).toBeNull();
  });
});

describe('amountCapFor (refunds)', () => {
  it('uses the category’s refund cap for the tier, else the highest for the tier anywhere', async () => {
    const { policy } = await testContent();
    expect(amountCapFor(policy, 'refund', 'billing', 'C')).toBe(policy.options.billing.find((o) => o.kind === 'refund')!.refundCapCents!.C);
    expect(amountCapFor(policy, 'refund', 'other', 'B')).toBe(300000);
  });
});
