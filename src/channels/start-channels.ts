// Creates the channel adapters the configuration asks for. Web chat is part of the HTTP server;
// Bot Framework's endpoint is always served (401 without credentials, unless anonymous mode is on
// for local testing); Telegram starts when a bot token is set.

import type { Channel, ChannelContext } from './channel.ts';

export async function createChannels(ctx: ChannelContext): Promise<Channel[]> {
  const channels: Channel[] = [];
  const { createBotFrameworkChannel } = await import('./botframework/botframework-channel.ts');
  channels.push(await createBotFrameworkChannel(ctx));
  if (ctx.config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import('./telegram/telegram-channel.ts');
    channels.push(await createTelegramChannel(ctx));
  }
  return channels;
}
