// Messages the bot starts itself (callbacks, revisits, greetings): sent into the customer's Bot
// Framework conversation through the reference stored on their channel identity.

import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { IdentityStore } from '../../conversation/ports.ts';
import { BotFrameworkDeliveryError } from './delivery-error.ts';
import { isLoopbackUrl } from './loopback-url.ts';
import { toReplyActivities, type OutgoingMessage } from './reply-activities.ts';

/** Connector statuses that mean the conversation is gone for good: the bot was removed or blocked. */
const GONE = new Set([403, 404]);

export class ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; '' without credentials, when only loopback serviceUrls are written to. */
    private readonly appId: string,
    private readonly identities: IdentityStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends `messages` (with choices as buttons) to the identity's conversation.
   * @throws BotFrameworkDeliveryError `no_reference` when the customer never wrote on Bot Framework,
   *   `refused` when the bot has no credentials and the reference is not on loopback,
   *   `unreachable` when the channel says the conversation is gone, `failed` otherwise (retry later).
   */
  async send(identityId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const stored = await this.identities.getReference(identityId);
    if (!stored) throw new BotFrameworkDeliveryError('no_reference', identityId, `identity ${identityId} has no Bot Framework conversation reference`);
    const reference = JSON.parse(stored) as Partial<ConversationReference>;
    // A reference stored before anonymous mode was limited, or while credentials were set, must not become an open relay.
    if (!this.appId && !isLoopbackUrl(reference.serviceUrl ?? '')) {
      this.logger.warn({ identityId }, 'refused a proactive Bot Framework message: no credentials and the serviceUrl is not on this machine');
      throw new BotFrameworkDeliveryError('refused', identityId, 'without MicrosoftAppId the bot sends only to loopback serviceUrls (the Bot Framework Emulator)');
    }
    // The adapter hands errors inside the logic to onTurnError; keep ours to report them to the caller.
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await context.sendActivities(toReplyActivities(messages, reference.channelId ?? ''));
      } catch (error) {
        failure = error;
      }
    });
    if (failure === undefined) return;
    const status = statusOf(failure);
    if (status !== undefined && GONE.has(status)) {
      await this.identities.setReachable(identityId, false);
      this.logger.warn({ identityId, status }, 'Bot Framework conversation is gone; identity marked unreachable');
      throw new BotFrameworkDeliveryError('unreachable', identityId, `the channel answered ${status}: the conversation is gone`, { cause: failure });
    }
    throw new BotFrameworkDeliveryError('failed', identityId, `could not send a proactive message: ${String((failure as Error).message ?? failure)}`, { cause: failure });
  }
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
