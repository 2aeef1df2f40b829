/* global document */
// The crisis banner (seed 002, crisis: 确认): a burst of complaints the detector found, shown in
// every open console as the live event arrives. Supervisors and admins see every signal waiting
// for a decision and confirm it as an incident, with the holding statement the bot tells matching
// customers, or dismiss it; agents see the news without the buttons. Open incidents stay in the
// banner for supervisors, with their report and the close (seed 002: 解决), which can send the
// customers told the statement an update.

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
  const text = t('crisis.banner', {
    topic: t(`crisis.topic.${signal.dimension}`, { key }),
    count: signal.count,
    window: windowText(windowMinutes),
    expected: Math.round((signal.baseline ?? signal.expected) * 10) / 10,
  });
  const others = (signal.burstWords ?? []).filter((word) => word !== key);
  return others.length ? `${text} — ${t('crisis.burstWords', { words: others.join(', ') })}` : text;
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

/**
 * Rows are kept by id between renders, so a statement or update being typed survives the live
 * events that arrive meanwhile; only the counts' text is refreshed.
 */
const rows = new Map();

function render() {
  const banner = $('#crisis-banner');
  const waiting = decides() ? latest.signals.filter((s) => s.status === 'new' && s.endedAt === null) : [...heard.values()];
  const open = decides() ? latest.incidents.filter((i) => i.status === 'open') : [];
  // Keyed by language too: a row drawn before the staff member switched language is drawn anew.
  const lang = document.documentElement.lang;
  const wanted = [...waiting.map((s) => [`${lang}|signal:${s.id}`, s, signalRow]), ...open.map((i) => [`${lang}|incident:${i.id}`, i, incidentRow])];
  const keep = new Set(wanted.map(([key]) => key));
  for (const key of rows.keys()) if (!keep.has(key)) rows.delete(key);
  banner.replaceChildren(
    ...wanted.map(([key, item, build]) => {
      const row = rows.get(key) ?? build(item);
      rows.set(key, row);
      const text = row.querySelector('.crisis-text');
      if (text) text.textContent = key.includes('|signal:') ? bannerText(item, latest.windowMinutes) : t('crisis.incidentOpen', { title: item.title });
      return row;
    }),
  );
  banner.hidden = wanted.length === 0;
}

function signalRow(signal) {
  const row = el('div', { class: 'crisis-signal', 'data-signal': signal.id }, el('strong', { class: 'crisis-text' }));
  if (!decides()) {
    const close = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.dismiss'), title: t('crisis.supervisorsDecide') });
    close.addEventListener('click', () => {
      heard.delete(signal.id);
      render();
    });
    row.append(el('span', { class: 'small', text: t('crisis.supervisorsDecide') }), close);
    return row;
  }
  const [zh, en] = bilingualFields('statement');
  const confirm = el('button', { class: 'btn btn-primary', type: 'button', text: t('crisis.confirm'), 'data-action': 'confirm' });
  const dismiss = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.dismiss'), 'data-action': 'dismiss' });
  confirm.addEventListener('click', () => void decide(signal, 'confirm', { zh: zh.value.trim(), en: en.value.trim() }));
  dismiss.addEventListener('click', () => void decide(signal, 'dismiss'));
  row.append(zh, en, el('div', { class: 'crisis-actions' }, confirm, dismiss));
  return row;
}

/** Two text areas for a text the customers get in their language: the holding statement or the closing update. */
function bilingualFields(what) {
  return ['zh', 'en'].map((lang) => {
    const label = t(`crisis.${what}${lang === 'zh' ? 'Zh' : 'En'}`);
    return el('textarea', { class: 'crisis-statement', rows: 2, 'aria-label': label, placeholder: label, 'data-lang': lang, 'data-field': what });
  });
}

/** An open incident: its report on request, and the close (with an update for the customers told, if wanted). */
function incidentRow(incident) {
  const row = el('div', { class: 'crisis-incident', 'data-incident': incident.id }, el('strong', { class: 'crisis-text' }));
  const report = el('div', { class: 'crisis-report', hidden: true, 'aria-live': 'polite' });
  const showReport = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.report'), 'data-action': 'report', 'aria-expanded': 'false' });
  showReport.addEventListener('click', () => void toggleReport(incident, report, showReport));
  const form = el('div', { class: 'crisis-close', hidden: true });
  const openClose = el('button', { class: 'btn btn-ghost', type: 'button', text: t('crisis.closeIncident'), 'data-action': 'close-open', 'aria-expanded': 'false' });
  openClose.addEventListener('click', () => {
    form.hidden = !form.hidden;
    openClose.setAttribute('aria-expanded', String(!form.hidden));
  });
  const [zh, en] = bilingualFields('update');
  const notify = el('input', { type: 'checkbox', 'data-field': 'notify' });
  const close = el('button', { class: 'btn btn-primary', type: 'button', text: t('crisis.closeConfirm'), 'data-action': 'close' });
  close.addEventListener('click', () => void closeIncident(incident, { zh: zh.value.trim(), en: en.value.trim() }, notify.checked));
  form.append(zh, en, el('label', { class: 'crisis-notify' }, notify, el('span', { text: t('crisis.notifyCustomers') })), el('div', { class: 'crisis-actions' }, close));
  row.append(el('div', { class: 'crisis-actions' }, showReport, openClose), form, report);
  return row;
}

async function toggleReport(incident, report, button) {
  if (!report.hidden) {
    report.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  try {
    const body = await api('GET', `/api/staff/crises/incidents/${encodeURIComponent(incident.id)}/report`);
    report.replaceChildren(
      el('p', { text: t('crisis.reportCounts', body.counts) }),
      el('ol', { class: 'crisis-timeline' }, ...body.timeline.map((entry) => el('li', { text: timelineText(entry) }))),
    );
    report.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  } catch (error) {
    toast(error.message);
  }
}

function timelineText(entry) {
  const when = new Date(entry.at).toLocaleString(document.documentElement.lang || undefined);
  const by = entry.by ? t('crisis.timelineBy', { name: entry.by.name }) : '';
  return `${when} — ${t(`crisis.event.${entry.event}`)}${by}`;
}

async function closeIncident(incident, update, notifyCustomers) {
  const written = Boolean(update.zh || update.en);
  if ((notifyCustomers || written) && (!update.zh || !update.en)) {
    toast(t('crisis.updateMissing'));
    return;
  }
  try {
    const body = await api('POST', `/api/staff/crises/incidents/${encodeURIComponent(incident.id)}/close`, { notifyCustomers, ...(written ? { update } : {}) });
    toast(t('crisis.closed', { n: body.incident.updatesPlanned }));
  } catch (error) {
    toast(error.message);
  }
  await refreshCrisisBanner();
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
