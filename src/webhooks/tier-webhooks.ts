// customer.tier_changed for each tier change the segments store reports (a recomputation, a pin).

import type { TierChange, TierChangeListener } from '../console/segments/segment-ports.ts';
import type { WebhookEvents } from './webhook-events.ts';

export function tierChangeWebhooks(webhooks: WebhookEvents): TierChangeListener {
  return (changes: readonly TierChange[]) => {
    for (const change of changes) {
      const staffId = change.actor.startsWith('staff:') ? change.actor.slice('staff:'.length) : undefined;
      webhooks.emit('customer.tier_changed', {
        customerId: change.customerId,
        from: change.from,
        to: change.to,
        rule: change.rule,
        changedBy: staffId ? 'staff' : 'system',
        ...(staffId ? { staffId } : {}),
      });
    }
  };
}
