// The Microsoft Bot Framework channel (Teams, Web Chat, Direct Line …): a CloudAdapter behind
// POST /api/messages, the bot's turn logic, and its outbound port for messages the bot starts itself.
// Always created; without MicrosoftAppId the endpoint answers 401 unless BOTFRAMEWORK_ALLOW_ANONYMOUS
// opens it for a local Bot Framework Emulator.

import type { Channel, ChannelContext } from '../channel.ts';
import { CHANNEL } from './activity-to-inbound.ts';
import { botFrameworkMode } from './botframework-mode.ts';
import type { LoadedBotFramework } from './botframework-runtime.ts';
import { registerMessagesRoute } from './messages-route.ts';
import { botFrameworkOutbound } from './botframework-outbound.ts';

export type { OutgoingMessage } from './reply-activities.ts';
export { BotFrameworkDeliveryError } from './delivery-error.ts';

export interface BotFrameworkChannel extends Channel {
  readonly name: typeof CHANNEL;
}

export async function createBotFrameworkChannel(ctx: ChannelContext): Promise<BotFrameworkChannel> {
  const logger = ctx.logger.child({ channel: CHANNEL });
  let loaded: Promise<LoadedBotFramework> | undefined;
  const runtime = () => (loaded ??= import('./botframework-runtime.ts').then((m) => m.createBotFrameworkRuntime(ctx, logger)));
  const mode = botFrameworkMode(ctx.config);
  registerMessagesRoute(ctx.server, { runtime, mode, ratePerMinute: ctx.config.BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE, logger });
  if (mode === 'anonymous') {
    logger.warn(
      'BOTFRAMEWORK_ALLOW_ANONYMOUS is on: POST /api/messages accepts unauthenticated activities and answers only loopback serviceUrls (for the Bot Framework Emulator; never in production)',
    );
  } else if (mode === 'closed') {
    logger.info('Bot Framework is not configured (no MicrosoftAppId): POST /api/messages answers 401');
  }
  return {
    name: CHANNEL,
    // Push-based: channels call POST /api/messages, so there is nothing to start or stop.
    start: async () => {},
    stop: async () => {},
    outbound: botFrameworkOutbound(async () => (await runtime()).sender, ctx.config),
  };
}
