// A time of day the customer asks to be called back at ("call me back at 10 tonight", "tomorrow at
// 9am", "今晚10点", "明天上午九点半"), as an instant in their time zone: today's if it is still ahead,
// else tomorrow's. Only clock times count; "later", "soon" or "快一点" are no time.

import { instantAt, wallClock } from '../zoned-time.ts';

const EN =
  /\b(?:at|around|about|after|by|for)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?|o'?clock)?(?![\d:])(?!\s*(?:min|hour|hr|day|week|month|year|time|people|person|item|piece|percent|%))/gi;
const EN_TOMORROW = /\btomorrow\b/i;
const EN_PART = /\b(?:this|tomorrow|in the)\s+(morning|afternoon|evening)\b|\b(tonight)\b|\b(?:at|tomorrow)\s+(night)\b/i;
const ZH_DAYS: Record<string, number> = { 今天: 0, 今早: 0, 今晚: 0, 今夜: 0, 明天: 1, 明早: 1, 明晚: 1, 后天: 2 };
const ZH_NUMBER = '[零一二两三四五六七八九十]{1,3}';
// Day word, part of the day, hour, 点/时, then 钟, 半, 一刻/三刻 or minutes (十 and up, 零五, 05, or any with 分).
const ZH = new RegExp(
  `(${Object.keys(ZH_DAYS).join('|')})?\\s*(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|半夜)?\\s*(?<!\\d)(\\d{1,2}|${ZH_NUMBER})\\s*[点點时時]` +
    `(?:(钟|鐘)|(半)|([一三])刻|(\\d{1,2}|${ZH_NUMBER})\\s*(分)?)?`,
  'g',
);
const ZH_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** "晚上1点", "tonight at 2": up to this hour, a night word means after midnight. */
const LAST_HOUR_AFTER_MIDNIGHT = 4;
/** A bare hour on a later day ("明天3点", "tomorrow at 3") up to this hour is in the afternoon: nobody asks for a call at 3 a.m. */
const LAST_AFTERNOON_HOUR = 6;

/** The instant the customer asked for, or undefined when the text names no clock time. */
export function requestedTime(text: string, now: Date, timeZone: string): Date | undefined {
  const wanted = readEnglish(text) ?? readChinese(text);
  if (!wanted) return undefined;
  const today = wallClock(now, timeZone);
  const on = (dayOffset: number, minuteOfDay: number) => instantAt(today.year, today.month, today.day + dayOffset, minuteOfDay, timeZone);
  if ('bareHour' in wanted) {
    // "3点", "at 3 o'clock" today: whichever of 3:00 and 15:00 comes next.
    const morning = (wanted.bareHour % 12) * 60 + wanted.minute;
    if (wanted.dayOffset > 0) return on(wanted.dayOffset, wanted.bareHour <= LAST_AFTERNOON_HOUR ? morning + 12 * 60 : morning);
    return [on(0, morning), on(0, morning + 12 * 60), on(1, morning)].find((at) => at > now);
  }
  const at = on(wanted.dayOffset, wanted.minuteOfDay);
  return wanted.dayOffset === 0 && at <= now ? on(1, wanted.minuteOfDay) : at;
}

/** A clock time read whole (minuteOfDay may pass 24:00: "tonight at 12" is the next day's 00:00), or an hour with no am/pm. */
type WantedTime = { dayOffset: number; minuteOfDay: number } | { dayOffset: number; bareHour: number; minute: number };
type PartOfDay = 'am' | 'pm' | 'night' | undefined;

function readEnglish(text: string): WantedTime | undefined {
  const dayOffset = EN_TOMORROW.test(text) ? 1 : 0;
  const partMatch = EN_PART.exec(text);
  const partWord = (partMatch?.[1] ?? partMatch?.[2] ?? partMatch?.[3] ?? '').toLowerCase();
  const part: PartOfDay = partWord === 'morning' ? 'am' : partWord === 'afternoon' ? 'pm' : partWord ? 'night' : undefined;
  for (const match of text.matchAll(EN)) {
    const minute = Number(match[2] ?? 0);
    const hour = Number(match[1]);
    const suffix = (match[3] ?? '').toLowerCase().replace(/\./g, '');
    // A bare number after "at" is a time only with am/pm, o'clock, minutes or a day or part of the day beside it.
    if (!match[2] && !suffix && !part && !dayOffset) continue;
    if (hour > 23 || minute > 59) continue;
    if (suffix === 'am' || suffix === 'pm') {
      if (hour > 12) continue;
      return { dayOffset, minuteOfDay: ((hour % 12) + (suffix === 'pm' ? 12 : 0)) * 60 + minute };
    }
    return clockTime(dayOffset, part, hour, minute);
  }
  return undefined;
}

function readChinese(text: string): WantedTime | undefined {
  for (const match of text.matchAll(ZH)) {
    const [, day = '', partWord = '', hourText = '', oClock, half, quarters, minuteText, fen] = match;
    const hour = chineseNumber(hourText);
    // Minutes without 分 only when they cannot be a second "一点" ("一点一点"): 十 and up, or written 零五 / 05.
    const minutes = minuteText && (fen || /十|^零|^\d\d$/.test(minuteText)) ? chineseNumber(minuteText) : 0;
    const minute = half ? 30 : quarters ? (quarters === '一' ? 15 : 45) : minutes;
    // "快一点", "有一点急": a numeral and 点 alone is "a bit"; a time needs a day, a part of the day, 钟, 半, a quarter or minutes beside it.
    const context = day || partWord || oClock || half || quarters || (minuteText && minute) || fen;
    if (!context && !/^\d+$/.test(hourText)) continue;
    if (hour === undefined || minute === undefined || hour > 23 || minute > 59) continue;
    // 中午 is noon: "中午12点" as written, "中午1点" 13:00.
    const part: PartOfDay =
      partWord === '中午'
        ? hour !== undefined && hour < 6
          ? 'pm'
          : 'am'
        : partWord === '凌晨' || /早/.test(partWord) || partWord === '上午' || day.endsWith('早')
          ? 'am'
          : /下午|傍晚/.test(partWord)
            ? 'pm'
            : /晚上|夜里|半夜/.test(partWord) || /晚|夜/.test(day)
              ? 'night'
              : undefined;
    return clockTime(ZH_DAYS[day] ?? 0, part, hour, minute);
  }
  return undefined;
}

/** An hour and minute read against the part of the day named (or none: then 1–12 is a bare hour). */
function clockTime(dayOffset: number, part: PartOfDay, hour: number, minute: number): WantedTime {
  if (hour === 0 || hour > 12) return { dayOffset, minuteOfDay: hour * 60 + minute };
  // Morning words take the hour as written ("上午12点", "中午12点" are noon).
  if (part === 'am') return { dayOffset, minuteOfDay: hour * 60 + minute };
  if (part === 'pm') return { dayOffset, minuteOfDay: ((hour % 12) + 12) * 60 + minute };
  // "今晚12点", "tonight at 12", "晚上1点": midnight and the small hours after it belong to the next day.
  if (part === 'night') return { dayOffset, minuteOfDay: (hour === 12 || hour <= LAST_HOUR_AFTER_MIDNIGHT ? (hour % 12) + 24 : hour + 12) * 60 + minute };
  return { dayOffset, bareHour: hour, minute };
}

/** 0–59 in digits or Chinese numerals (十, 十二, 二十, 二十五, 零五). */
function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const plain = text.replace(/^零/, '');
  const [tens, ones] = plain.includes('十') ? plain.split('十') : ['', plain];
  const tensValue = plain.includes('十') ? (tens ? ZH_DIGITS[tens] : 1) : 0;
  const onesValue = ones ? ZH_DIGITS[ones] : 0;
  if (!plain || tensValue === undefined || onesValue === undefined || (ones && ones.length > 1)) return undefined;
  return tensValue * 10 + onesValue;
}
