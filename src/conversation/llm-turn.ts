// LLM mode's part in a turn: the typing indicator, the turn's time budget, the model's reading of
// the message, a person offered on the model's word, and the model's wording of the replies the
// flow decided (streamed as live drafts). Every step falls back to the embedded answer: nothing
// here fails a turn. The engine holds one only when an assist is configured, so a turn without
// LLM mode pays nothing for it.

import type { Logger } from 'pino';
import type { Content } from '../content/load-content.ts';
import { isChoicePress } from '../domain/flow/context.ts';
import type { TurnOutcome } from '../domain/flow/decide.ts';
import type { Reply } from '../domain/flow/effects.ts';
import type { FlowState } from '../domain/flow/state.ts';
import type { Language, NluResult } from '../domain/types.ts';
import type { AssistCustomer, ConversationAssist, PhraseRequest, Understood } from './assist.ts';
import type { ConversationEvent } from './events.ts';
import type { Inbound } from './inbound.ts';
import type { ConversationRecord, ConversationStore, CustomerRecord } from './ports.ts';

export interface LlmTurnDeps {
  assist: ConversationAssist;
  /** How long LLM mode may take in one turn before the embedded answer goes out. */
  budgetMs: number;
  conversations: Pick<ConversationStore, 'recentMessages'>;
  content: Content;
  logger: Logger;
  /** Best effort: the engine's publish, which logs its own failures. */
  publish: (conversationId: string, event: ConversationEvent) => Promise<void>;
}

/** At most this often a live draft goes out on the conversation's events. */
const DRAFT_EVENT_EVERY_MS = 100;
/** How far back a person offered (by button) counts as offered in this conversation. */
const PERSON_OFFER_LOOKBACK = 200;

export class LlmTurn {
  constructor(private readonly deps: LlmTurnDeps) {}

  /** A turn begins: only a model's reply takes long enough for "typing…" to be seen. */
  showTyping(conversationId: string): void {
    void this.deps.publish(conversationId, { type: 'typing', on: true, author: 'bot' });
  }

  /**
   * When the turn's time for the model runs out (ms since the epoch). On the real clock, not the
   * engine's injected one: the model client measures its time-outs against it
   * (src/llm/model-client.ts), and a test's fixed or shifted clock would time every call out.
   */
  deadline(): number {
    return Date.now() + this.deps.budgetMs;
  }

  /**
   * The model's reading of the message, when it comes in time; otherwise (or for a button press,
   * or while people own the conversation) the embedded one. What of the model's reading counts is
   * the assist's to decide (src/llm/reading-gate.ts): never more than the customer's words allow.
   */
  async understand(inbound: Inbound, embedded: NluResult, conversation: ConversationRecord, customer: CustomerRecord, state: FlowState, deadline: number): Promise<Understood> {
    if (inbound.intent || isChoicePress(state, inbound.text) || conversation.status === 'human') return { nlu: embedded };
    try {
      const recent = (await this.deps.conversations.recentMessages(conversation.id, 6)).map((m) => ({ author: m.author, text: m.text }));
      return (await this.deps.assist.understand({ conversationId: conversation.id, text: inbound.text, embedded, state, customer: assistCustomer(customer), recent, deadline })) ?? { nlu: embedded };
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: conversation.id }, 'LLM understanding failed; the embedded reading stands');
      return { nlu: embedded };
    }
  }

  /**
   * The model thinks a person should help, but neither the customer's words nor the flow handed
   * over. The bot does not hand over on the model's word; its last reply offers a person with the
   * "talk to a person" button, and the customer decides. Once per conversation: not when the
   * button was shown before (by this offer or by the flow).
   */
  async offerPerson(outcome: TurnOutcome, offer: Record<Language, string>, language: Language, conversation: ConversationRecord): Promise<void> {
    const last = outcome.replies.at(-1);
    if (!last || conversation.status !== 'bot' || outcome.effects.some((e) => e.type === 'escalate' || e.type === 'setStatus')) return;
    const { phrases } = this.deps.content;
    const labels = phrases.allLanguages('choice.person');
    const shown = (choices: readonly string[] | undefined) => choices?.some((c) => labels.includes(c)) === true;
    if (outcome.replies.some((r) => shown(r.choices))) return;
    const earlier = await this.deps.conversations.recentMessages(conversation.id, PERSON_OFFER_LOOKBACK);
    if (earlier.some((m) => m.author === 'bot' && shown(m.choices))) return;
    const choices = [...(last.choices ?? []), phrases.say('choice.person', language)];
    outcome.replies[outcome.replies.length - 1] = { ...last, text: language === 'zh' ? `${last.text}${offer.zh}` : `${last.text} ${offer.en}`, choices };
    // The button is pressed, not written: the press is recognised as one.
    outcome.state.lastChoices = choices;
  }

  /** The model's wording of the replies the flow decided, streamed as a live draft while it writes. */
  async phrase(inbound: Inbound, outcome: TurnOutcome, language: Language, conversationId: string, customer: CustomerRecord, deadline: number): Promise<Reply[]> {
    if (!outcome.replies.length) return outcome.replies;
    // A duration between drafts, so the monotonic clock rather than any wall clock.
    let lastDraftAt = Number.NEGATIVE_INFINITY;
    try {
      return await this.deps.assist.phrase({
        conversationId,
        language,
        customerText: inbound.text,
        customer: assistCustomer(customer),
        moment: momentOf(outcome),
        replies: outcome.replies,
        deadline,
        onDraft: (text) => {
          inbound.onDraft?.(text);
          // Every instance and console hears each live event: a few a second are enough to read.
          const at = performance.now();
          if (at - lastDraftAt < DRAFT_EVENT_EVERY_MS) return;
          lastDraftAt = at;
          void this.deps.publish(conversationId, { type: 'draft', text, author: 'bot' });
        },
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId }, 'LLM wording failed; the drafted replies stand');
      return outcome.replies;
    }
  }
}

function assistCustomer(customer: CustomerRecord): AssistCustomer {
  return { id: customer.id, name: customer.name, tier: customer.tier, phone: customer.phone, email: customer.email };
}

/** Where the turn left the conversation, for the tone of its wording. */
function momentOf(outcome: TurnOutcome): PhraseRequest['moment'] {
  if (outcome.effects.some((e) => e.type === 'escalate')) return 'handoff';
  if (outcome.contact.kind === 'revisit' || outcome.contact.kind === 'rating') return 'survey';
  const step = outcome.state.complaint?.step ?? (outcome.contact.kind === 'complaint' ? 5 : undefined);
  if (step !== undefined) return `step${step}` as PhraseRequest['moment'];
  return outcome.contact.outcome === 'answered' && outcome.replies.length <= 1 && outcome.state.answered.length === 0 ? 'small_talk' : 'inquiry';
}
