// Calls to the OpenAI-compatible model through the openai SDK (OpenAI, Azure OpenAI, or a local
// vLLM / Ollama / llama.cpp server): every call has a deadline, failed calls are retried a bounded
// number of times with backoff inside it, and a circuit breaker skips the model while it is down.
// Token counts and latency of every call are reported for the cost shown in the console.

import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { Config } from '../config.ts';
import { CircuitBreaker } from './circuit-breaker.ts';

export type LlmConfig = Pick<
  Config,
  'LLM_MODEL' | 'LLM_BASE_URL' | 'OPENAI_API_KEY' | 'LLM_PROVIDER' | 'AZURE_OPENAI_API_VERSION' | 'LLM_MAX_RETRIES' | 'LLM_BREAKER_FAILURES' | 'LLM_BREAKER_COOLDOWN_MS'
>;

export interface ModelCall {
  purpose: 'understand' | 'reply';
  messages: ChatCompletionMessageParam[];
  /** A JSON schema the answer must follow (structured output). */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  tools?: ChatCompletionTool[];
  /** When set, the answer is streamed and each new piece of text is passed here. */
  onDelta?: (textSoFar: string) => void;
  /** Absolute deadline (ms since epoch) for the call, retries included. */
  deadline: number;
  /** Checks an answer; false means retry (counts as invalid). */
  accept?: (answer: ModelAnswer) => boolean;
  /** Told the tokens, latency and outcome of every attempt. */
  onUsage?: (usage: ModelUsage) => void;
}

export interface ModelAnswer {
  content: string;
  toolCalls: { name: string; arguments: string }[];
}

export interface ModelUsage {
  purpose: ModelCall['purpose'];
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  outcome: 'ok' | 'invalid' | 'timeout' | 'error' | 'skipped';
}

export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}

export class ModelClient {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly breaker: CircuitBreaker;

  constructor(
    private readonly config: LlmConfig,
    private readonly onUsage: (usage: ModelUsage) => void = () => {},
  ) {
    if (!config.LLM_MODEL) throw new Error('ModelClient needs LLM_MODEL');
    this.model = config.LLM_MODEL;
    // Our own deadline and retries govern; the SDK's would stack on top of them.
    this.client =
      config.LLM_PROVIDER === 'azure'
        ? new AzureOpenAI({ endpoint: config.LLM_BASE_URL!, apiKey: config.OPENAI_API_KEY!, apiVersion: config.AZURE_OPENAI_API_VERSION, deployment: config.LLM_MODEL, maxRetries: 0 })
        : new OpenAI({ ...(config.LLM_BASE_URL ? { baseURL: config.LLM_BASE_URL } : {}), apiKey: config.OPENAI_API_KEY ?? 'not-needed', maxRetries: 0 });
    this.breaker = new CircuitBreaker(config.LLM_BREAKER_FAILURES, config.LLM_BREAKER_COOLDOWN_MS);
  }

  private report(call: ModelCall, usage: ModelUsage): void {
    this.onUsage(usage);
    call.onUsage?.(usage);
  }

  get breakerState() {
    return this.breaker.state;
  }

  /** The model's answer, or throws ModelUnavailableError (deadline passed, breaker open, every try failed or invalid). */
  async call(call: ModelCall): Promise<ModelAnswer> {
    let lastProblem = 'no attempt';
    for (let attempt = 0; attempt <= this.config.LLM_MAX_RETRIES; attempt += 1) {
      const remaining = call.deadline - Date.now();
      if (remaining < 50) break;
      if (!this.breaker.allow()) {
        this.report(call, { purpose: call.purpose, model: this.model, promptTokens: 0, completionTokens: 0, latencyMs: 0, outcome: 'skipped' });
        throw new ModelUnavailableError('the model is failing; circuit breaker open');
      }
      const started = Date.now();
      try {
        const { answer, usage } = await this.once(call, remaining);
        const valid = call.accept ? call.accept(answer) : true;
        this.report(call, { purpose: call.purpose, model: this.model, ...usage, latencyMs: Date.now() - started, outcome: valid ? 'ok' : 'invalid' });
        // A well-formed call proves the model is up, even when the answer was unusable.
        this.breaker.succeeded();
        if (valid) return answer;
        lastProblem = 'the answer did not match the schema';
      } catch (error) {
        const timedOut = (error as Error).name === 'APIConnectionTimeoutError' || (error as Error).name === 'AbortError' || Date.now() - started >= remaining - 5;
        this.report(call, { purpose: call.purpose, model: this.model, promptTokens: 0, completionTokens: 0, latencyMs: Date.now() - started, outcome: timedOut ? 'timeout' : 'error' });
        this.breaker.failed();
        lastProblem = timedOut ? 'timed out' : (error as Error).message;
      }
      // A short pause before retrying, if the deadline leaves room for it.
      const pause = Math.min(100 * 2 ** attempt, call.deadline - Date.now() - 100);
      if (pause > 0 && attempt < this.config.LLM_MAX_RETRIES) await sleep(pause);
    }
    throw new ModelUnavailableError(`no usable answer from the model: ${lastProblem}`);
  }

  private async once(call: ModelCall, timeoutMs: number): Promise<{ answer: ModelAnswer; usage: { promptTokens: number; completionTokens: number } }> {
    const body = {
      model: this.model,
      messages: call.messages,
      temperature: 0.3,
      ...(call.jsonSchema ? { response_format: { type: 'json_schema' as const, json_schema: { name: call.jsonSchema.name, schema: call.jsonSchema.schema, strict: true } } } : {}),
      ...(call.tools?.length ? { tools: call.tools, tool_choice: 'auto' as const } : {}),
    };
    const options = { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) };
    if (!call.onDelta) {
      const completion = await this.client.chat.completions.create(body, options);
      const message = completion.choices[0]?.message;
      return {
        answer: {
          content: message?.content ?? '',
          toolCalls: (message?.tool_calls ?? []).flatMap((t) => (t.type === 'function' ? [{ name: t.function.name, arguments: t.function.arguments }] : [])),
        },
        usage: { promptTokens: completion.usage?.prompt_tokens ?? 0, completionTokens: completion.usage?.completion_tokens ?? 0 },
      };
    }
    const stream = await this.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, options);
    let content = '';
    const usage = { promptTokens: 0, completionTokens: 0 };
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        content += delta;
        call.onDelta(content);
      }
      if (chunk.usage) usage.promptTokens = chunk.usage.prompt_tokens;
      if (chunk.usage) usage.completionTokens = chunk.usage.completion_tokens;
    }
    return { answer: { content, toolCalls: [] }, usage };
  }
}
