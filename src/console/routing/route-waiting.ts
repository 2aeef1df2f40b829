// Gives waiting conversations to whoever has room now — someone came online, finished one, or was
// given more capacity — and tells every console (a status event, the status unchanged), so the
// queue shows the new assignee without looking like a new escalation. Best effort: a failure
// leaves the conversations waiting, as they were.

import type { FastifyBaseLogger } from 'fastify';
import type { ConversationEvents } from '../../conversation/events.ts';
import type { Assignment, ConversationRouter } from './conversation-router.ts';

export async function routeWaitingAndAnnounce(router: ConversationRouter, events: ConversationEvents, log: FastifyBaseLogger): Promise<Assignment[]> {
  const assigned = await router.routeWaiting().catch((err: unknown) => {
    log.error({ err }, 'routing the waiting conversations failed; they stay in the queue');
    return [];
  });
  for (const { conversationId } of assigned) {
    await events.publish(conversationId, { type: 'status', status: 'queued', previousStatus: 'queued' }).catch((err: unknown) => log.warn({ err, conversationId }, 'could not publish a live event'));
  }
  return assigned;
}
