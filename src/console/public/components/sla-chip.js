// @ts-check
// The SLA timer of one queue row: the time left to the target that runs (first reply, then
// resolution), amber once most of it is used, red once it has passed; counted down from the
// seconds the server sent, without asking again.

import { html } from '../vendor/preact-htm.js';
import { t } from '../../assets/kit/i18n.js';
import { duration } from '../console-labels.js';
import { slaState } from '../state/sla.js';

/** @param {{ sla: { kind: string, secondsLeft: number, secondsToAmber: number } | null | undefined, elapsed: number }} props */
export function SlaChip({ sla, elapsed }) {
  if (!sla) return null;
  const { state, left } = slaState(sla, elapsed);
  const kind = t(`sla.kind.${sla.kind}`);
  const text = left > 0 ? t('sla.left', { kind, time: duration(left) }) : t('sla.over', { kind, time: duration(-left) });
  return html`<span class=${`chip sla sla-${state}`} role="timer" data-sla-kind=${sla.kind} data-sla-state=${state} title=${t(`sla.title.${state}`, { kind })}>${text}</span>`;
}
