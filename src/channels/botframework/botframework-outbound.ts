// The Bot Framework channel's outbound port, shared by the channel and a send-only worker: a
// message is sent into the customer's conversation through the reference stored on their channel
// identity (the proactive sender, loaded on first use), at the pace FOLLOWUP_RATE_BOTFRAMEWORK allows.

import type { Config } from '../../config.ts';
import { SENT, type ChannelOutbound, type SendOutcome } from '../outbound-port.ts';
import { BotFrameworkDeliveryError } from './delivery-error.ts';
import type { ProactiveSender } from './proactive-sender.ts';

/**
 * Also the Agents SDK channel's port (its own sender, the same Bot Connector): both share the
 * FOLLOWUP_RATE_BOTFRAMEWORK budget, as the connector throttles per bot.
 */
export function botFrameworkOutbound(sender: () => Promise<Pick<ProactiveSender, 'send'>>, config: Pick<Config, 'FOLLOWUP_RATE_BOTFRAMEWORK'>): ChannelOutbound {
  return {
    deliversOnRecord: false,
    async send(target, messages) {
      try {
        await (await sender()).send(target.identityId, messages);
        return SENT;
      } catch (error) {
        return failureOf(error);
      }
    },
    limits: () => [{ key: 'botframework', perSecond: config.FOLLOWUP_RATE_BOTFRAMEWORK }],
  };
}

/** Only `failed` may work later; no reference, a refused serviceUrl or a conversation that is gone will not. */
function failureOf(error: unknown): SendOutcome {
  if (error instanceof BotFrameworkDeliveryError) return { status: error.code === 'failed' ? 'failed' : 'unreachable', reason: error.message };
  return { status: 'failed', reason: `Bot Framework: ${(error as Error).message}` };
}
