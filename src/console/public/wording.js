// The console's wording in the staff member's language (prompts/console-ui.json), and times and
// durations as they read them.

import { state } from './console-state.js';

export function t(key, vars = {}) {
  const table = state.strings[state.lang] ?? {};
  const text = table[key] ?? state.strings.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

export function reasonLabel(reason) {
  const key = `reason.${reason ?? 'unknown'}`;
  return key in state.strings.en ? t(key) : t('reason.unknown');
}

export function channelLabel(channel) {
  const key = `channel.${channel}`;
  return key in state.strings.en ? t(key) : channel;
}

export function languageLabel(language) {
  const key = `language.${language}`;
  return key in state.strings.en ? t(key) : language;
}

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 5) return t('justNow');
  if (s < 60) return t('seconds', { n: s });
  if (s < 3600) return t('minutes', { m: Math.floor(s / 60), s: s % 60 });
  return t('hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

export function formatTime(iso) {
  const date = new Date(iso);
  const sameDay = date.toDateString() === new Date().toDateString();
  const locale = state.lang === 'zh' ? 'zh-CN' : 'en-GB';
  return sameDay ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) : date.toLocaleString(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
