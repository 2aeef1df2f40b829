// The Microsoft 365 Agents SDK channel (@microsoft/agents-hosting, botbuilder's successor): the same
// Azure Bot and the same activities as the Bot Framework channel, behind POST /api/agents/messages,
// with its own outbound port for messages the bot starts itself. Always created; without
// MicrosoftAppId the endpoint answers 401 unless BOTFRAMEWORK_ALLOW_ANONYMOUS opens it for a local
// Bot Framework Emulator.

import type { Channel, ChannelContext } from '../channel.ts';
import { botFrameworkMode } from '../botframework/botframework-mode.ts';
import { botFrameworkOutbound } from '../botframework/botframework-outbound.ts';
import { unusableCredentials } from './agents-auth.ts';
import { AGENTS_ROUTE, registerAgentsRoute } from './agents-route.ts';
import type { LoadedAgents } from './agents-runtime.ts';
import { AGENTS_CHANNEL } from './channel-name.ts';

export interface AgentsChannel extends Channel {
  readonly name: typeof AGENTS_CHANNEL;
}

export function createAgentsChannel(ctx: ChannelContext): AgentsChannel {
  const logger = ctx.logger.child({ channel: AGENTS_CHANNEL });
  let loaded: Promise<LoadedAgents> | undefined;
  const runtime = () => (loaded ??= import('./agents-runtime.ts').then((m) => m.createAgentsRuntime(ctx, logger)));
  const mode = botFrameworkMode(ctx.config);
  registerAgentsRoute(ctx.server, { runtime, mode, ratePerMinute: ctx.config.BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE, logger });
  if (mode === 'anonymous') {
    logger.warn(
      `BOTFRAMEWORK_ALLOW_ANONYMOUS is on: POST ${AGENTS_ROUTE} accepts unauthenticated activities and answers only loopback serviceUrls (for the Bot Framework Emulator; never in production)`,
    );
  } else if (mode === 'closed') {
    logger.info(`Bot Framework is not configured (no MicrosoftAppId): POST ${AGENTS_ROUTE} answers 401`);
  }
  const unusable = unusableCredentials(ctx.config);
  if (unusable) logger.error(`${unusable}: it answers 500 and sends nothing until then`);
  if (mode === 'authenticated' && ctx.config.BotOpenIdMetadata) {
    logger.warn(`BotOpenIdMetadata applies to /api/messages only; ${AGENTS_ROUTE} takes Bot Framework keys from the SDK's defaults and Entra keys from AGENTS_AUTHORITY_ENDPOINT`);
  }
  return {
    name: AGENTS_CHANNEL,
    // Push-based: channels call POST /api/agents/messages, so there is nothing to start or stop.
    start: async () => {},
    stop: async () => {},
    outbound: botFrameworkOutbound(async () => (await runtime()).sender, ctx.config),
  };
}
