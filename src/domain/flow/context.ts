// Everything one turn of the flow may look at. Built by the engine; the flow itself does no I/O.

import type { KnowledgeBase, KnowledgeMatch } from '../knowledge.ts';
import type { Phrasebook, PhraseVars } from '../phrasebook.ts';
import type { Policy } from '../policy.ts';
import type { StaffAvailability } from '../staff-hours.ts';
import type { ConversationStatus, Language, NluResult, Tier } from '../types.ts';
import type { FlowState } from './state.ts';

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
}

/** A turn in progress: input, dependencies, the reply language and the state being built. */
export class Turn {
  readonly language: Language;
  readonly state: FlowState;

  constructor(
    readonly input: TurnInput,
    readonly deps: FlowDeps,
  ) {
    this.language = input.nlu.language;
    this.state = structuredClone(input.state);
  }

  t(key: string, vars: PhraseVars = {}): string {
    return this.deps.phrases.say(key, this.language, vars, this.state.turns);
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

  get salutation(): string {
    const name = this.input.customer.name?.trim();
    return name ? this.t('salutation.named', { name }) : this.t('salutation.anonymous');
  }
}

/** The customer pressed one of the buttons of the bot's last reply (or typed its exact text). */
export function isChoicePress(state: Pick<FlowState, 'lastChoices'>, text: string): boolean {
  const pressed = normalise(text);
  return state.lastChoices.some((choice) => normalise(choice) === pressed);
}

export function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/[\s。.!！?？,，]+$/u, '');
}
