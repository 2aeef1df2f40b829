/* global document */
// SLA timers on the conversation list: the time left to the target that runs (first reply, then
// resolution), amber once most of it is used and red once it has passed. The server sends the
// seconds to each from its own clock; the page counts down from them every second without asking
// again. A breach (the `sla` live event) is an alert for supervisors and for whoever has it.

import { el } from './dom.js';
import { state, isSupervisor } from './console-state.js';
import { toast } from './alerts.js';
import { duration, t } from './wording.js';

/** The badge of one conversation, or null when no timer runs. */
export function slaBadge(sla) {
  if (!sla) return null;
  const badge = el('span', { class: 'chip sla', 'data-sla-left': String(sla.secondsLeft), 'data-sla-amber': String(sla.secondsToAmber), 'data-sla-kind': sla.kind, role: 'timer' });
  paint(badge, 0);
  return badge;
}

/** Counts every badge down by the seconds since the list was fetched. */
export function tickSla(elapsedSeconds) {
  for (const badge of document.querySelectorAll('[data-sla-left]')) paint(badge, elapsedSeconds);
}

function paint(badge, elapsed) {
  const left = Number(badge.dataset.slaLeft) - elapsed;
  const toAmber = Number(badge.dataset.slaAmber) - elapsed;
  const slaState = left <= 0 ? 'red' : toAmber <= 0 ? 'amber' : 'ok';
  const kind = t(`sla.kind.${badge.dataset.slaKind}`);
  badge.dataset.slaState = slaState;
  badge.className = `chip sla sla-${slaState}`;
  badge.textContent = left > 0 ? t('sla.left', { kind, time: duration(left) }) : t('sla.over', { kind, time: duration(-left) });
  badge.title = t(`sla.title.${slaState}`, { kind });
}

/** A target passed: tell supervisors and the person who has the conversation. */
export function onSlaBreach(event) {
  if (!isSupervisor() && event.assignedStaffId !== state.me?.id) return;
  toast(t('sla.breached', { kind: t(`sla.kind.${event.kind}`), tier: event.tier }));
}
