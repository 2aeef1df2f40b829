// The conversation engine: turn(inbound) → replies, with every effect written in one transaction.
// Channel-blind. Messages of one conversation are processed in order, one at a time; a message
// seen before returns its earlier replies; a failure mid-turn still answers the customer and
// queues the conversation for a person.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Content } from '../content/load-content.ts';
import type { FlowDeps, TurnInput } from '../domain/flow/context.ts';
import { decideTurn, type TurnOutcome } from '../domain/flow/decide.ts';
import { quotedOrderNumber } from '../domain/flow/order-on-file.ts';
import type { Reply } from '../domain/flow/effects.ts';
import { writeHandoffSummaries } from '../domain/flow/handoff-summary.ts';
import { parseFlowState, type FlowState } from '../domain/flow/state.ts';
import { maskSensitiveNumbers } from '../domain/pii-mask.ts';
import { staffAvailability, type StaffHours } from '../domain/staff-hours.ts';
import type { Language, NluResult } from '../domain/types.ts';
import { matchIncident, type IncidentIndex } from '../domain/crisis/incident-match.ts';
import type { ConversationAssist } from './assist.ts';
import type { ConversationEvent, ConversationEvents } from './events.ts';
import type { TurnCommittedListener } from './committed-turn.ts';
import type { ConversationMetrics } from './conversation-metrics.ts';
import type { ConversationLock } from './conversation-lock.ts';
import type { EscalationLimit } from './escalation-limit.ts';
import type { Inbound, TurnResult } from './inbound.ts';
import { LlmTurn } from './llm-turn.ts';
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
  /** Inbound text arrives cleaned by its channel (clean-text.ts); longer text is cut to this, defensively. */
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

export class Engine {
  private readonly clock: () => Date;
  private readonly newId: () => string;
  /** LLM mode's part in each turn; absent without an assist. */
  private readonly llm: LlmTurn | undefined;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.llm = deps.assist
      ? new LlmTurn({
          assist: deps.assist,
          budgetMs: deps.assistBudgetMs ?? 0,
          conversations: deps.conversations,
          content: deps.content,
          logger: deps.logger,
          publish: (conversationId, event) => this.publish(conversationId, event),
        })
      : undefined;
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
    const text = storableText(inbound.text, this.deps.maxMessageChars);
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
      // Nothing to read (channels clean text to '' when nothing visible is left), no photo, no command:
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
    const { llm } = this;
    // A turn of the embedded NLU takes milliseconds: only LLM mode shows "typing…".
    llm?.showTyping(conversation.id);
    const state = parsedState ?? parseFlowState(conversation.flowState);
    const fallback = state.language ?? (inbound.locale as Language | undefined) ?? (customer.locale as Language);
    const parsed = await content.nlu.parse(inbound.text, fallback);
    const deadline = llm ? llm.deadline() : 0;
    const understood = llm ? await llm.understand(inbound, parsed, conversation, customer, state, deadline) : undefined;
    const nlu = inbound.intent ? { ...parsed, intent: inbound.intent, confidence: 1 } : (understood?.nlu ?? parsed);
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
    if (llm && understood?.personOffer) await llm.offerPerson(outcome, understood.personOffer, language, conversation);
    const replies = llm ? await llm.phrase(inbound, outcome, language, conversation.id, customer, deadline) : outcome.replies;
    // After the wording: the statement staff wrote goes out as they wrote it.
    const crisisNotice = this.tellCrisisStatement(outcome, replies, language, conversation);
    return this.commitAndAnnounce(
      {
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
      },
      outcome.state,
    );
  }

  /**
   * The end of every turn, the usual and the fail-safe one: writes it in one transaction, tells
   * the live views and the listeners, and hands a new escalation on. `state` is the flow state written.
   */
  private async commitAndAnnounce(write: TurnWrite, state: FlowState): Promise<TurnResult> {
    const { conversation } = write;
    const written = await this.deps.conversations.commitTurn(write);
    // Not awaited: the live events leave in the same write as the lock's release (one Redis round trip, not two).
    void this.announce(conversation, written, state);
    this.deps.onTurnCommitted?.({ conversation, effects: write.effects, status: written.status });
    const result = this.result(conversation.id, write.customerId, written.replies, written.status, state);
    // The turn that recorded the agreement leaves the complaint at step 5, follow-through.
    if (write.contact.outcome === 'commitment' && result.step === undefined) result.step = 5;
    const escalation = write.effects.find((e) => e.type === 'escalate');
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
    const now = this.clock();
    return this.commitAndAnnounce(
      {
        conversation,
        customerId: customer.id,
        now,
        inbound: { text: inbound.text, ...channelIds(inbound) },
        replies: [{ text }],
        flowState: JSON.stringify(state),
        locale: language,
        effects: [
          { type: 'escalate', reason: 'internal_error', priority: 80, summary: summaries.en, summaries },
          { type: 'setStatus', status: 'queued' },
        ],
        contact: { id: contactId, kind: state.complaint ? 'complaint' : 'inquiry', summary: summaries.en, outcome: 'escalated' },
        ...this.deliveryDue(inbound, now),
      },
      state,
    );
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

/** Text the store rejects, should a channel hand it over uncleaned: NUL, and a surrogate without its pair (also what cutting can leave). */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * The defensive check on text the channel has cleaned already (clean-text.ts): at most `maxChars`,
 * and nothing the store would refuse. One regular-expression test on the usual path; no copy.
 */
function storableText(text: string, maxChars: number): string {
  const cut = text.length > maxChars ? text.slice(0, maxChars) : text;
  return UNSTORABLE.test(cut) ? cut.replace(UNSTORABLE_ALL, '') : cut;
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
