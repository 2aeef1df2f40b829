// @ts-check
// The crisis banner (seed 002, crisis: 确认): a burst of complaints the detector found, shown in
// every open console as the live event arrives. Supervisors and admins confirm a signal as an
// incident, with the holding statement the bot tells matching customers, or dismiss it; agents see
// the news without the buttons. Open incidents stay for supervisors with their report and the
// close (seed 002: 解决), which can send the customers told the statement an update. Rows are keyed
// and their text fields uncontrolled, so what is being typed survives the live events meanwhile.

import { html, useRef, useState } from '../vendor/preact-htm.js';
import { api } from '../../assets/kit/api.js';
import { locale, t } from '../../assets/kit/i18n.js';
import { bannerItems, closeIncident, decideSignal, forgetSignal } from '../state/crisis.js';
import { isSupervisor } from '../state/console-store.js';
import { showToast } from '../state/toast.js';

/** @param {number} minutes */
function windowText(minutes) {
  return minutes === 60 ? t('crisis.window.hour') : t('crisis.window.minutes', { n: minutes });
}

/**
 * The banner's sentence for one signal: what, how many in what window, how many usual, and the
 * burst's other words.
 * @param {any} signal
 * @param {number} windowMinutes
 */
export function bannerText(signal, windowMinutes) {
  const key = signal[signal.dimension] ?? signal.key;
  const text = t('crisis.banner', {
    topic: t(`crisis.topic.${signal.dimension}`, { key }),
    count: signal.count,
    window: windowText(windowMinutes),
    expected: Math.round((signal.baseline ?? signal.expected) * 10) / 10,
  });
  const others = (signal.burstWords ?? []).filter((/** @type {string} */ word) => word !== key);
  return others.length ? `${text} — ${t('crisis.burstWords', { words: others.join(', ') })}` : text;
}

/** @param {{ state: import('../state/console-store.js').ConsoleState }} props */
export function CrisisBanner({ state }) {
  const { signals, incidents } = bannerItems();
  const decides = isSupervisor();
  const shown = signals.length + incidents.length > 0;
  return html`
    <section id="crisis-banner" class="crisis-banner" role="alert" aria-label=${t('crisis.region')} hidden=${!shown}>
      ${signals.map((signal) => html`<${SignalRow} key=${`signal:${signal.id}`} signal=${signal} windowMinutes=${state.crisis.windowMinutes} decides=${decides} />`)}
      ${incidents.map((incident) => html`<${IncidentRow} key=${`incident:${incident.id}`} incident=${incident} />`)}
    </section>
  `;
}

/** Two text areas for a text customers get in their language: the holding statement or the closing update. */
function BilingualFields(/** @type {{ what: 'statement' | 'update', zh: any, en: any }} */ { what, zh, en }) {
  return [
    ['zh', zh],
    ['en', en],
  ].map(([lang, ref]) => {
    const label = t(`crisis.${what}${lang === 'zh' ? 'Zh' : 'En'}`);
    return html`<textarea class="crisis-statement" rows="2" aria-label=${label} placeholder=${label} data-lang=${lang} data-field=${what} ref=${ref}></textarea>`;
  });
}

/** @param {{ signal: any, windowMinutes: number, decides: boolean }} props */
function SignalRow({ signal, windowMinutes, decides }) {
  const zh = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const en = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const text = html`<strong class="crisis-text">${bannerText(signal, windowMinutes)}</strong>`;
  if (!decides) {
    return html`<div class="crisis-signal" data-signal=${signal.id}>
      ${text}<span class="small">${t('crisis.supervisorsDecide')}</span>
      <button class="btn btn-ghost" type="button" title=${t('crisis.supervisorsDecide')} onClick=${() => forgetSignal(signal.id)}>${t('crisis.dismiss')}</button>
    </div>`;
  }
  const statement = () => ({ zh: zh.current?.value.trim() ?? '', en: en.current?.value.trim() ?? '' });
  return html`<div class="crisis-signal" data-signal=${signal.id}>
    ${text}
    <${BilingualFields} what="statement" zh=${zh} en=${en} />
    <div class="crisis-actions">
      <button class="btn btn-primary" type="button" data-action="confirm" onClick=${() => void decideSignal(signal, 'confirm', statement())}>${t('crisis.confirm')}</button>
      <button class="btn btn-ghost" type="button" data-action="dismiss" onClick=${() => void decideSignal(signal, 'dismiss')}>${t('crisis.dismiss')}</button>
    </div>
  </div>`;
}

/** An open incident: its report on request, and the close (with an update for the customers told, if wanted). */
function IncidentRow(/** @type {{ incident: any }} */ { incident }) {
  const [report, setReport] = useState(/** @type {any} */ (null));
  const [closing, setClosing] = useState(false);
  const zh = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const en = useRef(/** @type {HTMLTextAreaElement | null} */ (null));
  const notify = useRef(/** @type {HTMLInputElement | null} */ (null));

  async function toggleReport() {
    if (report) {
      setReport(null);
      return;
    }
    try {
      setReport(await api('GET', `/api/staff/crises/incidents/${encodeURIComponent(incident.id)}/report`));
    } catch (error) {
      showToast(/** @type {Error} */ (error).message);
    }
  }

  /** @param {{ at: string, event: string, by?: { name: string } }} entry */
  const timelineText = (entry) => {
    const by = entry.by ? t('crisis.timelineBy', { name: entry.by.name }) : '';
    return `${new Date(entry.at).toLocaleString(locale())} — ${t(`crisis.event.${entry.event}`)}${by}`;
  };

  const close = () => closeIncident(incident, { zh: zh.current?.value.trim() ?? '', en: en.current?.value.trim() ?? '' }, notify.current?.checked ?? false);
  return html`<div class="crisis-incident" data-incident=${incident.id}>
    <strong class="crisis-text">${t('crisis.incidentOpen', { title: incident.title })}</strong>
    <div class="crisis-actions">
      <button class="btn btn-ghost" type="button" data-action="report" aria-expanded=${String(Boolean(report))} onClick=${() => void toggleReport()}>${t('crisis.report')}</button>
      <button class="btn btn-ghost" type="button" data-action="close-open" aria-expanded=${String(closing)} onClick=${() => setClosing(!closing)}>${t('crisis.closeIncident')}</button>
    </div>
    <div class="crisis-close" hidden=${!closing}>
      <${BilingualFields} what="update" zh=${zh} en=${en} />
      <label class="crisis-notify"><input type="checkbox" data-field="notify" ref=${notify} /><span>${t('crisis.notifyCustomers')}</span></label>
      <div class="crisis-actions"><button class="btn btn-primary" type="button" data-action="close" onClick=${() => void close()}>${t('crisis.closeConfirm')}</button></div>
    </div>
    <div class="crisis-report" hidden=${!report} aria-live="polite">
      ${
        report &&
        html`<p>${t('crisis.reportCounts', report.counts)}</p>
        <ol class="crisis-timeline">${report.timeline.map((/** @type {any} */ entry) => html`<li>${timelineText(entry)}</li>`)}</ol>`
      }
    </div>
  </div>`;
}
