// The channels as a process that only writes to customers sees them (`npm run worker`): Telegram and
// Bot Framework senders without update handling, webhooks or the engine behind them. A channel's
// code (telegraf, botbuilder) is loaded only when the process has, or first uses, that channel.

import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { IdentityStore } from '../conversation/ports.ts';
import type { BotFrameworkChannel, OutgoingMessage } from './botframework/botframework-channel.ts';
import type { ProactiveSender } from './botframework/proactive-sender.ts';
import type { Channel } from './channel.ts';
import type { TelegramChannel } from './telegram/telegram-channel.ts';

export interface SendingChannelsDeps {
  config: Config;
  identities: IdentityStore;
  logger: Logger;
}

/** What ChannelFollowUpSender needs of each channel: Telegram's sendMessage, Bot Framework's sendProactive. */
export async function createSendingChannels(deps: SendingChannelsDeps): Promise<Channel[]> {
  const channels: Channel[] = [botFrameworkSender(deps)];
  if (deps.config.TELEGRAM_BOT_TOKEN) channels.push(await telegramSender(deps, deps.config.TELEGRAM_BOT_TOKEN));
  return channels;
}

type SendingTelegram = Channel & Pick<TelegramChannel, 'name' | 'sendMessage'>;

async function telegramSender({ config, identities, logger }: SendingChannelsDeps, token: string): Promise<SendingTelegram> {
  const [{ Telegraf }, { customerSender }] = await Promise.all([import('telegraf'), import('./telegram/customer-sender.ts')]);
  const bot = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
  const { sender, sendMessage } = customerSender(bot.telegram, config, identities, logger.child({ channel: 'telegram' }));
  return { name: 'telegram', start: async () => {}, stop: () => sender.idle(), sendMessage };
}

function botFrameworkSender({ config, identities, logger }: SendingChannelsDeps): Pick<BotFrameworkChannel, 'name' | 'start' | 'stop' | 'sendProactive'> {
  let loaded: Promise<ProactiveSender> | undefined;
  const sender = () =>
    (loaded ??= Promise.all([import('botbuilder'), import('./botframework/botframework-auth.ts'), import('./botframework/proactive-sender.ts')]).then(
      ([{ CloudAdapter }, auth, { ProactiveSender }]) => {
        const channelLogger = logger.child({ channel: 'botframework' });
        return new ProactiveSender(new CloudAdapter(auth.createBotAuthentication(config, channelLogger)), config.MicrosoftAppId ?? '', identities, channelLogger);
      },
    ));
  return {
    name: 'botframework',
    start: async () => {},
    stop: async () => {},
    sendProactive: async (identityId: string, messages: readonly OutgoingMessage[]) => (await sender()).send(identityId, messages),
  };
}
