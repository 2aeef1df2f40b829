// What the console's routes use, assembled by the composition root.

import type { Phrasebook } from '../domain/phrasebook.ts';
import type { OutboundDelivery } from '../conversation/outbound-delivery.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { StaffSessions } from './auth/staff-sessions.ts';
import type { ConsoleStore, StaffStore } from './ports.ts';

export interface ConsoleServices {
  staff: StaffStore;
  store: ConsoleStore;
  sessions: StaffSessions;
  loginLimiter: LoginLimiter;
  delivery: OutboundDelivery;
  phrases: Phrasebook;
  clock: () => Date;
}
