// The event a host (Omnichannel, a Direct Line client, a contact-centre bridge) watches for to
// route a conversation the bot handed to people: reason and priority, with a transcript.

import type { StoredMessage } from '../../conversation/ports.ts';
import type { TurnResult } from '../../conversation/inbound.ts';
import type { OutgoingActivity } from './reply-activities.ts';

/** How many of the latest messages travel with the hand-off; the staff console has the rest. */
export const TRANSCRIPT_MESSAGES = 30;

export interface TranscriptLine {
  author: StoredMessage['author'];
  text: string;
  at: string;
}

export function handoffEvent(escalation: NonNullable<TurnResult['escalation']>, history: readonly StoredMessage[]): OutgoingActivity {
  const transcript: TranscriptLine[] = history.slice(-TRANSCRIPT_MESSAGES).map((m) => ({ author: m.author, text: m.text, at: m.createdAt.toISOString() }));
  return {
    type: 'event',
    name: 'handoff.initiate',
    value: { reason: escalation.reason, priority: escalation.priority },
    attachments: [{ contentType: 'application/json', name: 'Transcript', content: { summary: escalation.summary, transcript } }],
  };
}
