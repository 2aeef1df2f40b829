// The Telegram channel: wires telegraf, the update handler and the outbound sender together and
// receives updates by long polling, or by webhook when TELEGRAM_WEBHOOK_URL is set.

import type { Logger } from 'pino';
import { Telegraf, type Telegram } from 'telegraf';
import type { Channel, ChannelContext } from '../channel.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import { MENU_COMMANDS } from './commands.ts';
import { CHANNEL } from './inbound-update.ts';
import { customerSender } from './customer-sender.ts';
import type { SendOutcome } from './outbound-sender.ts';
import { ClaimCallback } from './staff-alerts/claim-callback.ts';
import { staffAlertMessage } from './staff-alerts/staff-alert-message.ts';
import type { StaffAlert } from './staff-alerts/staff-claims.ts';
import { UpdateHandler } from './update-handler.ts';
import { registerWebhookRoute } from './webhook-route.ts';

/** At shutdown, replies still queued get this long to go out. */
const DRAIN_MS = 5_000;

export interface TelegramChannel extends Channel {
  readonly name: typeof CHANNEL;
  /**
   * Sends texts the bot did not produce in a turn (a person's message, a notice) to a customer's
   * private chat, whose id is their Telegram user id. Resolves when they are out or given up.
   */
  sendTo(externalUserId: string, texts: readonly string[], identityId?: string): Promise<void>;
  /**
   * Sends one message (choices as buttons) now, outside the chat's reply queue, and says how it
   * went: a follow-up job decides itself about retries. A blocked bot marks the identity unreachable.
   */
  sendMessage(externalUserId: string, text: string, choices: readonly string[] | undefined, identityId: string): Promise<SendOutcome>;
  /**
   * Posts a new escalation to the staff chat with a Claim button; does nothing without
   * STAFF_TELEGRAM_CHAT_ID. Resolves when it is out or given up.
   */
  sendStaffAlert(alert: StaffAlert): Promise<void>;
}

/** Staff alerts are written in English; the Claim answers follow the presser's app language. */
const ALERT_LANGUAGE = 'en';

/** Creates the channel; registers the webhook route at once (the server is not listening yet). */
export async function createTelegramChannel(ctx: ChannelContext): Promise<TelegramChannel> {
  const { config, logger } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('createTelegramChannel needs TELEGRAM_BOT_TOKEN');
  const bot = new Telegraf(token, { telegram: { apiRoot: config.TELEGRAM_API_ROOT } });
  const { sender, sendMessage } = customerSender(bot.telegram, config, ctx.identities, logger);
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
    redis: ctx.redis,
    redisPrefix: config.REDIS_PREFIX,
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

  let polling: Promise<void> | undefined;
  return {
    name: CHANNEL,
    sendTo(externalUserId, texts, identityId) {
      const chatId = Number(externalUserId);
      return sender.enqueue({ chatId, ...(identityId ? { identityId } : {}), messages: texts.map((text) => ({ chatId, text })) });
    },
    sendMessage,
    async sendStaffAlert(alert) {
      if (staffChatId === undefined) return;
      const { text, keyboard } = staffAlertMessage(alert, ctx.content.phrases, ALERT_LANGUAGE);
      await sender.enqueue({ chatId: staffChatId, messages: [{ chatId: staffChatId, text, ...(keyboard ? { keyboard } : {}) }] });
    },
    async start() {
      // getMe checks the token now (a typo fails the start) and saves telegraf its implicit call.
      bot.botInfo = await bot.telegram.getMe();
      await registerCommands(bot.telegram, ctx.content.phrases, logger);
      if (webhook) {
        await bot.telegram.setWebhook(webhook.url, { secret_token: webhook.secret });
        logger.info({ url: webhook.url }, 'telegram: receiving updates by webhook');
        return;
      }
      // launch() deletes any webhook, then polls; its promise settles only when polling stops.
      polling = bot.launch().catch((err: unknown) => logger.error({ err }, 'telegram: long polling stopped with an error'));
      logger.info('telegram: receiving updates by long polling');
    },
    async stop() {
      if (polling) {
        try {
          bot.stop('shutdown');
        } catch (err) {
          // launch() failed before polling began (already logged): nothing to stop.
          logger.debug({ err }, 'telegram: polling was not running');
        }
        await polling;
      }
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
