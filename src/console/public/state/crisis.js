// @ts-check
// The crisis banner's data (seed 002, crisis: 确认): supervisors and admins read every signal
// waiting for a decision and every open incident from the API; agents see the signals the live
// events announce. Deciding and closing go through here too.

import { api } from '../../assets/kit/api.js';
import { t } from '../../assets/kit/i18n.js';
import { getState, isSupervisor, update } from './console-store.js';
import { showToast } from './toast.js';

/** Reads the signals again (supervisors); agents keep what they heard. */
export async function refreshCrisis() {
  if (!isSupervisor()) return;
  try {
    update({ crisis: await api('GET', '/api/staff/crises') });
  } catch {
    // the next live event tries again
  }
}

/** A `crisis` live event: a new signal is shown at once; any change re-reads the list. */
export function onCrisisEvent(/** @type {any} */ event) {
  if (event.type === 'detected' && !isSupervisor()) {
    const signal = { ...event.signal, [event.signal.dimension]: event.signal.key };
    update((s) => ({
      heardSignals: [...s.heardSignals.filter((h) => h.id !== signal.id), signal],
      crisis: { ...s.crisis, windowMinutes: event.signal.windowMinutes ?? s.crisis.windowMinutes },
    }));
  }
  void refreshCrisis();
}

/** An agent puts a signal they heard out of sight (supervisors decide on it). */
export function forgetSignal(/** @type {string} */ id) {
  update((s) => ({ heardSignals: s.heardSignals.filter((h) => h.id !== id) }));
}

/** The signals waiting for a decision and the open incidents, as the banner shows them. */
export function bannerItems() {
  const { crisis, heardSignals } = getState();
  if (!isSupervisor()) return { signals: heardSignals, incidents: [] };
  return { signals: crisis.signals.filter((s) => s.status === 'new' && s.endedAt === null), incidents: crisis.incidents.filter((i) => i.status === 'open') };
}

/**
 * Confirms a signal as an incident (with the holding statement in both languages) or dismisses it.
 * @param {any} signal
 * @param {'confirm' | 'dismiss'} action
 * @param {{ zh: string, en: string }} [statement]
 */
export async function decideSignal(signal, action, statement) {
  if (action === 'confirm' && (!statement?.zh || !statement.en)) {
    showToast(t('crisis.statementMissing'));
    return;
  }
  try {
    await api('POST', `/api/staff/crises/signals/${encodeURIComponent(signal.id)}/${action}`, action === 'confirm' ? { statement } : undefined);
    showToast(t(action === 'confirm' ? 'crisis.confirmed' : 'crisis.dismissed'));
  } catch (error) {
    showToast(/** @type {Error} */ (error).message);
  }
  await refreshCrisis();
}

/**
 * Closes an incident, with an update for the customers told the statement when wanted.
 * @param {any} incident
 * @param {{ zh: string, en: string }} update_ the closing update (both languages, or neither)
 * @param {boolean} notifyCustomers
 */
export async function closeIncident(incident, update_, notifyCustomers) {
  const written = Boolean(update_.zh || update_.en);
  if ((notifyCustomers || written) && (!update_.zh || !update_.en)) {
    showToast(t('crisis.updateMissing'));
    return;
  }
  try {
    const body = await api('POST', `/api/staff/crises/incidents/${encodeURIComponent(incident.id)}/close`, { notifyCustomers, ...(written ? { update: update_ } : {}) });
    showToast(t('crisis.closed', { n: body.incident.updatesPlanned }));
  } catch (error) {
    showToast(/** @type {Error} */ (error).message);
  }
  await refreshCrisis();
}
