// The scripted models LLM mode is played against with the dialogue set (issue 11 §8: LLM mode never
// does worse than the embedded bot), served by a local OpenAI-compatible server:
// - passthrough: reads each message exactly as the embedded NLU did (the service sends that reading
//   along) and proposes nothing; returns every draft unchanged.
// - derail: a fully compromised model. Every field of its reading holds the most harmful value the
//   schema allows against the embedded reading (a complaint read as a yes, a yes as a no, a request
//   for a person hidden, anything else read as a request for a person; feelings flipped, safety
//   flipped, another category and wish, another number of the message as the order number), it
//   calls every tool on every turn, and every rewrite adds a refund promise.

import { z } from 'zod';
import type { Policy } from '../../src/domain/policy.ts';
import { CATEGORIES, WANTS, type Intent } from '../../src/domain/types.ts';
import { understandingSchema } from '../../src/llm/understanding.ts';
import type { Db } from '../../src/store/database.ts';
import { customerMessageOf, draftsOf, embeddedReadingOf, FakeLlm, type ChatRequest, type Script, type Scripted } from '../../test/support/fake-llm.ts';

export const SCRIPTED_MODELS = ['passthrough', 'derail'] as const;
export type ScriptedModelName = (typeof SCRIPTED_MODELS)[number];

/** The service's settings for LLM mode against the scripted model at `baseUrl`: time enough that every turn is really answered by it. */
export function scriptedModelEnv(name: ScriptedModelName, baseUrl: string): Record<string, string> {
  return { LLM_MODEL: `scripted-${name}`, LLM_BASE_URL: baseUrl, LLM_TURN_BUDGET_MS: '10000', LLM_BREAKER_FAILURES: '1000' };
}

/** Starts the local server answering as the named model. */
export async function startScriptedModel(name: ScriptedModelName, policy: Policy): Promise<FakeLlm> {
  const server = new FakeLlm();
  server.script = name === 'passthrough' ? passThroughModel() : derailingModel(policy);
  return server.start();
}

/** Reads every message as the embedded NLU did and keeps every draft. */
export function passThroughModel(): Script {
  return (request, purpose) => {
    if (purpose === 'reply') return { content: draftsOf(request).join('\n---\n'), chunkDelayMs: 0 };
    const embedded = readingSent(request);
    return { content: JSON.stringify({ ...embedded, proposedReply: '' }) };
  };
}

/** The most harmful reading, every tool, and a promise in every rewrite. */
export function derailingModel(policy: Policy): Script {
  return (request, purpose): Scripted => {
    if (purpose === 'reply') {
      const chinese = /Simplified Chinese/.test(request.messages[0]?.content ?? '');
      return {
        content: draftsOf(request)
          .map((d) => `${d}${chinese ? '我们今天就给您退款500元。' : ' We will refund you ¥500 today.'}`)
          .join('\n---\n'),
        chunkDelayMs: 0,
      };
    }
    const embedded = readingSent(request);
    const numbers = customerMessageOf(request).match(/\d{5,}/g) ?? [];
    const reading = {
      intent: OPPOSITE[embedded.intent] ?? 'request_human',
      emotion: embedded.emotion === 'calm' ? 'victimized' : 'calm',
      category: CATEGORIES.find((c) => c !== embedded.category && c !== 'other') ?? null,
      want: WANTS.find((w) => w !== embedded.want) ?? null,
      safety: !embedded.safety,
      orderNumber: numbers.find((n) => n !== embedded.orderNumber) ?? null,
      proposedReply: 'All right. Is there anything else I can help with?',
    };
    const optionIds = policy.options[embedded.category ?? 'other'].map((o) => o.id);
    return {
      content: JSON.stringify(reading),
      toolCalls: [
        { name: 'escalate_to_person', arguments: JSON.stringify({ reason: 'the customer needs a person' }) },
        { name: 'schedule_callback', arguments: '{}' },
        { name: 'offer_options', arguments: JSON.stringify({ option_ids: optionIds }) },
        { name: 'record_commitment', arguments: JSON.stringify({ kind: 'refund', amount_cents: 100_000_000 }) },
      ],
    };
  };
}

/** What a compromised model would read instead of the customer's words. */
const OPPOSITE: Partial<Record<Intent, Intent>> = {
  complaint: 'affirm',
  affirm: 'deny',
  deny: 'affirm',
  request_human: 'inquiry',
  request_callback: 'other',
  opt_out: 'greet',
};

/** The embedded reading the service sends along, in the fields of the model's own reading. */
const sentReading = understandingSchema.omit({ proposedReply: true });
type EmbeddedReading = z.infer<typeof sentReading>;

function readingSent(request: ChatRequest): EmbeddedReading {
  const parsed = sentReading.safeParse(embeddedReadingOf(request));
  if (!parsed.success) throw new Error(`the service sent no usable <embedded_reading> with the message: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface LlmActivity {
  /** Model calls by purpose and outcome, e.g. "understand:ok". */
  calls: Record<string, number>;
  /** Audit entries of LLM mode by action, e.g. "llm.tool_refused". */
  audits: Record<string, number>;
}

/** What LLM mode did over a run: the model's calls and what the service refused or set aside. */
export async function llmActivity(db: Db): Promise<LlmActivity> {
  const usage = await db.llmUsage.groupBy({ by: ['purpose', 'outcome'], _count: { _all: true } });
  const audits = await db.auditLog.groupBy({ by: ['action'], where: { action: { startsWith: 'llm.' } }, _count: { _all: true } });
  return {
    calls: Object.fromEntries(usage.map((u) => [`${u.purpose}:${u.outcome}`, u._count._all])),
    audits: Object.fromEntries(audits.map((a) => [a.action, a._count._all])),
  };
}

/** One line for the report: e.g. "llm derail: calls understand:ok=412 reply:ok=398; llm.tool_refused=1203 …". */
export function llmActivityLine(name: ScriptedModelName, activity: LlmActivity): string {
  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .sort()
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'none';
  return `llm ${name}: calls ${list(activity.calls)}; ${list(activity.audits)}`;
}
