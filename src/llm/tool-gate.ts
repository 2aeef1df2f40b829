// The model may only propose actions; this gate decides, by the customer's words, the policy and
// the step, which proposals stand. Handing the conversation to a person or scheduling a callback
// changes its course, so the customer's own words must ask for it (the embedded reading: a request
// for a person or a callback; for a person also harm or a customer wronged); an accepted proposal
// then only agrees with what the flow does with those words. A refused request for a person is not
// lost: the engine offers the customer a button and lets them decide. Offering options and
// recording a commitment belong to the five-step flow: a proposal is accepted only when it is what
// the policy allows at this step, and even then the flow, not the model, writes the commitment —
// once the customer agrees. Anything else (a refund above the cap, an option the policy does not
// have, a tool the step does not allow) is refused, and every refusal is logged.

import type { ChatCompletionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { offersFor, type Policy } from '../domain/policy.ts';
import type { Category, Emotion, Intent, Tier } from '../domain/types.ts';

export const TOOL_NAMES = ['escalate_to_person', 'schedule_callback', 'offer_options', 'record_commitment'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

export const TOOLS: ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'escalate_to_person',
      description: 'Propose handing the conversation to a human colleague (the customer asked for one, or the case needs one).',
      parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: { name: 'schedule_callback', description: 'Propose a callback the customer asked for.', parameters: { type: 'object', properties: {}, additionalProperties: false } },
  },
  {
    type: 'function',
    function: {
      name: 'offer_options',
      description: 'Propose which of the policy’s solution options to offer for the complaint (by option id).',
      parameters: { type: 'object', properties: { option_ids: { type: 'array', items: { type: 'string' } } }, required: ['option_ids'], additionalProperties: false },
    },
  },
  {
    type: 'function',
    function: {
      name: 'record_commitment',
      description: 'Propose recording the commitment the customer agreed to.',
      parameters: {
        type: 'object',
        properties: { kind: { type: 'string' }, amount_cents: { type: 'integer' } },
        required: ['kind'],
        additionalProperties: false,
      },
    },
  },
];

/** Which proposals each moment of the conversation allows. */
const ALLOWED: Record<'none' | 1 | 2 | 3 | 4 | 5, readonly ToolName[]> = {
  none: ['escalate_to_person', 'schedule_callback'],
  1: ['escalate_to_person', 'schedule_callback'],
  2: ['escalate_to_person', 'schedule_callback'],
  3: ['escalate_to_person', 'schedule_callback', 'offer_options'],
  4: ['escalate_to_person', 'schedule_callback', 'offer_options', 'record_commitment'],
  5: ['escalate_to_person', 'schedule_callback'],
};

export interface GateContext {
  policy: Policy;
  tier: Tier;
  /** The open complaint, if any: its step, category and the option the customer chose. */
  complaint?: { step: number; category: Category; chosen?: string; requestedCents?: number };
  /** What the customer's own words say, as the embedded NLU read them. */
  customerSaid: { intent: Intent; emotion: Emotion; safety?: boolean };
}

export interface GateDecision {
  /** The model proposed a person (accepted or not): the engine may offer one when the turn does not hand over. */
  personProposed: boolean;
  accepted: { tool: string; args: unknown }[];
  refused: { tool: string; args: unknown; reason: string }[];
}

const recordArgs = z.object({ kind: z.string(), amount_cents: z.number().int().nonnegative().optional() });
const offerArgs = z.object({ option_ids: z.array(z.string()).min(1).max(5) });

export function gateToolCalls(calls: readonly { name: string; arguments: string }[], ctx: GateContext): GateDecision {
  const decision: GateDecision = { personProposed: false, accepted: [], refused: [] };
  const step = ctx.complaint ? (ctx.complaint.step as 1 | 2 | 3 | 4 | 5) : 'none';
  for (const call of calls) {
    if (call.name === 'escalate_to_person') decision.personProposed = true;
    let args: unknown;
    try {
      args = JSON.parse(call.arguments || '{}');
    } catch {
      decision.refused.push({ tool: call.name, args: call.arguments, reason: 'arguments are not JSON' });
      continue;
    }
    const refuse = (reason: string) => decision.refused.push({ tool: call.name, args, reason });
    if (!(TOOL_NAMES as readonly string[]).includes(call.name)) {
      refuse('no such tool');
      continue;
    }
    if (!ALLOWED[step].includes(call.name as ToolName)) {
      refuse(`not allowed ${step === 'none' ? 'outside a complaint' : `at step ${step}`}`);
      continue;
    }
    const problem = checkArgs(call.name as ToolName, args, ctx);
    if (problem) {
      refuse(problem);
      continue;
    }
    decision.accepted.push({ tool: call.name, args });
  }
  return decision;
}

function checkArgs(tool: ToolName, args: unknown, ctx: GateContext): string | undefined {
  const said = ctx.customerSaid;
  if (tool === 'escalate_to_person') {
    const backed = said.intent === 'request_human' || said.safety === true || said.emotion === 'victimized';
    return backed ? undefined : `the customer's words do not ask for a person (read as ${said.intent}, ${said.emotion})`;
  }
  if (tool === 'schedule_callback') return said.intent === 'request_callback' ? undefined : `the customer's words do not ask for a callback (read as ${said.intent})`;
  const complaint = ctx.complaint!;
  const offers = offersFor(ctx.policy, complaint.category, ctx.tier);
  if (tool === 'offer_options') {
    const parsed = offerArgs.safeParse(args);
    if (!parsed.success) return 'option_ids must be a list of option ids';
    const unknown = parsed.data.option_ids.filter((id) => !offers.some((o) => o.id === id));
    return unknown.length ? `the policy has no option ${unknown.join(', ')} for ${complaint.category}` : undefined;
  }
  const parsed = recordArgs.safeParse(args);
  if (!parsed.success) return 'record_commitment needs a kind (and a whole, non-negative amount_cents)';
  const chosen = offers.find((o) => o.id === complaint.chosen);
  if (!chosen) return 'the customer has not chosen an option yet';
  if (parsed.data.kind !== chosen.kind) return `the customer chose ${chosen.kind}, not ${parsed.data.kind}`;
  const amount = parsed.data.amount_cents;
  if (amount !== undefined) {
    if (chosen.refundCapCents === undefined && chosen.amountCents === undefined) return `the policy sets no amount for a ${chosen.kind}`;
    if (chosen.refundCapCents !== undefined && amount > chosen.refundCapCents) return `a refund of ${amount} cents is above the ${chosen.refundCapCents}-cent cap for tier ${ctx.tier}`;
    if (chosen.amountCents !== undefined && amount !== chosen.amountCents) return `the policy sets this ${chosen.kind} at ${chosen.amountCents} cents`;
    if (chosen.kind === 'refund' && complaint.requestedCents !== undefined && amount > complaint.requestedCents) return 'more than the customer asked for';
  }
  return undefined;
}
