// Turns played without the engine (unit tests, the knowledge eval): a message read as the engine
// reads it, and decideTurn's dependencies from the real content as the engine gives them
// (src/conversation/engine.ts).

import type { Content } from '../../src/content/load-content.ts';
import type { FlowDeps } from '../../src/domain/flow/context.ts';
import type { KnowledgeMatch } from '../../src/domain/knowledge.ts';
import type { Language, NluResult } from '../../src/domain/types.ts';

/** The NLU's reading, then the knowledge base's closest entries in the language it found. */
export async function readMessage(content: Content, text: string, fallback: Language): Promise<{ nlu: NluResult; knowledge: KnowledgeMatch[] }> {
  const nlu = await content.nlu.parse(text, fallback);
  return { nlu, knowledge: await content.knowledge.lookup(text, nlu.language) };
}

/** The content's policy, phrases and knowledge base, a 30-minute silence; `turn` adds the rest or replaces any. */
export function contentFlowDeps(content: Content, turn: Pick<FlowDeps, 'now' | 'newId'> & Partial<FlowDeps>): FlowDeps {
  return { policy: content.policy, phrases: content.phrases, knowledgeBase: content.knowledge, silenceResumeMs: 30 * 60_000, ...turn };
}
