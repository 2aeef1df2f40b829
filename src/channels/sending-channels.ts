// The channels as a process that only writes to customers sees them (`npm run worker`): each
// channel's outbound port without update handling, webhooks or the engine behind them. A
// channel's code (telegraf, botbuilder, the Agents SDK) is loaded only when the process has, or first uses, that channel.

import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Phrasebook } from '../domain/phrasebook.ts';
import type { IdentityStore } from '../conversation/ports.ts';
import { agentsSendingChannel } from './agents/agents-sending-channel.ts';
import { botFrameworkOutbound } from './botframework/botframework-outbound.ts';
import type { ProactiveSender } from './botframework/proactive-sender.ts';
import type { Channel } from './channel.ts';
import type { SendPace } from './send-pace.ts';
import { webchatChannel } from './webchat/webchat-channel.ts';

export interface SendingChannelsDeps {
  config: Config;
  identities: IdentityStore;
  logger: Logger;
  /** The send pace the app instances keep in Redis: Telegram's flood limits are shared with them. */
  pace: SendPace;
  /** The wording of the staff chat's alerts. */
  phrases: Phrasebook;
}

export async function createSendingChannels(deps: SendingChannelsDeps): Promise<Channel[]> {
  const channels: Channel[] = [webchatChannel(deps.config), botFrameworkSender(deps), agentsSendingChannel(deps)];
  if (deps.config.TELEGRAM_BOT_TOKEN) channels.push(await telegramSender(deps, deps.config.TELEGRAM_BOT_TOKEN));
  return channels;
}

async function telegramSender({ config, identities, logger, pace, phrases }: SendingChannelsDeps, token: string): Promise<Channel> {
  const [{ Telegraf }, { telegramOutbound }, { telegramStaffChat }] = await Promise.all([import('telegraf'), import('./telegram/telegram-outbound.ts'), import('./telegram/staff-chat.ts')]);
  const bot = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
  const { sender, outbound } = telegramOutbound({ telegram: bot.telegram, config, identities, pace, logger: logger.child({ channel: 'telegram' }) });
  const staffChatId = config.STAFF_TELEGRAM_CHAT_ID ? Number(config.STAFF_TELEGRAM_CHAT_ID) : undefined;
  return {
    name: 'telegram',
    outbound,
    ...(staffChatId !== undefined ? { staffChat: telegramStaffChat(staffChatId, sender, phrases) } : {}),
    start: async () => {},
    stop: () => sender.idle(),
  };
}

function botFrameworkSender({ config, identities, logger }: SendingChannelsDeps): Channel {
  let loaded: Promise<ProactiveSender> | undefined;
  const sender = () =>
    (loaded ??= Promise.all([import('botbuilder'), import('./botframework/botframework-auth.ts'), import('./botframework/proactive-sender.ts')]).then(
      ([{ CloudAdapter }, auth, { ProactiveSender }]) => {
        const channelLogger = logger.child({ channel: 'botframework' });
        return new ProactiveSender(new CloudAdapter(auth.createBotAuthentication(config, channelLogger)), config.MicrosoftAppId ?? '', identities, channelLogger);
      },
    ));
  return { name: 'botframework', outbound: botFrameworkOutbound(sender, config), start: async () => {}, stop: async () => {} };
}
