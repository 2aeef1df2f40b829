// Builds LLM mode from the configuration: the model client, the versioned prompts and the assist
// the engine calls. Prompt files are read (and checked) at start, so a typo stops the boot.

import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Content } from '../content/load-content.ts';
import { LlmAssist, type LlmRecords } from './llm-assist.ts';
import { ModelClient, type ModelUsage } from './model-client.ts';
import { PromptLibrary } from './prompt-library.ts';

/** Counts the model calls by outcome (Prometheus, see src/metrics/). */
export interface LlmMetrics {
  /** One attempt at the model (a retry is another), or one skipped while the circuit breaker is open. */
  llmCall(outcome: ModelUsage['outcome']): void;
}

export async function createLlmAssist(config: Config, content: Content, records: LlmRecords, logger: Logger, metrics?: LlmMetrics): Promise<LlmAssist> {
  const prompts = await PromptLibrary.load(config.PROMPTS_DIR, config.LLM_PROMPT_VERSION);
  const model = new ModelClient(config, (usage) => {
    metrics?.llmCall(usage.outcome);
    if (usage.outcome !== 'ok') logger.warn({ purpose: usage.purpose, outcome: usage.outcome, latencyMs: usage.latencyMs }, 'LLM call did not give a usable answer; the embedded path answers');
  });
  logger.info({ model: config.LLM_MODEL, provider: config.LLM_PROVIDER, prompts: config.LLM_PROMPT_VERSION, sendPii: config.LLM_SEND_PII }, 'LLM mode on');
  return new LlmAssist({
    model,
    prompts,
    policy: content.policy,
    records,
    sendPii: config.LLM_SEND_PII,
    stream: config.LLM_STREAM,
    price: { input: config.LLM_PRICE_INPUT_PER_1K, output: config.LLM_PRICE_OUTPUT_PER_1K },
    onError: (err) => logger.debug({ err }, 'LLM mode: a call fell back to the embedded path'),
  });
}
