// @ts-check
// Telling staff a conversation joined the queue: a toast, a short beep and a desktop notification
// (a click on it opens the conversation). The first look at the queue is not news.

import { t } from '../../assets/kit/i18n.js';
import { channelLabel, reasonLabel } from '../console-labels.js';
import { showToast } from './toast.js';

/** @type {Set<string> | null} */
let known = null;
/** @type {AudioContext | null} */
let audio = null;
/** @type {(id: string) => void} */
let openFromNotification = () => {};

/**
 * What a click on a desktop notification does (opens that conversation); set once at start.
 * @param {(id: string) => void} open
 */
export function onNotificationClick(open) {
  openFromNotification = open;
}

/**
 * The queued conversations not in `known` (all of them are old news when nothing was known yet).
 * @template {{ id: string }} T
 * @param {Set<string> | null} knownIds
 * @param {T[]} queued
 * @returns {T[]}
 */
export function newlyQueued(knownIds, queued) {
  return knownIds ? queued.filter((item) => !knownIds.has(item.id)) : [];
}

/** After signing out, the next queue is a first look again. */
export function forgetKnownQueue() {
  known = null;
}

/**
 * Alerts for conversations that joined the queue since the last look.
 * @param {any[]} queued
 */
export function noticeNewEscalations(queued) {
  const fresh = newlyQueued(known, queued);
  known = new Set(queued.map((item) => item.id));
  for (const item of fresh) alertEscalation(item);
}

/** @param {any} item */
function alertEscalation(item) {
  const name = item.customer.name || t('anonymous');
  showToast(t('newEscalation', { name, reason: reasonLabel(item.queueReason) }));
  beep();
  if ('Notification' in window && Notification.permission === 'granted') {
    const note = new Notification(t('notifyTitle', { reason: reasonLabel(item.queueReason) }), { body: t('notifyBody', { name, channel: channelLabel(item.channel) }), tag: item.id });
    note.addEventListener('click', () => {
      window.focus();
      openFromNotification(item.id);
    });
  }
}

/** Browsers allow sound and the notification prompt only after the person did something. */
export function unlockAlerts() {
  if (!audio && typeof AudioContext === 'function') audio = new AudioContext();
  if (audio?.state === 'suspended') void audio.resume();
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined);
}

function beep() {
  if (!audio || audio.state !== 'running') return;
  const now = audio.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.16, 1320],
  ]) {
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
