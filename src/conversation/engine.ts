// The conversation engine: turn(inbound) → replies, with every effect written in one transaction.
// Channel-blind. Messages of one conversation are processed in order, one at a time; a message
// seen before returns its earlier replies; a failure mid-turn still answers the customer and
// queues the conversation for a person.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Content } from '../content/load-content.ts';
import { isChoicePress, type FlowDeps, type TurnInput } from '../domain/flow/context.ts';
import { decideTurn, type TurnOutcome } from '../domain/flow/decide.ts';
import { quotedOrderNumber } from '../domain/flow/order-on-file.ts';
import type { Reply } from '../domain/flow/effects.ts';
import { writeHandoffSummaries } from '../domain/flow/handoff-summary.ts';
import { parseFlowState, type FlowState } from '../domain/flow/state.ts';
import { maskSensitiveNumbers } from '../domain/pii-mask.ts';
import { staffAvailability, type StaffHours } from '../domain/staff-hours.ts';
import type { Language, NluResult } from '../domain/types.ts';
import { matchIncident, type IncidentIndex } from '../domain/crisis/incident-match.ts';
import type { AssistCustomer, ConversationAssist, PhraseRequest, Understood } from './assist.ts';
import type { ConversationEvent, ConversationEvents } from './events.ts';
import type { TurnCommittedListener } from './committed-turn.ts';
import type { ConversationMetrics } from './conversation-metrics.ts';
import type { ConversationLock } from './conversation-lock.ts';
import type { EscalationLimit } from './escalation-limit.ts';
import type { Inbound, TurnResult } from './inbound.ts';
import {
  DuplicateMessageError,
  StaleConversationError,
  type ConversationRecord,
  type ConversationStore,
  type CustomerOrderLookup,
  type CustomerRecord,
  type IdentityStore,
  type LoadedConversation,
  type StoredMessage,
  type TurnWrite,
  type TurnWritten,
} from './ports.ts';

export interface EngineDeps {
  identities: IdentityStore;
  conversations: ConversationStore;
  content: Content;
  lock: ConversationLock;
  events: ConversationEvents;
  logger: Logger;
  clock?: () => Date;
  newId?: () => string;
  silenceResumeMs: number;
  /** A reply whose channel confirms delivery itself, and has not within this long, is the delivery sweeper's to send. Default 60 s. */
  deliveryRetryAfterMs?: number;
  maxMessageChars: number;
  /** When people are at work; absent → always (escalations wait for a person, never a callback). */
  staffHours?: StaffHours;
  /** LLM mode: reads messages and words replies; absent → the embedded NLU and templates alone. */
  assist?: ConversationAssist;
  /** How long LLM mode may take in one turn before the embedded answer goes out. */
  assistBudgetMs?: number;
  /**
   * Called after a turn that queued the conversation for a person is committed (routing, staff
   * alerts). Awaited, but its errors are logged and never fail the turn.
   */
  onEscalated?: (conversationId: string, escalation: Escalation) => Promise<void>;
  /** How often a conversation may join the staff queue a day; absent → no limit. */
  escalationLimit?: EscalationLimit;
  /** The shop's orders: an order number the customer quotes is looked up among their own; absent → numbers are kept unchecked. */
  orders?: CustomerOrderLookup;
  /** Counts messages, turn durations and handoffs (Prometheus); absent → not counted. */
  metrics?: ConversationMetrics;
  /** Told synchronously after each committed turn, with what it did (outgoing webhooks); must return at once and never throw. */
  onTurnCommitted?: TurnCommittedListener;
  /** The open crisis incidents, read synchronously (kept in memory by crisis/open-incidents.ts); absent → none. */
  openIncidents?: () => IncidentIndex;
  /** Ask a rating when the bot resolved a conversation alone (CSAT_ENABLED and CSAT_AFTER_BOT); absent → never. */
  ratingAfterBot?: boolean;
}

export type Escalation = NonNullable<TurnResult['escalation']>;

const STALE_RETRIES = 3;
/** LLM mode: at most this often a live draft goes out on the conversation's events. */
const DRAFT_EVENT_EVERY_MS = 100;
/** LLM mode: how far back a person offered (by button) counts as offered in this conversation. */
const PERSON_OFFER_LOOKBACK = 200;

export class Engine {
  private readonly clock: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  async turn(inbound: Inbound): Promise<TurnResult> {
    const { metrics } = this.deps;
    if (!metrics) return this.runTurn(inbound);
    const started = performance.now();
    const result = await this.runTurn(inbound);
    metrics.turnDone(inbound.channel, result, (performance.now() - started) / 1000);
    return result;
  }

  private async runTurn(inbound: Inbound): Promise<TurnResult> {
    const text = cleanText(inbound.text).slice(0, this.deps.maxMessageChars);
    const identity =
      inbound.knownIdentity ??
      (await this.deps.identities.findIdentity(inbound.channel, inbound.externalUserId)) ??
      (await this.deps.identities.createIdentity({
        channel: inbound.channel,
        externalId: inbound.externalUserId,
        ...(inbound.displayName ? { name: inbound.displayName } : {}),
        ...(inbound.locale ? { locale: inbound.locale } : {}),
      }));
    return this.deps.lock.run(identity.identityId, async () => {
      // The conversation and whether this message was seen before, in one read.
      const opened = await this.deps.conversations.openConversation(identity.identityId, identity.customerId, inbound.channel, inbound.locale, inbound.channelMessageId);
      if (opened.alreadyProcessed && inbound.channelMessageId) {
        const seen = await this.deps.conversations.findProcessed(inbound.channelMessageId);
        if (seen) return this.duplicateResult(seen.inbound.conversationId, identity.customerId, seen.replies);
      }
      // Nothing visible (e.g. only zero-width characters), no photo, no command: nothing to read, so
      // no turn — otherwise a few of them would count as misunderstandings and queue for a person.
      if (!text && !inbound.attachments?.length && !inbound.intent) return this.emptyResult(opened.conversation);
      // Card and ID numbers never enter the turn: not the flow's facts, summaries, the model or the store.
      const state = parseFlowState(opened.conversation.flowState);
      return this.processWithRetry({ ...inbound, text: maskSensitiveNumbers(text, { orderNumberExpected: asksForOrderNumber(state) }) }, opened, state);
    });
  }

  /** `opened` is the conversation as read before the turn; a retry after a concurrent change reads it again. */
  private async processWithRetry(inbound: Inbound, opened: LoadedConversation, openedState: FlowState): Promise<TurnResult> {
    const conversationId = opened.conversation.id;
    let loaded = opened;
    let state: FlowState | undefined = openedState;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.process(inbound, loaded, state);
      } catch (error) {
        if (error instanceof DuplicateMessageError && inbound.channelMessageId) {
          const seen = await this.deps.conversations.findProcessed(inbound.channelMessageId);
          if (seen) return this.duplicateResult(conversationId, '', seen.replies);
        }
        if (error instanceof StaleConversationError && attempt < STALE_RETRIES) {
          const reloaded = await this.deps.conversations.loadConversation(conversationId);
          if (reloaded) {
            loaded = reloaded;
            state = undefined;
            continue;
          }
        }
        this.deps.logger.error({ err: error, conversationId }, 'turn failed; handing the conversation to a person');
        return this.failSafe(inbound, conversationId);
      }
    }
  }

  /** `parsedState` is `loaded`'s flow state when the caller has parsed it already. */
  private async process(inbound: Inbound, loaded: LoadedConversation, parsedState?: FlowState): Promise<TurnResult> {
    const { conversation, customer } = loaded;
    const { content } = this.deps;
    // Only a model's reply takes long enough for "typing…" to be seen; a turn of the embedded NLU takes milliseconds.
    if (this.deps.assist) void this.publish(conversation.id, { type: 'typing', on: true, author: 'bot' });
    const state = parsedState ?? parseFlowState(conversation.flowState);
    const fallback = state.language ?? (inbound.locale as Language | undefined) ?? (customer.locale as Language);
    const parsed = await content.nlu.parse(inbound.text, fallback);
    const deadline = Date.now() + (this.deps.assistBudgetMs ?? 0);
    const understood = await this.understand(inbound, parsed, conversation, customer, state, deadline);
    const nlu = inbound.intent ? { ...parsed, intent: inbound.intent, confidence: 1 } : understood.nlu;
    const explicitIntent = inbound.intent !== undefined;
    const knowledge = await content.knowledge.lookup(inbound.text, nlu.language);
    const now = this.clock();
    // The queue only matters while waiting; the commitments only on the first message back from people.
    const queue = conversation.status === 'queued' ? await this.deps.conversations.queuePlace(conversation.id) : null;
    const commitments = conversation.status === 'bot' && state.escalation ? await this.deps.conversations.openCommitments(conversation.id) : [];
    const mentionedOrder = await this.lookUpOrder(customer.id, nlu, state, conversation.id);
    const input: TurnInput = {
      text: inbound.text,
      nlu,
      knowledge,
      customer: { id: customer.id, name: customer.name, tier: customer.tier, phone: customer.phone, email: customer.email, timezone: customer.timezone },
      status: conversation.status,
      state,
      ...(inbound.attachments ? { attachments: inbound.attachments } : {}),
      ...(explicitIntent ? { explicitIntent: true } : {}),
      ...(queue ? { queue } : {}),
      ...(commitments.length ? { commitments } : {}),
      ...(mentionedOrder ? { mentionedOrder } : {}),
    };
    const flowDeps: FlowDeps = {
      now,
      policy: content.policy,
      phrases: content.phrases,
      knowledgeBase: content.knowledge,
      newId: this.newId,
      silenceResumeMs: this.deps.silenceResumeMs,
      ...(this.deps.staffHours ? { staff: staffAvailability(this.deps.staffHours, now), staffHours: this.deps.staffHours } : {}),
      guessProduct: (text, language) => content.nlu.guessProduct(text, language),
      ...(this.deps.ratingAfterBot ? { ratingAfterBot: true } : {}),
    };
    let outcome = decideTurn(input, flowDeps);
    // Only a turn that would queue the conversation asks whether it may today (no Redis read on every message).
    if (joinsQueue(outcome, conversation) && (await this.deps.escalationLimit?.reached(conversation.id, now))) {
      outcome = decideTurn({ ...input, escalationLimitReached: true }, flowDeps);
    }
    // A rating turn writes a contact row of its own (chat-rating.ts): the conversation's stays as it was.
    const contactId = outcome.contact.id ?? state.contactId ?? this.newId();
    if (!outcome.contact.id) outcome.state.contactId = contactId;
    // The reply language is the flow's: the customer may have asked for the other one.
    const language = outcome.state.language ?? nlu.language;
    if (understood.personOffer) await this.offerPerson(outcome, understood.personOffer, language, conversation);
    const replies = await this.phrase(inbound, outcome, language, conversation.id, customer, deadline);
    // After the wording: the statement staff wrote goes out as they wrote it.
    const crisisNotice = this.tellCrisisStatement(outcome, replies, language, conversation);
    const written = await this.deps.conversations.commitTurn({
      conversation,
      customerId: customer.id,
      now,
      inbound: { text: inbound.text, ...channelIds(inbound), nlu },
      replies,
      flowState: JSON.stringify(outcome.state),
      locale: language,
      effects: outcome.effects,
      contact: { ...outcome.contact, id: contactId },
      ...(crisisNotice ? { crisisNotice } : {}),
      ...this.deliveryDue(inbound, now),
    });
    // Not awaited: the live events leave in the same write as the lock's release (one Redis round trip, not two).
    void this.announce(conversation, written, outcome.state);
    this.deps.onTurnCommitted?.({ conversation, effects: outcome.effects, status: written.status });
    const result = this.result(conversation.id, customer.id, written.replies, written.status, outcome.state);
    // The turn that recorded the agreement leaves the complaint at step 5, follow-through.
    if (outcome.contact.outcome === 'commitment' && result.step === undefined) result.step = 5;
    const escalation = outcome.effects.find((e) => e.type === 'escalate');
    // Handed to people by this turn; a waiting customer's message that only raised the urgency is not a new handoff.
    if (escalation && conversation.status !== 'queued') result.escalation = { reason: escalation.reason, priority: escalation.priority, summary: escalation.summary };
    await this.escalated(result);
    return result;
  }

  /** When the delivery sweeper may send this turn's replies, for a channel that confirms its sends. */
  private deliveryDue(inbound: Inbound, now: Date): { deliveryDueAt?: Date } {
    return inbound.confirmsDelivery ? { deliveryDueAt: new Date(now.getTime() + (this.deps.deliveryRetryAfterMs ?? 60_000)) } : {};
  }

  /** Something broke: the customer still gets an honest answer and the conversation goes to a person. */
  private async failSafe(inbound: Inbound, conversationId: string): Promise<TurnResult> {
    const loaded = await this.deps.conversations.loadConversation(conversationId);
    if (!loaded) throw new Error(`conversation ${conversationId} vanished`);
    const { conversation, customer } = loaded;
    const state = parseFlowState(conversation.flowState);
    const language: Language = /\p{Script=Han}/u.test(inbound.text) ? 'zh' : ((state.language ?? customer.locale) as Language);
    const { phrases, policy } = this.deps.content;
    const minutes = policy.handoffWaitMinutes[customer.tier];
    const text = `${phrases.say('handoff.internal_error', language)} ${phrases.say('handoff.next', language, { minutes })}`;
    const contactId = state.contactId ?? this.newId();
    state.contactId = contactId;
    const summaries = writeHandoffSummaries(phrases, { reason: 'internal_error', customer, ...(state.complaint ? { complaint: state.complaint } : {}), lastMessage: inbound.text });
    const escalation = { reason: 'internal_error', priority: 80, summary: summaries.en } as const;
    const write: TurnWrite = {
      conversation,
      customerId: customer.id,
      now: this.clock(),
      inbound: { text: inbound.text, ...channelIds(inbound) },
      replies: [{ text }],
      flowState: JSON.stringify(state),
      locale: language,
      effects: [
        { type: 'escalate', ...escalation, summaries },
        { type: 'setStatus', status: 'queued' },
      ],
      contact: { id: contactId, kind: state.complaint ? 'complaint' : 'inquiry', summary: summaries.en, outcome: 'escalated' },
      ...this.deliveryDue(inbound, this.clock()),
    };
    const written = await this.deps.conversations.commitTurn(write);
    void this.announce(conversation, written, state);
    this.deps.onTurnCommitted?.({ conversation, effects: write.effects, status: written.status });
    const result = this.result(conversation.id, customer.id, written.replies, written.status, state);
    if (conversation.status !== 'queued') result.escalation = { ...escalation };
    await this.escalated(result);
    return result;
  }

  /**
   * LLM mode's reading of the message, when it comes in time; otherwise (or for a button press,
   * or while people own the conversation) the embedded one. What of the model's reading counts is
   * the assist's to decide (src/llm/reading-gate.ts): never more than the customer's words allow.
   */
  private async understand(inbound: Inbound, embedded: NluResult, conversation: ConversationRecord, customer: CustomerRecord, state: FlowState, deadline: number): Promise<Understood> {
    const { assist } = this.deps;
    if (!assist || inbound.intent || isChoicePress(state, inbound.text) || conversation.status === 'human') return { nlu: embedded };
    try {
      const recent = (await this.deps.conversations.recentMessages(conversation.id, 6)).map((m) => ({ author: m.author, text: m.text }));
      return (await assist.understand({ conversationId: conversation.id, text: inbound.text, embedded, state, customer: assistCustomer(customer), recent, deadline })) ?? { nlu: embedded };
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: conversation.id }, 'LLM understanding failed; the embedded reading stands');
      return { nlu: embedded };
    }
  }

  /**
   * LLM mode: the model thinks a person should help, but neither the customer's words nor the flow
   * handed over. The bot does not hand over on the model's word; its last reply offers a person
   * with the "talk to a person" button, and the customer decides. Once per conversation: not when
   * the button was shown before (by this offer or by the flow).
   */
  private async offerPerson(outcome: TurnOutcome, offer: Record<Language, string>, language: Language, conversation: ConversationRecord): Promise<void> {
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

  /**
   * While a crisis incident is open, a complaint in its scope (category, product, or a keyword of
   * the complaint's first message) is told the holding statement once per conversation, right
   * before the bot's next question; the five steps carry on as usual. No incident open (the
   * usual case): one size check.
   */
  private tellCrisisStatement(outcome: TurnOutcome, replies: Reply[], language: Language, conversation: ConversationRecord): TurnWrite['crisisNotice'] {
    const index = this.deps.openIncidents?.();
    const complaint = outcome.state.complaint;
    if (!index?.size || !complaint || !replies.length || conversation.status === 'human') return undefined;
    const opened = outcome.effects.find((e) => e.type === 'openCase');
    const told = outcome.state.crisisTold ?? [];
    const incident = matchIncident(index, { category: complaint.category, product: complaint.facts.product, keywords: opened?.keywords }, told);
    if (!incident) return undefined;
    outcome.state.crisisTold = [...told, incident.id];
    const text = this.deps.content.phrases.say('crisis.holding_statement', language, { statement: incident.statement[language] });
    replies.splice(Math.max(0, replies.length - 1), 0, { text });
    return { incidentId: incident.id, caseId: complaint.caseId, language };
  }

  /** LLM mode's wording of the replies the flow decided (streamed as a live draft when long). */
  private async phrase(inbound: Inbound, outcome: TurnOutcome, language: Language, conversationId: string, customer: CustomerRecord, deadline: number): Promise<Reply[]> {
    const { assist } = this.deps;
    if (!assist || !outcome.replies.length) return outcome.replies;
    let lastDraftAt = 0;
    try {
      return await assist.phrase({
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
          if (Date.now() - lastDraftAt < DRAFT_EVENT_EVERY_MS) return;
          lastDraftAt = Date.now();
          void this.publish(conversationId, { type: 'draft', text, author: 'bot' });
        },
      });
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId }, 'LLM wording failed; the drafted replies stand');
      return outcome.replies;
    }
  }

  /**
   * The order number the message quotes, looked up among this customer's own orders. A message
   * without one reads nothing; a failed read leaves the number unchecked rather than failing the turn.
   */
  private async lookUpOrder(customerId: string, nlu: NluResult, state: FlowState, conversationId: string): Promise<TurnInput['mentionedOrder']> {
    const { orders } = this.deps;
    const number = orders ? quotedOrderNumber(nlu.entities, state.complaint?.asking) : undefined;
    if (!orders || !number) return undefined;
    try {
      return { number, order: await orders.findCustomerOrder(customerId, number) };
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId }, 'could not look up the order number; it stays unchecked');
      return undefined;
    }
  }

  /** Tells the listener about a turn that left the conversation queued for a person. */
  private async escalated(result: TurnResult): Promise<void> {
    if (!result.escalation || result.status !== 'queued') return;
    try {
      // Inside the conversation's lock, like the check before the turn: two turns cannot both slip under the limit.
      await this.deps.escalationLimit?.record(result.conversationId, this.clock());
    } catch (error) {
      this.deps.logger.warn({ err: error, conversationId: result.conversationId }, 'could not count a handoff towards the daily limit');
    }
    if (!this.deps.onEscalated) return;
    try {
      await this.deps.onEscalated(result.conversationId, result.escalation);
    } catch (error) {
      this.deps.logger.error({ err: error, conversationId: result.conversationId }, 'after an escalation: routing or staff alert failed');
    }
  }

  private async announce(conversation: ConversationRecord, written: TurnWritten, state: FlowState): Promise<void> {
    const { status, queue } = written;
    const events: ConversationEvent[] = [
      { type: 'message', message: written.inbound },
      ...written.replies.map((message): ConversationEvent => ({ type: 'message', message })),
      { type: 'typing', on: false, author: 'bot' },
    ];
    // A status event also when only the queue's order changed (a waiting customer's priority), so consoles re-sort.
    if (status !== conversation.status || state.complaint || queue) {
      events.push({
        type: 'status',
        status,
        previousStatus: conversation.status,
        ...(state.complaint ? { step: state.complaint.step } : {}),
        ...(queue ? { priority: queue.priority, queueReason: queue.reason } : {}),
      });
    }
    await this.publish(conversation.id, ...events);
  }

  private async publish(conversationId: string, ...events: ConversationEvent[]): Promise<void> {
    try {
      await this.deps.events.publish(conversationId, ...events);
    } catch (error) {
      // Live updates are best effort: the message is stored and the history route serves it.
      this.deps.logger.warn({ err: error, conversationId }, 'could not publish a live event');
    }
  }

  private result(conversationId: string, customerId: string, replies: StoredMessage[], status: TurnResult['status'], state: FlowState): TurnResult {
    const result: TurnResult = { conversationId, customerId, replies, status, duplicate: false };
    if (state.complaint) result.step = state.complaint.step;
    return result;
  }

  private emptyResult(conversation: ConversationRecord): TurnResult {
    const result: TurnResult = { conversationId: conversation.id, customerId: conversation.customerId, replies: [], status: conversation.status, duplicate: false };
    const step = parseFlowState(conversation.flowState).complaint?.step;
    if (step !== undefined) result.step = step;
    return result;
  }

  private async duplicateResult(conversationId: string, customerId: string, replies: StoredMessage[]): Promise<TurnResult> {
    const loaded = await this.deps.conversations.loadConversation(conversationId);
    const state = loaded ? parseFlowState(loaded.conversation.flowState) : undefined;
    const result: TurnResult = {
      conversationId,
      customerId: loaded?.customer.id ?? customerId,
      replies,
      status: loaded?.conversation.status ?? 'bot',
      duplicate: true,
    };
    if (state?.complaint) result.step = state.complaint.step;
    return result;
  }
}

export type { CustomerRecord };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;
/** "\ud800" is valid JSON but cannot be encoded as UTF-8, so the store would reject it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Invisible characters with no use in a chat message: zero-width space, word joiner and invisible operators, BOM, soft hyphen, Mongolian vowel separator. */
const STRAY_INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\u00AD\u180E]/g;
/**
 * What shows nothing on its own: white space, format characters (zero-width joiners, direction
 * marks, tags), variation selectors, the combining grapheme joiner, blank "letters" (Hangul
 * fillers, the blank Braille pattern). Kept inside a message (they join emoji, shape scripts);
 * a message of nothing else is empty.
 */
const SHOWS_NOTHING = /[\s\p{Cf}\p{Zs}\uFE00-\uFE0F\u{E0100}-\u{E01EF}\u034F\u115F\u1160\u3164\uFFA0\u2800]/gu;

/**
 * Removes control characters (keeps newlines and tabs), replacement characters, lone surrogates,
 * stray invisible characters and surrounding white space; a text of invisible characters alone becomes ''.
 */
export function cleanText(text: string): string {
  const cleaned = text.replace(LONE_SURROGATE, '').replace(CONTROL, '').replace(STRAY_INVISIBLE, '').trim();
  return cleaned.replace(SHOWS_NOTHING, '') ? cleaned : '';
}

/** The bot's last question was the order number: a bare digit run answers it (see domain/pii-mask.ts). */
function asksForOrderNumber(state: FlowState): boolean {
  const { complaint } = state;
  return complaint?.asking === 'orderNumber' || complaint?.correcting === true;
}

/** The outcome hands a conversation not yet waiting to people (a new queue entry and staff alert). */
function joinsQueue(outcome: TurnOutcome, conversation: ConversationRecord): boolean {
  return conversation.status !== 'queued' && outcome.effects.some((e) => e.type === 'setStatus' && e.status === 'queued');
}

function channelIds(inbound: Inbound): { channelMessageId?: string } {
  return inbound.channelMessageId ? { channelMessageId: inbound.channelMessageId } : {};
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
