/* global window, Notification, AudioContext, setTimeout, clearTimeout */
// Telling staff something happened: a toast, a short beep and a desktop notification for a new
// escalation.

import { $ } from './dom.js';
import { state } from './console-state.js';
import { channelLabel, reasonLabel, t } from './wording.js';

/** Alerts for conversations that joined the queue since the last look; a click on one opens it. */
export function noticeNewEscalations(queued, open) {
  const ids = new Set(queued.map((item) => item.id));
  const known = state.knownQueued;
  state.knownQueued = ids;
  if (!known) return; // The first load is not news.
  for (const item of queued) if (!known.has(item.id)) alertEscalation(item, open);
}

function alertEscalation(item, open) {
  const name = item.customer.name || t('anonymous');
  toast(t('newEscalation', { name, reason: reasonLabel(item.queueReason) }));
  beep();
  if ('Notification' in window && Notification.permission === 'granted') {
    const note = new Notification(t('notifyTitle', { reason: reasonLabel(item.queueReason) }), { body: t('notifyBody', { name, channel: channelLabel(item.channel) }), tag: item.id });
    note.addEventListener('click', () => {
      window.focus();
      open(item.id);
    });
  }
}

/** Browsers allow sound and the notification prompt only after the person did something. */
export function unlockAlerts() {
  if (!state.audio && typeof AudioContext === 'function') state.audio = new AudioContext();
  if (state.audio?.state === 'suspended') void state.audio.resume();
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

function beep() {
  const audio = state.audio;
  if (!audio || audio.state !== 'running') return;
  const now = audio.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.16, 1320]]) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, now + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.14);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + offset);
    osc.stop(now + offset + 0.15);
  }
}

let toastTimer = 0;
export function toast(text) {
  const node = $('#toast');
  node.textContent = text;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 6000);
}
