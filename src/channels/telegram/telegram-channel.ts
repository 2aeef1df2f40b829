// The Telegram channel: wires telegraf, the update handler and the outbound sender together and
// receives updates by webhook when TELEGRAM_WEBHOOK_URL is set (on every instance), else by long
// polling on one instance at a time (Telegram refuses a second poller): the one holding the lead.

import type { Logger } from 'pino';
import { Telegraf, type Telegram } from 'telegraf';
import type { Channel, ChannelContext } from '../channel.ts';
import type { Lead } from '../leadership.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import { MENU_COMMANDS } from './commands.ts';
import { CHANNEL } from './inbound-update.ts';
import { LongPolling } from './long-polling.ts';
import { ClaimCallback } from './staff-alerts/claim-callback.ts';
import { telegramStaffChat } from './staff-chat.ts';
import { telegramOutbound } from './telegram-outbound.ts';
import { UpdateHandler } from './update-handler.ts';
import { registerWebhookRoute } from './webhook-route.ts';

/** At shutdown, replies still queued get this long to go out. */
const DRAIN_MS = 5_000;

export interface TelegramChannel extends Channel {
  readonly name: typeof CHANNEL;
}

/** Creates the channel; registers the webhook route at once (the server is not listening yet). */
export async function createTelegramChannel(ctx: ChannelContext): Promise<TelegramChannel> {
  const { config, logger } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('createTelegramChannel needs TELEGRAM_BOT_TOKEN');
  const bot = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
  const { sender, outbound } = telegramOutbound({ telegram: bot.telegram, config, identities: ctx.identities, pace: ctx.pace, logger });
  const staffChatId = config.STAFF_TELEGRAM_CHAT_ID ? Number(config.STAFF_TELEGRAM_CHAT_ID) : undefined;
  const claims =
    staffChatId !== undefined && ctx.staffClaims ? new ClaimCallback({ staffChatId, claims: ctx.staffClaims, telegram: bot.telegram, sender, phrases: ctx.content.phrases, logger }) : undefined;
  const handler = new UpdateHandler({
    engine: ctx.engine,
    identities: ctx.identities,
    conversations: ctx.conversations,
    phrases: ctx.content.phrases,
    telegram: bot.telegram,
    sender,
    outbound,
    once: ctx.once,
    deliveries: ctx.deliveries,
    logger,
    ...(claims ? { claims } : {}),
  });
  bot.use((telegrafCtx) => handler.handle(telegrafCtx.update));
  // One odd update must never stop the bot: log it with its id and carry on.
  bot.catch((err, telegrafCtx) => {
    logger.error({ err, updateId: telegrafCtx.update.update_id }, 'telegram: handling an update failed');
  });

  const webhook = config.TELEGRAM_WEBHOOK_URL ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET ?? '' } : undefined;
  if (webhook) registerWebhookRoute(ctx.server, { secret: webhook.secret, handleUpdate: (update) => bot.handleUpdate(update) });

  const polling = new LongPolling(bot, logger);
  let pollingLead: Lead | undefined;
  return {
    name: CHANNEL,
    outbound,
    ...(staffChatId !== undefined ? { staffChat: telegramStaffChat(staffChatId, sender, ctx.content.phrases) } : {}),
    async start() {
      // getMe checks the token now (a typo fails the start) and saves telegraf its implicit call.
      bot.botInfo = await bot.telegram.getMe();
      await registerCommands(bot.telegram, ctx.content.phrases, logger);
      if (webhook) {
        await bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secret });
        logger.info({ url: webhook.url }, 'telegram: receiving updates by webhook');
        return;
      }
      // One lead per bot: bots sharing a Redis do not keep each other waiting.
      pollingLead = ctx.leadership.lead(`telegram:polling:${bot.botInfo.id}`, {
        leaseMs: config.TELEGRAM_POLLING_LEASE_MS,
        onLead: () => {
          logger.info('telegram: this instance now receives updates by long polling');
          polling.start();
        },
        onLose: async (why) => {
          if (why === 'lost') logger.warn('telegram: lost the polling lead (Redis unreachable, a long pause, or another instance took it); stopped polling');
          await polling.stop();
          if (why === 'released') logger.info('telegram: stopped long polling');
        },
      });
      logger.info('telegram: receiving updates by long polling on whichever instance holds the lead');
    },
    async stop() {
      // Stops polling here (and hands the lead to another instance at once).
      await pollingLead?.stop();
      await handler.idle();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, DRAIN_MS)));
      await Promise.race([sender.idle(), timeout]).finally(() => clearTimeout(timer));
    },
  };
}

/** The command menu in both languages; best effort, the bot works without it. */
async function registerCommands(telegram: Telegram, phrases: Phrasebook, logger: Logger): Promise<void> {
  const commands = (language: 'zh' | 'en') => MENU_COMMANDS.map((command) => ({ command, description: phrases.say(`telegram.command.${command}`, language) }));
  try {
    await telegram.setMyCommands(commands('en'));
    await telegram.setMyCommands(commands('zh'), { language_code: 'zh' });
  } catch (err) {
    logger.warn({ err }, 'telegram: could not set the command menu');
  }
}
