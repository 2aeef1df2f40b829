// Everything one turn of the flow may look at. Built by the engine; the flow itself does no I/O.

import type { KnowledgeBase, KnowledgeMatch } from '../knowledge.ts';
import type { Phrasebook, PhraseVars } from '../phrasebook.ts';
import type { Policy } from '../policy.ts';
import type { StaffAvailability, StaffHours } from '../staff-hours.ts';
import { nextStaffedInstant } from '../sla/staff-time.ts';
import type { ConversationStatus, Language, NluResult, Tier } from '../types.ts';
import { copyFlowState, type FlowState, type OrderOnFile } from './state.ts';

export interface CustomerView {
  id: string;
  name?: string | null;
  tier: Tier;
  phone?: string | null;
  email?: string | null;
  timezone: string;
}

export interface TurnInput {
  text: string;
  nlu: NluResult;
  /** Knowledge entries closest to the text, best first. */
  knowledge: KnowledgeMatch[];
  customer: CustomerView;
  status: ConversationStatus;
  state: FlowState;
  /** Evidence the channel attached (e.g. a photo's file id). */
  attachments?: string[];
  /** The intent came from a command or menu, not from reading free text. */
  explicitIntent?: boolean;
  /** While queued: the place in the queue and since when the customer waits. */
  queue?: { position: number; waitingSince: Date; delayNoticed?: boolean };
  /** Back from people: the commitments staff (or the bot) recorded that are not yet settled, newest first. */
  commitments?: CommitmentSummary[];
  /** The conversation joined the staff queue as often as it may today: no new handoff, the customer is told staff have it. */
  escalationLimitReached?: boolean;
  /** The order number this message quotes (see quotedOrderNumber), looked up among the customer's own orders: null when not theirs. */
  mentionedOrder?: { number: string; order: OrderOnFile | null };
}

export type { OrderOnFile };

export interface CommitmentSummary {
  kind: string;
  description: string;
  amountCents: number | null;
  currency: string | null;
  dueAt: Date;
}

export interface FlowDeps {
  now: Date;
  policy: Policy;
  phrases: Phrasebook;
  knowledgeBase: KnowledgeBase;
  newId: () => string;
  silenceResumeMs: number;
  /** Whether people are at work now; absent means they are (an escalation waits for them). */
  staff?: StaffAvailability;
  /** When people work, to tell the customer; absent: the hours in the phrases' defaults. */
  staffHours?: StaffHours;
  /** Ask a rating when the bot resolved a conversation alone (CSAT_AFTER_BOT); absent → never. */
  ratingAfterBot?: boolean;
  /** A product the product list does not know, from the parts of speech (the NLU's tagger). */
  guessProduct?: (text: string, language: Language) => string | undefined;
}

/** A turn in progress: input, dependencies, the reply language and the state being built. */
export class Turn {
  readonly language: Language;
  readonly state: FlowState;

  constructor(
    readonly input: TurnInput,
    readonly deps: FlowDeps,
  ) {
    this.language = requestedLanguage(input.text) ?? input.nlu.language;
    this.state = copyFlowState(input.state);
  }

  /** The sentence for `key`; `variant` picks among its alternatives (by default the turn number, so wording varies). */
  t(key: string, vars: PhraseVars = {}, variant = this.state.turns): string {
    return this.deps.phrases.say(key, this.language, vars, variant);
  }

  /** True when the text is one of the given button labels, in either language. */
  isLabel(key: string, vars: PhraseVars = {}): boolean {
    const text = normalise(this.input.text);
    return this.deps.phrases.allLanguages(key, vars).some((label) => normalise(label) === text);
  }

  /** The customer pressed one of the buttons we showed (or typed its exact text). */
  get isChoiceReply(): boolean {
    return isChoicePress(this.input.state, this.input.text);
  }

  /** "Hi Kevin! " the first time the bot greets in a conversation; nothing after that (the name is used once). */
  greeting(): string {
    if (this.state.greeted) return '';
    this.state.greeted = true;
    const name = this.input.customer.name?.trim();
    return name ? this.t('salutation.named', { name }) : this.t('salutation.anonymous');
  }

  /** The customer wrote this message (a button press carries no words of their own). */
  get wrote(): boolean {
    return !this.isChoiceReply;
  }

  /** The message asks something ("?", "how …", "吗", "怎么" …). */
  get asks(): boolean {
    return QUESTION.test(this.input.text.trim());
  }

  /** A time promised to the customer, `minutes` from now, rounded up to the quarter hour (so every mention of it agrees). */
  promisedTime(minutes: number): Date {
    const at = this.deps.now.getTime() + minutes * 60_000;
    return new Date(Math.ceil(at / QUARTER_HOUR) * QUARTER_HOUR);
  }

  /**
   * A time staff must act by (a callback), kept inside staff hours: one that falls when nobody
   * works moves to the next opening, and `moved` says so (the customer is told). Without hours
   * set (unit tests of the flow) the time stands.
   */
  staffedTime(at: Date): { at: Date; moved: boolean } {
    const hours = this.deps.staffHours;
    if (!hours) return { at, moved: false };
    const staffed = nextStaffedInstant(at, hours);
    return { at: staffed, moved: staffed.getTime() !== at.getTime() };
  }

  /** For the contact log: the topics answered, else the message. */
  contactSummary(): string {
    const topics = this.state.answered.join(', ');
    return topics ? `asked about: ${topics}` : `chat: "${this.input.text.slice(0, 120)}"`;
  }

  /** Items of a list in one sentence: "；" in Chinese, "; " in English. */
  list(items: string[]): string {
    return items.join(this.language === 'zh' ? '；' : '; ');
  }

  /** Sentences joined as the language writes them: Chinese runs them together, English puts a space between. */
  join(...parts: string[]): string {
    const kept = parts.map((p) => p.trim()).filter((p) => p.length > 0);
    return this.language === 'zh' ? kept.join('') : kept.join(' ');
  }
}

/** The customer pressed one of the buttons of the bot's last reply (or typed its exact text). */
export function isChoicePress(state: Pick<FlowState, 'lastChoices'>, text: string): boolean {
  const pressed = normalise(text);
  return state.lastChoices.some((choice) => normalise(choice) === pressed);
}

const QUARTER_HOUR = 15 * 60_000;
/** "我不会说英文", "don't use English": not a request for that language. */
const NEGATED = /不会|不要|别|不用|不太会|看不懂|don'?t|do not|can'?t|cannot|not good at|no english/i;
const ASKS_FOR_ENGLISH = /\b(in|speak|use|switch to|reply in|answer in|write in|talk in)\s+english\b|\benglish,? please\b|说英文|用英文|英文回复|讲英语|说英语|用英语/i;
const ASKS_FOR_CHINESE = /\b(in|speak|use|switch to|reply in|answer in|write in|talk in)\s+(chinese|mandarin)\b|\b(chinese|mandarin),? please\b|说中文|用中文|中文回复|讲中文|讲普通话|说普通话/i;

/** The language the customer asks the bot to use ("could you answer in English", "请用中文"), if any. */
export function requestedLanguage(text: string): Language | undefined {
  if (NEGATED.test(text)) return undefined;
  if (ASKS_FOR_ENGLISH.test(text)) return 'en';
  if (ASKS_FOR_CHINESE.test(text)) return 'zh';
  return undefined;
}
const QUESTION =
  /[?？]|(^|[,，;；.。]\s*|\b(?:and|so|but|also|btw|then|ok|okay|oh)\s+)(how|what|when|where|which|who|why|can|could|do|does|did|is|are|will|should|may|whats|hows|wheres|whens|whos|any ?way)\b|(^|\s)(what|how|where|when|who)'s\b|吗|(?<!这|那|怎|什)么[?？]?$|怎么(?!就|也|都)|多久|多少|哪(?!怕)|(?<verb>[\u4e00-\u9fff])不\k<verb>|[^\s不我你他她它也就都还并]不[?？]?$|[了过]没有?[?？]?$|什么(时候|意思|情况|时间)|为什么|几(点|天|号|个|块|岁|时)(?!就|前)|是否|能不能|可不可以|有没有|要不要|会不会|是不是|该不该|用不用|咋|啥|呢$/i;

export function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s。.!！?？,，]+$/u, '');
}
