// A time of day the customer asks to be called back at ("call me back at 10 tonight", "tomorrow at
// 9am", "今晚10点", "明天上午九点半"), as an instant in their time zone: today's if it is still ahead,
// else tomorrow's. Only clock times count; "later" or "soon" are no time.

import { instantAt, wallClock } from '../zoned-time.ts';

const EN = /\b(?:at|around|about|after|by|for)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'?clock)?(?![\d:])/i;
const EN_DAY = /\b(tomorrow|tonight|this evening|in the evening|this afternoon|in the afternoon|this morning|in the morning)\b/i;
const ZH = /(今天|明天|今晚|明晚|今早|明早)?\s*(早上|上午|中午|下午|傍晚|晚上)?\s*([0-9]{1,2}|[零一二两三四五六七八九十]{1,3})\s*[点點时時](半|([0-9]{1,2}|[零一二三四五六七八九十]{1,3})分?)?/;
const ZH_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** The instant the customer asked for, or undefined when the text names no clock time. */
export function requestedTime(text: string, now: Date, timeZone: string): Date | undefined {
  const wanted = readEnglish(text) ?? readChinese(text);
  if (!wanted) return undefined;
  const today = wallClock(now, timeZone);
  let at = instantAt(today.year, today.month, today.day + wanted.dayOffset, wanted.minuteOfDay, timeZone);
  if (wanted.dayOffset === 0 && at <= now) at = instantAt(today.year, today.month, today.day + 1, wanted.minuteOfDay, timeZone);
  return at;
}

interface WantedTime {
  dayOffset: number;
  minuteOfDay: number;
}

function readEnglish(text: string): WantedTime | undefined {
  const match = EN.exec(text);
  if (!match) return undefined;
  const minute = Number(match[2] ?? 0);
  let hour = Number(match[1]);
  const suffix = (match[3] ?? '').toLowerCase().replace(/\./g, '');
  const day = (EN_DAY.exec(text)?.[1] ?? '').toLowerCase();
  // A bare number after "at" is a time only with am/pm, o'clock, minutes or a part of the day beside it.
  if (!match[2] && !suffix && !day) return undefined;
  if (hour > 23 || minute > 59) return undefined;
  const evening = suffix === 'pm' || (!suffix && /tonight|evening|afternoon/.test(day));
  if (evening && hour < 12) hour += 12;
  if (suffix === 'am' && hour === 12) hour = 0;
  return { dayOffset: day === 'tomorrow' ? 1 : 0, minuteOfDay: hour * 60 + minute };
}

function readChinese(text: string): WantedTime | undefined {
  const match = ZH.exec(text);
  if (!match) return undefined;
  const [, day = '', part = '', hourText = '', half, minuteText] = match;
  let hour = chineseNumber(hourText);
  const minute = half === '半' ? 30 : minuteText ? chineseNumber(minuteText) : 0;
  if (hour === undefined || minute === undefined || hour > 23 || minute > 59) return undefined;
  const afternoon = /下午|傍晚|晚上/.test(part) || /今晚|明晚/.test(day);
  if (afternoon && hour < 12) hour += 12;
  if (part === '中午' && hour < 6) hour += 12;
  return { dayOffset: day.startsWith('明') ? 1 : 0, minuteOfDay: hour * 60 + minute };
}

/** 0–59 in digits or Chinese numerals (十, 十二, 二十, 二十五). */
function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const [tens, ones] = text.includes('十') ? text.split('十') : ['', text];
  const tensValue = text.includes('十') ? (tens ? ZH_DIGITS[tens] : 1) : 0;
  const onesValue = ones ? ZH_DIGITS[ones] : 0;
  if (tensValue === undefined || onesValue === undefined || (ones && ones.length > 1)) return undefined;
  return tensValue * 10 + onesValue;
}
