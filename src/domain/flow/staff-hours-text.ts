// The staff hours as the customer reads them: "9:00–21:00 China time" / "北京时间9:00–21:00".

import type { Turn } from './context.ts';
import type { StaffHours } from '../staff-hours.ts';

const ZONE_NAMES: Record<string, { zh: string; en: string }> = {
  'Asia/Shanghai': { zh: '北京时间', en: 'China time' },
  'Asia/Hong_Kong': { zh: '香港时间', en: 'Hong Kong time' },
  'Asia/Taipei': { zh: '台北时间', en: 'Taipei time' },
  'Asia/Singapore': { zh: '新加坡时间', en: 'Singapore time' },
  UTC: { zh: 'UTC', en: 'UTC' },
};

export function describeStaffHours(turn: Turn): string {
  const hours: StaffHours = turn.deps.staffHours ?? { openMinute: 9 * 60, closeMinute: 21 * 60, days: new Set([1, 2, 3, 4, 5, 6, 7]), timeZone: 'Asia/Shanghai' };
  const zone = ZONE_NAMES[hours.timeZone]?.[turn.language] ?? hours.timeZone;
  if (hours.openMinute === 0 && hours.closeMinute === 1440) return turn.t('hours.always');
  const span = `${clock(hours.openMinute)}–${clock(hours.closeMinute)}`;
  return turn.t('hours.span', { span, zone });
}

function clock(minute: number): string {
  return `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
}
