// Messages the bot starts itself (staff replies, callbacks, revisits, greetings) on the Agents SDK
// endpoint: sent into the customer's conversation through the reference stored on their channel
// identity, as proactive-sender.ts does with botbuilder.

import { Activity, type ConversationReference } from '@microsoft/agents-activity';
import type { CloudAdapter } from '@microsoft/agents-hosting';
import type { Logger } from 'pino';
import type { IdentityStore } from '../../conversation/ports.ts';
import { BotFrameworkDeliveryError } from '../botframework/delivery-error.ts';
import { isLoopbackUrl } from '../botframework/loopback-url.ts';
import { toReplyActivities, type OutgoingMessage } from '../botframework/reply-activities.ts';

/** Connector statuses that mean the conversation is gone for good: the bot was removed or blocked. */
const GONE = new Set([403, 404]);

/** Who the bot is to continueConversation: its app id, or no one (no token) without credentials. */
type BotIdentity = Parameters<CloudAdapter['continueConversation']>[0];

export class AgentsProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    /** The bot's app id; '' without credentials, when only loopback serviceUrls are written to. */
    private readonly appId: string,
    private readonly identities: IdentityStore,
    private readonly logger: Logger,
  ) {}

  /**
   * Sends `messages` (with choices as buttons) to the identity's conversation.
   * @throws BotFrameworkDeliveryError `no_reference` when the customer never wrote on this endpoint,
   *   `refused` when the bot has no credentials and the reference is not on loopback,
   *   `unreachable` when the channel says the conversation is gone, `failed` otherwise (retry later).
   */
  async send(identityId: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const stored = await this.identities.getReference(identityId);
    if (!stored) throw new BotFrameworkDeliveryError('no_reference', identityId, `identity ${identityId} has no conversation reference on the Agents SDK endpoint`);
    const reference = JSON.parse(stored) as ConversationReference;
    // A reference stored while credentials were set must not become an open relay once they are gone.
    if (!this.appId && !isLoopbackUrl(reference.serviceUrl ?? '')) {
      this.logger.warn({ identityId }, 'refused a proactive Agents SDK message: no credentials and the serviceUrl is not on this machine');
      throw new BotFrameworkDeliveryError('refused', identityId, 'without MicrosoftAppId the bot sends only to loopback serviceUrls (the Bot Framework Emulator)');
    }
    // Without an app id, an identity with no audience: the SDK then sends without a token.
    const bot: BotIdentity = this.appId || {};
    // The adapter hands errors inside the logic to onTurnError; keep ours to report them to the caller.
    let failure: unknown;
    await this.adapter.continueConversation(bot, reference, async (context) => {
      try {
        await context.sendActivities(toReplyActivities(messages, reference.channelId).map((activity) => Activity.fromObject(activity)));
      } catch (error) {
        failure = error;
      }
    });
    if (failure === undefined) return;
    const status = statusOf(failure);
    if (status !== undefined && GONE.has(status)) {
      await this.identities.setReachable(identityId, false);
      this.logger.warn({ identityId, status }, 'Agents SDK conversation is gone; identity marked unreachable');
      throw new BotFrameworkDeliveryError('unreachable', identityId, `the channel answered ${status}: the conversation is gone`, { cause: failure });
    }
    throw new BotFrameworkDeliveryError('failed', identityId, `could not send a proactive message: ${String((failure as Error).message ?? failure)}`, { cause: failure });
  }
}

/** The SDK's HttpError carries the connector's answer as `status`. */
function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}
