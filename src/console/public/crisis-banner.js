// The crisis banner (seed 002, crisis: 确认): a burst of complaints the detector found, shown in
// every open console as the live event arrives. Supervisors and admins see every signal waiting
// for a decision and confirm it as an incident, with the holding statement the bot tells matching
// customers, or dismiss it; agents see the news without the buttons.

import { $, el } from './dom.js';
import { state } from './console-state.js';
import { api } from './api.js';
import { toast } from './alerts.js';
import { t } from './wording.js';

const decides = () => ['supervisor', 'admin'].includes(state.me?.role ?? '');
/** Agents' banners come from the live events alone (the list is for supervisors). */
const heard = new Map();
let latest = { signals: [], incidents: [], windowMinutes: 60 };

function windowText(minutes) {
  return minutes === 60 ? t('crisis.window.hour') : t('crisis.window.minutes', { n: minutes });
}

function bannerText(signal, windowMinutes) {
  const key = signal[signal.dimension] ?? signal.key;
  return t('crisis.banner', {
    topic: t(`crisis.topic.${signal.dimension}`, { key }),
    count: signal.count,
    window: windowText(windowMinutes),
    expected: Math.round((signal.baseline ?? signal.expected) * 10) / 10,
  });
}

/** Reads the signals again (supervisors) and shows the banner. */
export async function refreshCrisisBanner() {
  if (decides()) {
    try {
      latest = await api('GET', '/api/staff/crises');
    } catch {
      return; // the next live event tries again
    }
  }
  render();
}

/** A crisis live event: a new signal is shown at once; any change re-reads the list. */
export function onCrisisEvent(event) {
  if (event.type === 'detected' && !decides()) {
    heard.set(event.signal.id, { ...event.signal, [event.signal.dimension]: event.signal.key });
    latest = { ...latest, windowMinutes: event.signal.windowMinutes ?? latest.windowMinutes };
  }
  void refreshCrisisBanner();
}

function render() {
  const banner = $('#crisis-banner');
  const waiting = decides() ? latest.signals.filter((s) => s.status === 'new' && s.endedAt === null) : [...heard.values()];
  const open = decides() ? latest.incidents.filter((i) => i.status === 'open') : [];
  banner.replaceChildren(...waiting.map(signalRow), ...open.map((i) => el('p', { class: 'crisis-incident', text: t('crisis.incidentOpen', { title: i.title }) })));
  banner.hidden = waiting.length === 0 && open.length === 0;
}

function signalRow(signal) {
  const row = el('div', { class: 'crisis-signal', 'data-signal': signal.id }, el('strong', { class: 'crisis-text', text: bannerText(signal, latest.windowMinutes) }));
  if (!decides()) {
    const close = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.dismiss'), title: t('crisis.supervisorsDecide') });
    close.addEventListener('click', () => {
      heard.delete(signal.id);
      render();
    });
    row.append(el('span', { class: 'small', text: t('crisis.supervisorsDecide') }), close);
    return row;
  }
  const zh = el('textarea', { class: 'crisis-statement', rows: 2, 'aria-label': t('crisis.statementZh'), placeholder: t('crisis.statementZh'), 'data-lang': 'zh' });
  const en = el('textarea', { class: 'crisis-statement', rows: 2, 'aria-label': t('crisis.statementEn'), placeholder: t('crisis.statementEn'), 'data-lang': 'en' });
  const confirm = el('button', { class: 'btn btn-primary', type: 'button', text: t('crisis.confirm'), 'data-action': 'confirm' });
  const dismiss = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.dismiss'), 'data-action': 'dismiss' });
  confirm.addEventListener('click', () => void decide(signal, 'confirm', { zh: zh.value.trim(), en: en.value.trim() }));
  dismiss.addEventListener('click', () => void decide(signal, 'dismiss'));
  row.append(zh, en, el('div', { class: 'crisis-actions' }, confirm, dismiss));
  return row;
}

async function decide(signal, action, statement) {
  if (action === 'confirm' && (!statement.zh || !statement.en)) {
    toast(t('crisis.statementMissing'));
    return;
  }
  try {
    await api('POST', `/api/staff/crises/signals/${encodeURIComponent(signal.id)}/${action}`, action === 'confirm' ? { statement } : undefined);
    toast(t(action === 'confirm' ? 'crisis.confirmed' : 'crisis.dismissed'));
  } catch (error) {
    toast(error.message);
  }
  await refreshCrisisBanner();
}
