// The heavy half of the Bot Framework channel (botbuilder, ~50 MB): the CloudAdapter, the bot's
// turn logic and the proactive sender. Loaded on the first activity or proactive send, so a
// deployment that never uses Bot Framework does not pay for it.

import { CloudAdapter } from 'botbuilder';
import type { ChannelContext } from '../channel.ts';
import { createBotAuthentication } from './botframework-auth.ts';
import { botFrameworkMode } from './botframework-mode.ts';
import { CareBot } from './care-bot.ts';
import type { BotRuntime } from './messages-route.ts';
import { ProactiveSender } from './proactive-sender.ts';

export interface LoadedBotFramework extends BotRuntime {
  sender: ProactiveSender;
}

export function createBotFrameworkRuntime(ctx: ChannelContext, logger: ChannelContext['logger']): LoadedBotFramework {
  const adapter = new CloudAdapter(createBotAuthentication(ctx.config, logger));
  const bot = new CareBot({
    engine: ctx.engine,
    identities: ctx.identities,
    conversations: ctx.conversations,
    phrases: ctx.content.phrases,
    once: ctx.once,
    deliveries: ctx.deliveries,
    trustsSender: botFrameworkMode(ctx.config) === 'authenticated',
    logger,
  });
  adapter.onTurnError = bot.onTurnError;
  const sender = new ProactiveSender(adapter, ctx.config.MicrosoftAppId ?? '', ctx.identities, logger);
  return { adapter, onTurn: bot.onTurn, sender };
}
