// What the web chat routes use besides the engine and the conversation store, assembled by the composition root.

import type { EventTickets, WebchatSessionStore, WindowCounter } from './webchat-ports.ts';

export interface WebchatServices {
  sessions: WebchatSessionStore;
  tickets: EventTickets;
  /** New sessions per client network, in windows of an hour. */
  sessionStarts: WindowCounter;
  /** WEBCHAT_SESSIONS_PER_IP_PER_HOUR */
  sessionStartsPerHour: number;
  /** WEBCHAT_SESSION_TTL_DAYS in ms: a token unused this long stops working. */
  sessionTtlMs: number;
  clock: () => Date;
}
