// What the bot does with each activity on the Agents SDK endpoint, as care-bot.ts does on
// botbuilder's: a message goes to the engine and its replies go back (typing first, a hand-off event
// last); new members are greeted once; files and cards get a polite sentence; everything else is
// ignored. The conversation reference is kept on the customer's channel identity so later
// follow-ups can reach them; an unauthenticated activity may not re-point someone else's.

import { Activity, ActivityTypes, type ChannelAccount } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import type { Logger } from 'pino';
import { cleanText } from '../../conversation/clean-text.ts';
import type { Engine } from '../../conversation/engine.ts';
import type { ConversationStore, IdentityStore } from '../../conversation/ports.ts';
import type { Phrasebook } from '../../domain/phrasebook.ts';
import type { Language } from '../../domain/types.ts';
import { filesOf, languageOf, toInbound, type InboundActivity } from '../botframework/activity-to-inbound.ts';
import { handoffEvent } from '../botframework/handoff-event.ts';
import { toReplyActivities } from '../botframework/reply-activities.ts';
import { isSameConversation, senderExternalId, type Addressed } from '../botframework/sender-identity.ts';
import type { DeliveryLedger } from '../delivery-ledger.ts';
import type { OnceGuard } from '../once-guard.ts';
import { AGENTS_CHANNEL } from './channel-name.ts';

export interface AgentsBotDeps {
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  phrases: Phrasebook;
  once: OnceGuard;
  deliveries: DeliveryLedger;
  /** True when the route checks every activity's token, and so the channel vouches for who sent it. */
  trustsSender: boolean;
  logger: Logger;
}

/** Guards the greeting against the same conversationUpdate arriving twice at once; the identity guards it after that. */
const GREETING_CLAIM_SECONDS = 24 * 60 * 60;

type Sender = InboundActivity & Addressed;

export class AgentsBot {
  constructor(private readonly deps: AgentsBotDeps) {}

  /** The turn logic handed to CloudAdapter.process. */
  readonly onTurn = async (context: TurnContext): Promise<void> => {
    if (context.activity.type === ActivityTypes.Message) return this.onMessage(context);
    if (context.activity.type === ActivityTypes.ConversationUpdate) return this.onConversationUpdate(context);
    this.deps.logger.debug({ type: context.activity.type, activityId: context.activity.id }, 'ignored an Agents SDK activity');
  };

  /** CloudAdapter's last resort: log with the activity, and tell a waiting customer politely. */
  readonly onTurnError = async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    this.deps.logger.error({ err: error, type: activity.type, channelId: activity.channelId, conversationId: activity.conversation?.id, activityId: activity.id }, 'an Agents SDK turn failed');
    if (activity.type !== ActivityTypes.Message) return;
    try {
      await context.sendActivity(this.say('botframework.turn_error', languageOf(activity.locale) ?? 'en', activity.channelId ?? ''));
    } catch (sendError) {
      this.deps.logger.warn({ err: sendError, conversationId: activity.conversation?.id }, 'could not tell the customer about the failure either');
    }
  };

  private async onMessage(context: TurnContext): Promise<void> {
    const { activity } = context;
    const { engine, conversations, logger } = this.deps;
    const sender = senderOf(activity);
    // In Teams channels the text starts with "<at>Bot</at>"; the customer did not write that. The route's
    // schema cleaned the text; what is left around the mention is cleaned again.
    const text = activity.text ? cleanText(activity.removeRecipientMention()) : '';
    if (!text) {
      const language = languageOf(sender.locale) ?? 'en';
      await context.sendActivity(this.say(filesOf(sender).length ? 'botframework.attachment_only' : 'botframework.text_only', language, sender.channelId));
      return;
    }
    const externalId = await senderExternalId(sender, sender.from.id, this.deps.identities, this.deps.trustsSender, AGENTS_CHANNEL);
    const inbound = toInbound(sender, text, externalId, AGENTS_CHANNEL);
    // A redelivery: the engine would answer it as a duplicate anyway; this also spares the typing indicator.
    if (inbound.channelMessageId && (await conversations.findProcessed(inbound.channelMessageId))) {
      logger.debug({ channelMessageId: inbound.channelMessageId }, 'ignored a redelivered Agents SDK message');
      return;
    }
    const typing = context
      .sendActivity(Activity.fromObject({ type: ActivityTypes.Typing }))
      .catch((error: unknown) => logger.warn({ err: error, conversationId: sender.conversation.id }, 'could not show the typing indicator'));
    const result = await engine.turn({ ...inbound, confirmsDelivery: true }).finally(() => typing);
    await this.rememberReference(context, inbound.externalUserId, sender.from);
    if (result.duplicate) return;
    const replies = toReplyActivities(result.replies, sender.channelId);
    if (result.escalation) replies.push(handoffEvent(result.escalation, await conversations.history(result.conversationId)));
    // Not sent (the connector failed, the process died): the delivery sweeper sends the stored replies later.
    if (replies.length) await context.sendActivities(replies.map((reply) => Activity.fromObject(reply)));
    await this.deps.deliveries.delivered(result.replies.map((reply) => reply.id));
  }

  /** Greets each person who joins, once: only when we have never seen them on this channel. */
  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const { activity } = context;
    // In group chats and Teams channels a welcome for every member who joins would be noise.
    if (activity.conversation?.isGroup) return;
    const where = senderOf(activity);
    const newcomers = (activity.membersAdded ?? []).filter((member): member is ChannelAccount & { id: string } => !!member.id && member.id !== activity.recipient?.id);
    const language = languageOf(where.locale);
    for (const member of newcomers) {
      const externalId = await senderExternalId(where, member.id, this.deps.identities, this.deps.trustsSender, AGENTS_CHANNEL);
      if (await this.deps.identities.findIdentity(AGENTS_CHANNEL, externalId)) continue;
      await this.deps.identities.createIdentity({
        channel: AGENTS_CHANNEL,
        externalId,
        ...(member.name ? { name: member.name } : {}),
        ...(language ? { locale: language } : {}),
      });
      await this.rememberReference(context, externalId, member);
      if (!(await this.deps.once.first(`${AGENTS_CHANNEL}:greeted:${externalId}`, GREETING_CLAIM_SECONDS))) continue;
      const welcome = member.name
        ? this.say('botframework.welcome.named', language ?? 'en', where.channelId, { name: member.name })
        : this.say('botframework.welcome.anonymous', language ?? 'en', where.channelId);
      await context.sendActivity(welcome);
    }
  }

  /** Keeps how to reach this person later (proactive messages) on their channel identity. */
  private async rememberReference(context: TurnContext, externalId: string, user: ChannelAccount): Promise<void> {
    const identity = await this.deps.identities.findIdentity(AGENTS_CHANNEL, externalId);
    if (!identity) return;
    const { activity } = context;
    if (!this.deps.trustsSender) {
      // Checked again here: another conversation may have claimed a new identity while this turn ran.
      const stored = await this.deps.identities.getReference(identity.identityId);
      if (stored && !isSameConversation(stored, senderOf(activity))) return;
    }
    // For a conversationUpdate the activity's sender is not necessarily the member who joined.
    const reference = { ...activity.getConversationReference(), user };
    await this.deps.identities.saveReference(identity.identityId, JSON.stringify(reference));
    // They wrote (or joined) again, so the conversation works: undo an earlier "gone" from a failed delivery.
    await this.deps.identities.setReachable(identity.identityId, true);
  }

  private say(key: string, language: Language, channelId: string, vars: Record<string, string> = {}): Activity {
    const [message] = toReplyActivities([{ text: this.deps.phrases.say(key, language, vars) }], channelId);
    return Activity.fromObject(message!);
  }
}

/**
 * The fields the route's schema has made sure of, typed as such. The SDK's Activity declares them
 * optional; an activity without them never reaches a turn.
 */
function senderOf(activity: Activity): Sender {
  const { channelId, serviceUrl, conversation, from } = activity;
  if (!channelId || !serviceUrl || !conversation?.id || !from?.id) {
    throw new Error(`activity ${activity.id ?? '(no id)'} lacks channelId, serviceUrl, conversation.id or from.id`);
  }
  return {
    id: activity.id,
    channelId,
    serviceUrl,
    conversation: { id: conversation.id },
    from: { id: from.id, ...(from.name ? { name: from.name } : {}) },
    locale: activity.locale,
    attachments: activity.attachments,
  };
}
