// LLM mode: the model reads the customer's message (structured output, proposals through tools)
// and words the replies the five-step flow decided. Everything it sends out is masked for
// personal data; everything it sends back is checked: the reading against its schema (one retry,
// then the embedded reading stands) and against the customer's own words (reading-gate.ts), the
// proposals against those words and the policy (tool-gate.ts), the wording against the draft
// (output-guard.ts). Tokens and cost are recorded per conversation.

import type { AssistCustomer, ConversationAssist, PhraseRequest, Understood, UnderstandRequest } from '../conversation/assist.ts';
import type { Reply } from '../domain/flow/effects.ts';
import type { Policy } from '../domain/policy.ts';
import type { NluResult } from '../domain/types.ts';
import type { ModelAnswer, ModelClient, ModelUsage } from './model-client.ts';
import { checkRewrite } from './output-guard.ts';
import { maskPii } from './pii.ts';
import type { PersonOfferReason, PromptLibrary } from './prompt-library.ts';
import { weighReading } from './reading-gate.ts';
import { gateToolCalls, TOOLS } from './tool-gate.ts';
import { parseUnderstanding, UNDERSTANDING_JSON_SCHEMA } from './understanding.ts';

/** Replies shorter than this are not worth streaming. */
const STREAM_FROM_CHARS = 120;
const SEPARATOR = /\n?^---$\n?/m;

/** Where tokens, cost, refused proposals and rejected rewrites are written. */
export interface LlmRecords {
  usage(conversationId: string, usage: ModelUsage & { costMicros: number }): Promise<void>;
  refusal(conversationId: string, event: { kind: RefusalKind; details: Record<string, unknown> }): Promise<void>;
}

/** What is written to the audit log as `llm.<kind>`. */
export type RefusalKind = 'tool_refused' | 'reading_overruled' | 'reply_rejected' | 'understanding_invalid';

export interface LlmAssistOptions {
  model: ModelClient;
  prompts: PromptLibrary;
  policy: Policy;
  records: LlmRecords;
  sendPii: boolean;
  stream: boolean;
  /** US dollars per 1,000 tokens. */
  price: { input: number; output: number };
  onError?: (error: unknown) => void;
}

export class LlmAssist implements ConversationAssist {
  constructor(private readonly options: LlmAssistOptions) {}

  async understand(request: UnderstandRequest): Promise<Understood | null> {
    const { model, prompts } = this.options;
    const complaint = request.state.complaint;
    const masked = this.mask([request.text, ...request.recent.map((m) => m.text), recordText(request.customer)]);
    const [text, ...rest] = masked.texts.map(asData);
    const record = rest.pop()!;
    const conversation = request.recent.map((m, i) => `${m.author}: ${rest[i]}`).join('\n');
    let answer: ModelAnswer;
    try {
      answer = await model.call({
        purpose: 'understand',
        deadline: request.deadline,
        jsonSchema: { name: 'understanding', schema: UNDERSTANDING_JSON_SCHEMA },
        tools: TOOLS,
        messages: [
          { role: 'system', content: prompts.understandPrompt({ step: complaint ? String(complaint.step) : 'none (no open complaint)', language: request.embedded.language }) },
          {
            role: 'user',
            content: `<customer_record>\n${record}\n</customer_record>\n<conversation>\n${conversation}\n</conversation>\n<customer_message>\n${text}\n</customer_message>\n<embedded_reading>\n${embeddedReading(request.embedded)}\n</embedded_reading>`,
          },
        ],
        // Proposals alone are a usable answer; otherwise the reading must match the schema.
        accept: (a) => a.toolCalls.length > 0 || parseUnderstanding(a.content) !== null,
        onUsage: (usage) => this.recordUsage(request.conversationId, usage),
      });
    } catch (error) {
      this.options.onError?.(error);
      await this.refusal(request.conversationId, 'understanding_invalid', { error: (error as Error).message });
      return null;
    }
    const { embedded } = request;
    const understanding = parseUnderstanding(answer.content);
    const gate = gateToolCalls(answer.toolCalls, {
      policy: this.options.policy,
      tier: request.customer.tier,
      customerSaid: { intent: embedded.intent, emotion: embedded.emotion, ...(embedded.entities.safety ? { safety: true } : {}) },
      ...(complaint
        ? {
            complaint: {
              step: complaint.step,
              category: complaint.category,
              ...(complaint.chosen ? { chosen: complaint.chosen } : {}),
              ...(complaint.requestedCents !== undefined ? { requestedCents: complaint.requestedCents } : {}),
            },
          }
        : {}),
    });
    for (const refused of gate.refused) await this.refusal(request.conversationId, 'tool_refused', refused);
    const reading = understanding ? weighReading(embedded, understanding, { complaintOpen: complaint !== undefined }) : undefined;
    for (const overruled of reading?.overruled ?? []) await this.refusal(request.conversationId, 'reading_overruled', { ...overruled });
    const reason: PersonOfferReason | undefined = reading?.concern ?? (gate.personProposed ? 'asked' : undefined);
    return { nlu: reading?.nlu ?? embedded, ...(reason ? { personOffer: this.options.prompts.personOffers[reason] } : {}) };
  }

  async phrase(request: PhraseRequest): Promise<Reply[]> {
    const { model, prompts } = this.options;
    const drafts = request.replies.map((r) => r.text);
    if (!drafts.length) return request.replies;
    const masked = this.mask([request.customerText, recordText(request.customer), ...drafts]);
    const [customerText, record, ...maskedDrafts] = masked.texts.map(asData);
    const allowedFacts = [request.customerText, recordText(request.customer)];
    const guard = (candidate: string, draft: string, partial = false) =>
      checkRewrite(candidate, { language: request.language, draft, allowedFacts, canary: prompts.canary, instructionLines: prompts.instructionLines }, { partial });
    const streaming = this.options.stream && request.onDraft && drafts[0]!.length >= STREAM_FROM_CHARS;
    let draftOpen = true;
    let content: string;
    try {
      const answer = await model.call({
        purpose: 'reply',
        deadline: request.deadline,
        messages: [
          { role: 'system', content: prompts.replyPrompt({ tone: request.moment, language: request.language }) },
          { role: 'user', content: `<customer_record>\n${record}\n</customer_record>\n<customer_message>\n${customerText}\n</customer_message>\n<drafts>\n${maskedDrafts.join('\n---\n')}\n</drafts>` },
        ],
        accept: (a) => a.content.split(SEPARATOR).filter((part) => part.trim()).length === drafts.length,
        onUsage: (usage) => this.recordUsage(request.conversationId, usage),
        ...(streaming
          ? {
              onDelta: (soFar: string) => {
                if (!draftOpen) return;
                const first = masked.restore(soFar.split(SEPARATOR)[0] ?? '');
                // Only what passes the guard so far is shown; the first slip ends the live draft. A
                // number still being written is held back until it is whole and checked.
                if (!guard(first, drafts[0]!, true).ok) draftOpen = false;
                else if (!SEPARATOR.test(soFar)) request.onDraft!(first.replace(/\d+$/, ''));
              },
            }
          : {}),
      });
      content = answer.content;
    } catch (error) {
      this.options.onError?.(error);
      return request.replies;
    }
    const parts = content.split(SEPARATOR).filter((part) => part.trim());
    const replies: Reply[] = [];
    for (const [index, reply] of request.replies.entries()) {
      const candidate = masked.restore(parts[index]!.trim());
      const verdict = guard(candidate, reply.text);
      if (verdict.ok) replies.push({ ...reply, text: candidate });
      else {
        replies.push(reply);
        await this.refusal(request.conversationId, 'reply_rejected', { reason: verdict.reason, detail: verdict.detail });
      }
    }
    return replies;
  }

  private mask(texts: string[]): { texts: string[]; restore: (text: string) => string } {
    if (this.options.sendPii) return { texts, restore: (t) => t };
    return maskPii(texts);
  }

  private recordUsage(conversationId: string, usage: ModelUsage): void {
    const { input, output } = this.options.price;
    const costMicros = Math.round(((usage.promptTokens * input + usage.completionTokens * output) / 1000) * 1_000_000);
    void this.options.records.usage(conversationId, { ...usage, costMicros }).catch((error: unknown) => this.options.onError?.(error));
  }

  private async refusal(conversationId: string, kind: RefusalKind, details: Record<string, unknown>): Promise<void> {
    await this.options.records.refusal(conversationId, { kind, details }).catch((error: unknown) => this.options.onError?.(error));
  }
}

/**
 * What the embedded NLU read, for the model to check rather than start from nothing (only the
 * fields of the model's own reading; no contact details).
 */
function embeddedReading(nlu: NluResult): string {
  const { entities } = nlu;
  return JSON.stringify({
    intent: nlu.intent,
    confidence: nlu.confidence,
    emotion: nlu.emotion,
    category: entities.category ?? null,
    want: entities.want ?? null,
    safety: entities.safety === true,
    orderNumber: entities.orderNumbers?.[0] ?? null,
  });
}

/**
 * Text that goes to the model inside our tags cannot open or close one of them: whatever it says
 * stays data (the customer's message, their profile, the drafts that quote them).
 */
function asData(text: string): string {
  return text.replace(/<\s*(\/?)\s*(customer_record|conversation|customer_message|embedded_reading|drafts|knowledge)\b[^>]*>/gi, '‹$1$2›');
}

function recordText(customer: AssistCustomer): string {
  return [`name: ${customer.name ?? 'unknown'}`, `tier: ${customer.tier}`, ...(customer.phone ? [`phone: ${customer.phone}`] : []), ...(customer.email ? [`email: ${customer.email}`] : [])].join('\n');
}
