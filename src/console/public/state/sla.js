// @ts-check
// SLA timers (config/sla.yaml): the state of one timer counted down from the seconds the server
// sent, and the breach alert for supervisors and for whoever has the conversation.

import { t } from '../../assets/kit/i18n.js';
import { getState, isSupervisor } from './console-store.js';
import { showToast } from './toast.js';

/**
 * 'red' once the target passed, 'amber' once most of its time is used, 'ok' before.
 * @param {{ secondsLeft: number, secondsToAmber: number }} sla as the server sent it
 * @param {number} elapsed seconds since it was sent
 * @returns {{ state: 'ok' | 'amber' | 'red', left: number }}
 */
export function slaState(sla, elapsed) {
  const left = sla.secondsLeft - elapsed;
  const toAmber = sla.secondsToAmber - elapsed;
  return { state: left <= 0 ? 'red' : toAmber <= 0 ? 'amber' : 'ok', left };
}

/** A target passed: tell supervisors and the person who has the conversation. */
export function onSlaBreach(/** @type {{ kind: string, tier: string, assignedStaffId: string | null }} */ event) {
  if (!isSupervisor() && event.assignedStaffId !== getState().me?.id) return;
  showToast(t('sla.breached', { kind: t(`sla.kind.${event.kind}`), tier: event.tier }));
}
