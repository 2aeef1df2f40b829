// After a run, reads every conversation's history back (GET /api/webchat/history) and checks it
// against what was sent and what each POST answered: the customer's messages in the order sent,
// none lost or duplicated, and each one's replies stored after it and before the next one.

import type { LoadOptions, SentMessage, Session } from './pipeline-load.ts';
import { pool } from './pipeline-load.ts';

/** The history route answers at most this many messages per page. */
const HISTORY_PAGE = 500;
const SAMPLES = 5;

export interface HistoryMessage {
  id: number;
  author: string;
  clientMessageId?: string;
}

export interface OrderReport {
  conversations: number;
  inOrder: number;
  /** Answered customer messages, or replies, missing from the history. */
  lost: number;
  /** Extra copies of a customer message. */
  duplicated: number;
  /** Customer messages stored out of the order sent, and replies outside their message's place. */
  outOfOrder: number;
  /** Customer messages in the history that were never sent by the bench. */
  unknown: number;
  /** Messages that are neither the bench's nor a reply a POST returned (follow-ups, notices). */
  others: number;
  /** Conversations whose history could not be read. */
  unreadable: number;
  samples: string[];
}

export interface ConversationVerdict {
  lost: number;
  duplicated: number;
  outOfOrder: number;
  unknown: number;
  others: number;
  problems: string[];
}

export async function checkOrder(load: LoadOptions, sessions: Session[]): Promise<OrderReport> {
  const report: OrderReport = { conversations: 0, inOrder: 0, lost: 0, duplicated: 0, outOfOrder: 0, unknown: 0, others: 0, unreadable: 0, samples: [] };
  const checked = sessions.filter((s) => s.sent.length > 0);
  await pool(checked.length, load.concurrency, async (i) => {
    const session = checked[i];
    if (!session) return;
    report.conversations += 1;
    const history = await readHistory(load, session);
    if (!history) {
      report.unreadable += 1;
      return;
    }
    const verdict = checkConversation(session.sent, history);
    report.lost += verdict.lost;
    report.duplicated += verdict.duplicated;
    report.outOfOrder += verdict.outOfOrder;
    report.unknown += verdict.unknown;
    report.others += verdict.others;
    if (verdict.problems.length === 0) report.inOrder += 1;
    for (const problem of verdict.problems) if (report.samples.length < SAMPLES) report.samples.push(`conversation ${session.index}: ${problem}`);
  });
  return report;
}

/** Every message of the session's conversation, oldest first, or undefined if a page failed (counted in the client's failures). */
async function readHistory({ client, ports }: LoadOptions, session: Session): Promise<HistoryMessage[] | undefined> {
  const port = ports[session.index % ports.length] ?? 0;
  const messages: HistoryMessage[] = [];
  for (;;) {
    const after = messages.at(-1)?.id ?? 0;
    const result = await client.call('order check: history', port, 'GET', `/api/webchat/history?after=${after}`, undefined, session.token);
    const page = (result?.json as { messages?: HistoryMessage[] } | undefined)?.messages;
    if (!result) return undefined;
    if (!Array.isArray(page)) {
      client.failures.add('order check: history without messages', JSON.stringify(result.json));
      return undefined;
    }
    messages.push(...page);
    if (page.length < HISTORY_PAGE) return messages;
  }
}

/** Checks one conversation's history (ordered by id, as the route answers it) against what was sent. */
export function checkConversation(sent: SentMessage[], history: HistoryMessage[]): ConversationVerdict {
  const verdict: ConversationVerdict = { lost: 0, duplicated: 0, outOfOrder: 0, unknown: 0, others: 0, problems: [] };
  const sentIndex = new Map(sent.map((message, index) => [message.clientMessageId, index]));
  const position = new Map(history.map((message, index) => [message.id, index]));

  // Customer messages: each sent one once, in the order sent.
  const customerAt = new Map<number, number>();
  let lastSent = -1;
  history.forEach((message, at) => {
    if (message.author !== 'customer') return;
    const index = message.clientMessageId === undefined ? undefined : sentIndex.get(message.clientMessageId);
    if (index === undefined) {
      verdict.unknown += 1;
      verdict.problems.push(`customer message ${message.id} (${message.clientMessageId ?? 'no client id'}) was never sent`);
    } else if (customerAt.has(index)) {
      verdict.duplicated += 1;
      verdict.problems.push(`${message.clientMessageId ?? ''} stored twice (ids ${history[customerAt.get(index) ?? 0]?.id ?? '?'} and ${message.id})`);
    } else {
      customerAt.set(index, at);
      if (index < lastSent) {
        verdict.outOfOrder += 1;
        verdict.problems.push(`${message.clientMessageId ?? ''} stored after ${sent[lastSent]?.clientMessageId ?? '?'}, which was sent later`);
      }
      lastSent = Math.max(lastSent, index);
    }
  });

  // Replies: stored after their own message and before the next customer message in the history.
  const replyIds = new Set<number>();
  sent.forEach((message, index) => {
    const at = customerAt.get(index);
    if (message.replyIds === undefined) return; // no valid answer: already counted as a failed request
    if (at === undefined) {
      verdict.lost += 1;
      verdict.problems.push(`${message.clientMessageId} was answered but is not in the history`);
      return;
    }
    const nextCustomer = history.findIndex((m, i) => i > at && m.author === 'customer');
    const end = nextCustomer === -1 ? history.length : nextCustomer;
    for (const id of message.replyIds) {
      replyIds.add(id);
      const replyAt = position.get(id);
      if (replyAt === undefined) {
        verdict.lost += 1;
        verdict.problems.push(`reply ${id} to ${message.clientMessageId} is not in the history`);
      } else if (replyAt <= at || replyAt >= end) {
        verdict.outOfOrder += 1;
        verdict.problems.push(`reply ${id} to ${message.clientMessageId} is not between that message and the next one`);
      }
    }
  });

  verdict.others = history.filter((m) => m.author !== 'customer' && !replyIds.has(m.id)).length;
  return verdict;
}
