// The Agents SDK's CloudAdapter for this bot, shared by the channel and a send-only worker.

import { CloudAdapter } from '@microsoft/agents-hosting';
import { agentsAuthConfiguration, unusableCredentials, type AgentsCredentials } from './agents-auth.ts';

/** @throws Error when the SDK cannot sign in with these settings (it would try a managed identity the bot lacks). */
export function createAgentsAdapter(config: AgentsCredentials): CloudAdapter {
  const unusable = unusableCredentials(config);
  if (unusable) throw new Error(unusable);
  // validateServiceUrl: an activity whose serviceUrl is not the one its token was issued for is refused
  // (botbuilder checks the same), so a valid token cannot point replies elsewhere.
  return new CloudAdapter(agentsAuthConfiguration(config), undefined, undefined, { validateServiceUrl: true });
}
