// @ts-check
// The range the figures shown are of, as the API applied it, in words: the first and last day in
// the staff's time zone, and the channel and language when one was chosen.

import { language, t } from '../../../assets/kit/i18n.js';
import { channelLabel, languageLabel } from '../../console-labels.js';
import { zonedDay } from '../../insights-filters.js';
import { formatDay } from '../../insights-format.js';

/** @param {import('../../../../insights/insights-schema.ts').Insights['range']} range `to` is exclusive */
export function rangeText(range) {
  const lang = language();
  const firstDay = zonedDay(new Date(range.from), range.timeZone);
  const lastDay = zonedDay(new Date(Date.parse(range.to) - 1), range.timeZone);
  const parts = [t('insights.range', { from: formatDay(firstDay, lang), to: formatDay(lastDay, lang), zone: range.timeZone })];
  if (range.channel) parts.push(channelLabel(range.channel));
  if (range.language) parts.push(languageLabel(range.language));
  return parts.join(' · ');
}
