// The optional helper that makes conversations more natural (LLM mode): it may read the message
// better than the embedded NLU and word the replies the flow decided more naturally. It never
// decides what is promised, and it never fails a turn: whatever it cannot do in time, the
// embedded path does.

import type { Reply } from '../domain/flow/effects.ts';
import type { FlowState } from '../domain/flow/state.ts';
import type { Language, NluResult, Tier } from '../domain/types.ts';

export interface AssistCustomer {
  id: string;
  name: string | null;
  tier: Tier;
  phone: string | null;
  email: string | null;
}

export interface UnderstandRequest {
  conversationId: string;
  text: string;
  /** What the embedded NLU read; the fallback, and the floor for safety. */
  embedded: NluResult;
  state: FlowState;
  customer: AssistCustomer;
  /** The last few messages, oldest first. */
  recent: { author: string; text: string }[];
  /** Absolute deadline (ms since epoch) for everything the assist does in this turn. */
  deadline: number;
}

export interface Understood {
  nlu: NluResult;
  /**
   * The model thinks a person should help, but the customer's words alone do not hand over: when
   * the turn does not hand over either, this line (in the reply's language) and the "talk to a
   * person" button are offered, and the customer decides.
   */
  personOffer?: Record<Language, string>;
}

export interface PhraseRequest {
  conversationId: string;
  language: Language;
  customerText: string;
  customer: AssistCustomer;
  /** Where the conversation is, for the tone: the complaint step, a handoff, a survey … */
  moment: 'inquiry' | 'small_talk' | 'step1' | 'step2' | 'step3' | 'step4' | 'step5' | 'handoff' | 'survey';
  replies: Reply[];
  deadline: number;
  /** Called with the growing text of the first reply while it is written (streaming). */
  onDraft?: (text: string) => void;
}

export interface ConversationAssist {
  /** A better reading of the message, or null (then the embedded one stands). */
  understand(request: UnderstandRequest): Promise<Understood | null>;
  /** The replies reworded; any reply that cannot be (in time, safely) is returned as it was. */
  phrase(request: PhraseRequest): Promise<Reply[]>;
}
