// The web chat as a channel among the others: its routes are part of the HTTP server, and a
// message reaches the customer by being stored — their page shows it live over the event stream,
// or from the history when they come back — so sending has nothing left to do.

import type { Config } from '../../config.ts';
import type { Channel } from '../channel.ts';
import { SENT } from '../outbound-port.ts';

export const WEBCHAT = 'webchat';

export function webchatChannel(config: Pick<Config, 'FOLLOWUP_RATE_WEBCHAT'>): Channel {
  return {
    name: WEBCHAT,
    outbound: {
      deliversOnRecord: true,
      send: async () => SENT,
      limits: () => [{ key: WEBCHAT, perSecond: config.FOLLOWUP_RATE_WEBCHAT }],
    },
    start: async () => {},
    stop: async () => {},
  };
}
