// The heavy half of the Agents SDK channel (@microsoft/agents-hosting, ~35 MB): the CloudAdapter,
// the bot's turn logic and the proactive sender. Loaded on the first activity or proactive send, so
// a deployment that never uses the Agents SDK does not pay for it.

import { activityZodSchema } from '@microsoft/agents-activity';
import type { ChannelContext } from '../channel.ts';
import { botFrameworkMode } from '../botframework/botframework-mode.ts';
import { createAgentsAdapter } from './agents-adapter.ts';
import { AgentsBot } from './agents-bot.ts';
import { AgentsProactiveSender } from './agents-proactive-sender.ts';
import type { AgentsRuntime } from './agents-route.ts';

export interface LoadedAgents extends AgentsRuntime {
  sender: AgentsProactiveSender;
}

export function createAgentsRuntime(ctx: ChannelContext, logger: ChannelContext['logger']): LoadedAgents {
  const adapter = createAgentsAdapter(ctx.config);
  const bot = new AgentsBot({
    engine: ctx.engine,
    identities: ctx.identities,
    conversations: ctx.conversations,
    phrases: ctx.content.phrases,
    once: ctx.once,
    deliveries: ctx.deliveries,
    trustsSender: botFrameworkMode(ctx.config) === 'authenticated',
    logger,
  });
  adapter.onTurnError = bot.onTurnError;
  const sender = new AgentsProactiveSender(adapter, ctx.config.MicrosoftAppId ?? '', ctx.identities, logger);
  return { adapter, onTurn: bot.onTurn, problemWith: sdkSchemaProblem, sender };
}

/** The SDK's own reading of an activity (its Activity.fromObject), as our error message. */
function sdkSchemaProblem(activity: Record<string, unknown>): string | undefined {
  const parsed = activityZodSchema.passthrough().safeParse(activity);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => `${['body', ...issue.path].join('.')}: ${issue.message}`).join('; ');
}
