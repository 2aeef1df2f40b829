// The staff hours as the customer reads them: "9:00–21:00 China time" / "北京时间9:00–21:00".

import type { Turn } from './context.ts';
import type { StaffHours } from '../staff-hours.ts';

const DEFAULT_HOURS: StaffHours = { openMinute: 9 * 60, closeMinute: 21 * 60, days: new Set([1, 2, 3, 4, 5, 6, 7]), timeZone: 'Asia/Shanghai' };

export function describeStaffHours(turn: Turn): string {
  // Without settings (unit tests of the flow), the service's defaults: 09:00–21:00 every day in Shanghai.
  const hours: StaffHours = turn.deps.staffHours ?? DEFAULT_HOURS;
  // A zone's name in words where prompts/replies.yaml has one (zone.Asia/Shanghai), else its IANA id.
  const zone = turn.deps.phrases.has(`zone.${hours.timeZone}`, turn.language) ? turn.t(`zone.${hours.timeZone}`) : hours.timeZone;
  if (hours.openMinute === 0 && hours.closeMinute === 1440) return turn.t('hours.always');
  const span = `${clock(hours.openMinute)}–${clock(hours.closeMinute)}`;
  return turn.t('hours.span', { span, zone });
}

function clock(minute: number): string {
  return `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;
}
