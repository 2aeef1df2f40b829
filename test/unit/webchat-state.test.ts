// The web chat's message list (src/channels/webchat/public/chat-state.js): messages from the POST
// answer, the live stream and history replays merge without duplicates in a stable order; only the
// latest unanswered quick replies stay active; the bot's draft gives way to its reply; own sends
// queue, fail and are retried.

import { describe, expect, it } from 'vitest';
import {
  activeChoicesKey,
  addOwnMessage,
  applyDraft,
  mergeMessages,
  nextToSend,
  ownMessage,
  pickChoice,
  readWireMessage,
  retryFailed,
  setDelivery,
  type ChatMessage,
} from '../../src/channels/webchat/public/chat-state.js';

const NOW = '2026-12-06T10:00:00.000Z';
const at = (second: number) => `2026-12-06T09:00:${String(second).padStart(2, '0')}.000Z`;
const texts = (messages: readonly ChatMessage[]) => messages.map((m) => `${m.author}:${m.text}`);
const ids = (messages: readonly ChatMessage[]) => messages.map((m) => m.id);

/** The customer sends "Hello" from this page: shown at once, not yet known to the server. */
function sentHello(): readonly ChatMessage[] {
  return addOwnMessage([], { clientMessageId: 'c-1', text: 'Hello', now: NOW });
}

describe('merging messages from the POST answer, the live stream and history', () => {
  it('shows each server message once, whichever source brings it first', () => {
    let messages = sentHello();
    // The POST answer: the bot's replies, without times.
    messages = mergeMessages(setDelivery(messages, 'c-1', 'sent'), [{ author: 'bot', id: 11, text: 'Hi! How can I help?' }], NOW);
    // The live stream: our own echo, then the same reply again.
    messages = mergeMessages(messages, [{ id: 10, author: 'customer', text: 'Hello', clientMessageId: 'c-1', createdAt: at(1) }], NOW);
    messages = mergeMessages(messages, [{ id: 11, author: 'bot', text: 'Hi! How can I help?', createdAt: at(2) }], NOW);
    // A history replay of all of it.
    const replay = [
      { id: 10, author: 'customer', text: 'Hello', clientMessageId: 'c-1', createdAt: at(1) },
      { id: 11, author: 'bot', text: 'Hi! How can I help?', createdAt: at(2) },
    ];
    const replayed = mergeMessages(messages, replay, NOW);
    expect(replayed).toBe(messages); // nothing new: the same list
    expect(texts(replayed)).toEqual(['customer:Hello', 'bot:Hi! How can I help?']);
    expect(ids(replayed)).toEqual([10, 11]);
  });

  it('completes the customer’s own message with the server’s echo in place', () => {
    const sent = sentHello();
    const echoed = mergeMessages(sent, [{ id: 10, author: 'customer', text: 'Hello', clientMessageId: 'c-1', createdAt: at(1) }], NOW);
    expect(echoed).toHaveLength(1);
    expect(echoed[0]).toMatchObject({ key: 'cc-1', id: 10, delivery: 'sent', createdAt: at(1), localTime: false });
  });

  it('fills a gap from history in server order, without moving anything above a message the server does not know yet', () => {
    let messages = mergeMessages(
      [],
      [
        { id: 1, author: 'bot', text: 'first' },
        { id: 4, author: 'bot', text: 'fourth' },
      ],
      NOW,
    );
    messages = mergeMessages(
      messages,
      [
        { id: 3, author: 'staff', text: 'third' },
        { id: 2, author: 'customer', text: 'second' },
      ],
      NOW,
    );
    expect(ids(messages)).toEqual([1, 2, 3, 4]);
    messages = addOwnMessage(messages, { clientMessageId: 'c-9', text: 'pending', now: NOW });
    messages = mergeMessages(messages, [{ id: 5, author: 'staff', text: 'late staff message' }], NOW);
    expect(texts(messages).slice(-2)).toEqual(['customer:pending', 'staff:late staff message']);
  });

  it('reads a message without a usable id as nothing, an unknown author as a notice and a missing time as local', () => {
    expect(readWireMessage({ author: 'bot', text: 'no id' }, NOW)).toBeNull();
    expect(readWireMessage({ id: 'abc', author: 'bot', text: 'bad id' }, NOW)).toBeNull();
    expect(readWireMessage({ id: 7, author: 'robot', text: 'x', choices: ['a', 2] }, NOW)).toMatchObject({ author: 'system', choices: ['a', '2'], createdAt: NOW, localTime: true });
    expect(mergeMessages([], [{ text: 'no id' }], NOW)).toEqual([]);
  });
});

describe('active quick replies', () => {
  const question = [{ id: 1, author: 'bot', text: 'Which would you like?', choices: ['Refund', 'Replacement'] }];

  it('belong to the latest message that offers some, until the customer answers', () => {
    let messages = mergeMessages(
      [],
      [
        { id: 1, author: 'bot', text: 'old question', choices: ['A', 'B'] },
        { id: 2, author: 'customer', text: 'A' },
      ],
      NOW,
    );
    expect(activeChoicesKey(messages)).toBeNull();
    messages = mergeMessages(
      messages,
      [
        { id: 3, author: 'bot', text: 'new question', choices: ['Yes', 'No'] },
        { id: 4, author: 'bot', text: 'a remark without choices' },
      ],
      NOW,
    );
    expect(activeChoicesKey(messages)).toBe('m3');
    messages = pickChoice(messages, 'm3', 'Yes');
    messages = addOwnMessage(messages, { clientMessageId: 'c-2', text: 'Yes', now: NOW });
    expect(activeChoicesKey(messages)).toBeNull();
    expect(messages.find((m) => m.key === 'm3')?.picked).toBe('Yes');
  });

  it('stay active when the answer was refused by the server', () => {
    let messages = mergeMessages([], question, NOW);
    messages = addOwnMessage(messages, { clientMessageId: 'c-2', text: 'x'.repeat(10), now: NOW });
    messages = setDelivery(messages, 'c-2', 'rejected');
    expect(activeChoicesKey(messages)).toBe('m1');
  });

  it('count a staff message’s choices too', () => {
    expect(activeChoicesKey(mergeMessages([], [{ id: 5, author: 'staff', text: 'Call you at 3?', choices: ['Yes'] }], NOW))).toBe('m5');
  });
});

describe('the bot’s live draft', () => {
  it('grows in one message at the end and is replaced by the reply itself', () => {
    let messages = mergeMessages([], [{ id: 1, author: 'customer', text: 'How long does delivery take?' }], NOW);
    messages = applyDraft(messages, 'Happy', NOW);
    messages = applyDraft(messages, 'Happy to help! Orders', NOW);
    expect(messages.filter((m) => m.draft)).toHaveLength(1);
    expect(messages.at(-1)).toMatchObject({ draft: true, author: 'bot', text: 'Happy to help! Orders' });
    messages = mergeMessages(messages, [{ id: 2, author: 'bot', text: 'Happy to help! Orders paid before 3 pm ship today.' }], NOW);
    expect(messages.some((m) => m.draft)).toBe(false);
    expect(texts(messages)).toEqual(['customer:How long does delivery take?', 'bot:Happy to help! Orders paid before 3 pm ship today.']);
  });

  it('ignores a draft that arrives after the reply it grew into, and an empty one', () => {
    const messages = mergeMessages([], [{ id: 2, author: 'bot', text: 'Happy to help! Orders paid before 3 pm ship today.' }], NOW);
    expect(applyDraft(messages, 'Happy to help!', NOW)).toBe(messages);
    expect(applyDraft(messages, '', NOW)).toBe(messages);
    expect(applyDraft(messages, undefined, NOW)).toBe(messages);
  });

  it('stays when a staff message arrives meanwhile', () => {
    let messages = applyDraft([], 'Let me check', NOW);
    messages = mergeMessages(messages, [{ id: 3, author: 'staff', text: 'I am here too' }], NOW);
    expect(messages.some((m) => m.draft)).toBe(true);
  });
});

describe('own sends', () => {
  it('go one at a time in order; a failed one holds the rest until it is retried', () => {
    let messages = sentHello();
    messages = addOwnMessage(messages, { clientMessageId: 'c-2', text: 'Are you there?', now: NOW });
    expect(nextToSend(messages)?.clientMessageId).toBe('c-1');
    messages = setDelivery(messages, 'c-1', 'sending');
    messages = setDelivery(messages, 'c-1', 'failed');
    expect(nextToSend(messages)?.clientMessageId).toBe('c-1');
    expect(ownMessage(messages, 'c-1')?.delivery).toBe('failed');

    messages = retryFailed(messages);
    expect(ownMessage(messages, 'c-1')?.delivery).toBe('queued');
    expect(ownMessage(messages, 'c-1')?.clientMessageId).toBe('c-1'); // the same id, so the server can tell a repeat
    messages = setDelivery(messages, 'c-1', 'sent');
    expect(nextToSend(messages)?.clientMessageId).toBe('c-2');
    messages = setDelivery(messages, 'c-2', 'rejected');
    expect(nextToSend(messages)).toBeUndefined();
    expect(retryFailed(messages)).toBe(messages);
  });

  it('a send whose answer was lost but whose echo arrived counts as sent', () => {
    let messages = setDelivery(sentHello(), 'c-1', 'failed');
    messages = mergeMessages(messages, [{ id: 10, author: 'customer', text: 'Hello', clientMessageId: 'c-1', createdAt: at(1) }], NOW);
    expect(ownMessage(messages, 'c-1')).toMatchObject({ id: 10, delivery: 'sent' });
    expect(nextToSend(messages)).toBeUndefined();
  });

  it('the same message sent from another tab shows as the customer’s, once', () => {
    let messages = sentHello();
    const other = { id: 20, author: 'customer', text: 'From my phone', clientMessageId: 'other-tab', createdAt: at(5) };
    messages = mergeMessages(messages, [other], NOW);
    messages = mergeMessages(messages, [other], NOW);
    expect(texts(messages)).toEqual(['customer:Hello', 'customer:From my phone']);
    expect(messages[1]?.delivery).toBeUndefined();
  });
});
