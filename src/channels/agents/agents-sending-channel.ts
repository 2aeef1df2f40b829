// The Agents SDK channel as a process that only writes to customers sees it (`npm run worker`): its
// outbound port, with the SDK loaded on the first send.

import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { IdentityStore } from '../../conversation/ports.ts';
import { botFrameworkOutbound } from '../botframework/botframework-outbound.ts';
import type { Channel } from '../channel.ts';
import type { AgentsProactiveSender } from './agents-proactive-sender.ts';
import { AGENTS_CHANNEL } from './channel-name.ts';

export interface AgentsSenderDeps {
  config: Config;
  identities: IdentityStore;
  logger: Logger;
}

export function agentsSendingChannel({ config, identities, logger }: AgentsSenderDeps): Channel {
  let loaded: Promise<AgentsProactiveSender> | undefined;
  const sender = () =>
    (loaded ??= Promise.all([import('./agents-adapter.ts'), import('./agents-proactive-sender.ts')]).then(
      ([{ createAgentsAdapter }, { AgentsProactiveSender }]) =>
        new AgentsProactiveSender(createAgentsAdapter(config), config.MicrosoftAppId ?? '', identities, logger.child({ channel: AGENTS_CHANNEL })),
    ));
  return { name: AGENTS_CHANNEL, outbound: botFrameworkOutbound(sender, config), start: async () => {}, stop: async () => {} };
}
