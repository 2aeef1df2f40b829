// Which channel identity an activity may speak for. With authentication the channel vouches for
// from.id. Anonymously anyone can claim any id, so an identity that already talks in one
// conversation is not taken over from another: such an activity gets an identity of its own, keyed
// by its conversation, with none of the first one's history, and the stored reference (where staff
// replies and follow-ups go) stays where it was.

import type { IdentityStore } from '../../conversation/ports.ts';
import { CHANNEL, externalUserIdOf } from './activity-to-inbound.ts';

/** Where an activity comes from; botbuilder's activities and the Agents SDK's both say it. */
export interface Addressed {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string };
}

/** True when the stored reference is the conversation this activity comes from (same service, same conversation). */
export function isSameConversation(stored: string, activity: Addressed): boolean {
  const reference = JSON.parse(stored) as { serviceUrl?: string; conversation?: { id?: string } };
  return reference.serviceUrl === activity.serviceUrl && reference.conversation?.id === activity.conversation.id;
}

/**
 * The id a claim on someone else's identity is kept under: bound to the very conversation it came
 * from, so only activities of that conversation ever reach it. (A from.id made to look like one
 * is checked like any other id.)
 */
function conversationScopedId(externalId: string, activity: Addressed): string {
  return `${externalId}#${activity.serviceUrl}#${activity.conversation.id}`;
}

/**
 * The external id the activity's sender (`user`, by default `from`) is stored under. `trusted`
 * when the channel authenticated the activity; `channel` the name its identities are stored under.
 */
export async function senderExternalId(activity: Addressed, userId: string, identities: IdentityStore, trusted: boolean, channel: string = CHANNEL): Promise<string> {
  const externalId = externalUserIdOf(activity.channelId, userId);
  if (trusted || (await mayActFor(externalId, activity, identities, channel))) return externalId;
  return conversationScopedId(externalId, activity);
}

/** Whether an unauthenticated activity may act for (and re-point the reference of) this identity: it is new, or it is its conversation. */
export async function mayActFor(externalId: string, activity: Addressed, identities: IdentityStore, channel: string = CHANNEL): Promise<boolean> {
  const identity = await identities.findIdentity(channel, externalId);
  if (!identity) return true;
  const stored = await identities.getReference(identity.identityId);
  return !stored || isSameConversation(stored, activity);
}
