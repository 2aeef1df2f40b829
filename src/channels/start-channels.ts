// Creates the channel adapters the configuration asks for. Web chat is part of the HTTP server;
// Bot Framework's endpoint is always served (401 without credentials, unless anonymous mode is on
// for local testing); Telegram starts when a bot token is set.

import type { Channel, ChannelContext } from './channel.ts';
import { webchatChannel } from './webchat/webchat-channel.ts';

export async function createChannels(ctx: ChannelContext): Promise<Channel[]> {
  const channels: Channel[] = [webchatChannel(ctx.config)];
  const { createBotFrameworkChannel } = await import('./botframework/botframework-channel.ts');
  channels.push(await createBotFrameworkChannel(ctx));
  // The same Azure Bot on the Microsoft 365 Agents SDK, at /api/agents/messages; served like /api/messages.
  const { createAgentsChannel } = await import('./agents/agents-channel.ts');
  channels.push(createAgentsChannel(ctx));
  if (ctx.config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import('./telegram/telegram-channel.ts');
    channels.push(await createTelegramChannel(ctx));
  }
  return channels;
}
