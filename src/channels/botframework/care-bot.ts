// What the bot does with each Bot Framework activity: a message goes to the engine and its replies
// go back (typing first, a hand-off event last); new members are greeted once; files and cards get
// a polite sentence; everything else is ignored. The conversation reference is kept on the
// customer's channel identity so later follow-ups can reach them; an unauthenticated activity may
// not re-point someone else's (sender-identity.ts).

import { ActivityTypes, MessageFactory, TurnContext, type Activity, type ChannelAccount } from 'botbuilder';
import type { Logger } from 'pino';
import { cleanText } from '../../conversation/clean-text.ts';
import type { Engine } from '../../conversation/engine.ts';
import type { ConversationStore, IdentityStore } from '../../conversation/ports.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import type { Language } from '../../domain/types.ts';
import { CHANNEL, filesOf, languageOf, toInbound } from './activity-to-inbound.ts';
import { handoffEvent } from './handoff-event.ts';
import { toReplyActivities } from './reply-activities.ts';
import { isSameConversation, senderExternalId } from './sender-identity.ts';
import type { DeliveryLedger } from '../delivery-ledger.ts';
import type { OnceGuard } from '../once-guard.ts';

export interface CareBotDeps {
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  phrases: Phrasebook;
  once: OnceGuard;
  deliveries: DeliveryLedger;
  /** True when the channel authenticates every activity, and so vouches for who sent it. */
  trustsSender: boolean;
  logger: Logger;
}

/** Guards the greeting against the same conversationUpdate arriving twice at once; the identity guards it after that. */
const GREETING_CLAIM_SECONDS = 24 * 60 * 60;

export class CareBot {
  constructor(private readonly deps: CareBotDeps) {}

  /** The turn logic handed to CloudAdapter.process. */
  readonly onTurn = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === ActivityTypes.Message) return this.onMessage(context);
    if (context.activity.type === ActivityTypes.ConversationUpdate) return this.onConversationUpdate(context);
    this.deps.logger.debug({ type: context.activity.type, activityId: context.activity.id }, 'ignored a Bot Framework activity');
  };

  /** CloudAdapter's last resort: log with the activity, and tell a waiting customer politely. */
  readonly onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    this.deps.logger.error({ err: error, type: activity.type, channelId: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id }, 'a Bot Framework turn failed');
    if (activity.type !== ActivityTypes.Message) return;
    try {
      await context.sendActivity(this.say('botframework.turn_error', languageOf(activity.locale) ?? 'en'));
    } catch (sendError) {
      this.deps.logger.warn({ err: sendError, conversationId: activity.conversation?.id }, 'could not tell the customer about the failure either');
    }
  };

  private async onMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const { engine, conversations, logger } = this.deps;
    // In Teams channels the text starts with "<at>Bot</at>"; the customer did not write that.
    const text = cleanText(activity.text ? TurnContext.removeRecipientMention(activity) : '');
    if (!text) {
      const language = languageOf(activity.locale) ?? 'en';
      await context.sendActivity(filesOf(activity).length ? this.say('botframework.attachment_only', language) : this.say('botframework.text_only', language));
      return;
    }
    const inbound = toInbound(activity, text, await senderExternalId(activity, activity.from.id, this.deps.identities, this.deps.trustsSender));
    // A redelivery: the engine would answer it as a duplicate anyway; this also spares the typing indicator.
    if (inbound.channelMessageId && (await conversations.findProcessed(inbound.channelMessageId))) {
      logger.debug({ channelMessageId: inbound.channelMessageId }, 'ignored a redelivered Bot Framework message');
      return;
    }
    const typing = context
      .sendActivity({ type: ActivityTypes.Typing })
      .catch((error: unknown) => logger.warn({ err: error, conversationId: activity.conversation.id }, 'could not show the typing indicator'));
    const result = await engine.turn({ ...inbound, confirmsDelivery: true }).finally(() => typing);
    await this.rememberReference(activity, inbound.externalUserId, activity.from);
    if (result.duplicate) return;
    const replies = toReplyActivities(result.replies, activity.channelId);
    if (result.escalation) replies.push(handoffEvent(result.escalation, await conversations.history(result.conversationId)));
    // Not sent (the connector failed, the process died): the delivery sweeper sends the stored replies later.
    if (replies.length) await context.sendActivities(replies);
    await this.deps.deliveries.delivered(result.replies.map((reply) => reply.id));
  }

  /** Greets each person who joins, once: only when we have never seen them on this channel. */
  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const { activity } = context;
    // In group chats and Teams channels a welcome for every member who joins would be noise.
    if (activity.conversation.isGroup) return;
    const newcomers = (activity.membersAdded ?? []).filter((member) => member.id !== activity.recipient?.id);
    const language = languageOf(activity.locale);
    for (const member of newcomers) {
      const externalId = await senderExternalId(activity, member.id, this.deps.identities, this.deps.trustsSender);
      if (await this.deps.identities.findIdentity(CHANNEL, externalId)) continue;
      await this.deps.identities.createIdentity({
        channel: CHANNEL,
        externalId,
        ...(member.name ? { name: member.name } : {}),
        ...(language ? { locale: language } : {}),
      });
      await this.rememberReference(activity, externalId, member);
      if (!(await this.claimGreeting(externalId))) continue;
      const welcome = member.name ? this.say('botframework.welcome.named', language ?? 'en', { name: member.name }) : this.say('botframework.welcome.anonymous', language ?? 'en');
      await context.sendActivity(welcome);
    }
  }

  /** Keeps how to reach this person later (proactive messages) on their channel identity. */
  private async rememberReference(activity: Activity, externalId: string, user: ChannelAccount): Promise<void> {
    const identity = await this.deps.identities.findIdentity(CHANNEL, externalId);
    if (!identity) return;
    if (!this.deps.trustsSender) {
      // Checked again here: another conversation may have claimed a new identity while this turn ran.
      const stored = await this.deps.identities.getReference(identity.identityId);
      if (stored && !isSameConversation(stored, activity)) return;
    }
    // For a conversationUpdate the activity's sender is not necessarily the member who joined.
    const reference = { ...TurnContext.getConversationReference(activity), user };
    await this.deps.identities.saveReference(identity.identityId, JSON.stringify(reference));
    // They wrote (or joined) again, so the conversation works: undo an earlier "gone" from a failed delivery.
    await this.deps.identities.setReachable(identity.identityId, true);
  }

  private async claimGreeting(externalId: string): Promise<boolean> {
    return this.deps.once.first(`botframework:greeted:${externalId}`, GREETING_CLAIM_SECONDS);
  }

  private say(key: string, language: Language, vars: Record<string, string> = {}): Partial<Activity> {
    return { ...MessageFactory.text(this.deps.phrases.say(key, language, vars)), textFormat: 'plain' };
  }
}
