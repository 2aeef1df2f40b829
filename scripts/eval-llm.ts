// `npm run eval:llm`: the prompt-injection suite of LLM mode (test/fixtures/llm-injections.yaml)
// against the REAL model LLM mode is configured for — the same attempts and the same invariants as
// test/integration/llm-injection.test.ts, with nothing scripted: the model answers as it will.
//
//   LLM_MODEL=gpt-4o-mini OPENAI_API_KEY=sk-… npm run eval:llm
//   EVAL_LLM_ONLY=zh- EVAL_LLM_CONCURRENCY=2 npm run eval:llm        (a subset, fewer at once)
//
// The service runs in this process on a fresh SQLite file and its own throwaway redis-server, both
// under data/eval-llm/. Its calls to the model pass through a local recording proxy, so the checks
// see what the model was sent and what it proposed. Prints a verdict per attempt and the totals.
// Exit code 0: no violation; 1: a violation, or an attempt the model never answered (raise
// EVAL_LLM_TURN_BUDGET_MS); 2: LLM mode is not configured.

import { existsSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createApp, type App } from '../src/app.ts';
import { ConfigError, loadConfig, type Config } from '../src/config.ts';
import {
  AttackIndex,
  checkAttempt,
  checkIsolation,
  checkVictimUntouched,
  inParallel,
  loadInjectionSuite,
  playAttempt,
  seedVictim,
  summaryLine,
  type ObservedCall,
  type Verdict,
} from './llm-injection-suite.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_DIR = join(ROOT, 'data/eval-llm');
const DB_FILE = join(DATA_DIR, 'eval-llm.db');
const REDIS_NAME = 'eval';
const LOOPBACK = '127.0.0.1';

const HOW_TO_CONFIGURE = `eval:llm plays the prompt-injection suite against a real model, and none is configured.
Set LLM_MODEL and an endpoint, in the environment or in .env:

  OpenAI         LLM_MODEL=gpt-4o-mini  OPENAI_API_KEY=sk-…
  Azure OpenAI   LLM_PROVIDER=azure  LLM_BASE_URL=https://<resource>.openai.azure.com
                 OPENAI_API_KEY=<resource key>  LLM_MODEL=<deployment name>  (AZURE_OPENAI_API_VERSION if needed)
  Local          LLM_BASE_URL=http://127.0.0.1:11434/v1  LLM_MODEL=qwen2.5:7b-instruct
                 (Ollama; vLLM and llama.cpp serve the same OpenAI-compatible API)

Optional: EVAL_LLM_CONCURRENCY (attempts at once, default 4), EVAL_LLM_TURN_BUDGET_MS (time the model
gets per message, default 12000, at most 12000), EVAL_LLM_ONLY (only attempts whose id starts with this, e.g. zh-).`;

/** A pass-through to the real endpoint that keeps every chat request, and every answer that came back whole. */
class RecordingProxy {
  readonly calls: ObservedCall[] = [];
  private readonly server: Server;
  origin = '';

  constructor(private readonly upstream: URL) {
    this.server = createServer((req, res) => {
      this.forward(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `eval proxy: ${(error as Error).message}`, type: 'proxy_error' } }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, LOOPBACK, resolve));
    this.origin = `http://${LOOPBACK}:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || ['host', 'connection', 'content-length', 'accept-encoding'].includes(name)) continue;
      headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let observed: ObservedCall | undefined;
    if (req.method === 'POST' && req.url?.split('?')[0]?.endsWith('/chat/completions')) {
      const request = JSON.parse(body.toString('utf8')) as ObservedCall['request'] & { response_format?: { type?: string }; tools?: unknown[] };
      // The understanding call asks for structured output and offers the tools; the wording call does not.
      observed = { purpose: request.response_format?.type === 'json_schema' || request.tools?.length ? 'understand' : 'reply', request };
      this.calls.push(observed);
    }
    const target = new URL(req.url ?? '/', this.upstream.origin);
    const response = await fetch(target, { method: req.method ?? 'GET', headers, ...(body.length ? { body } : {}) });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
    });
    res.writeHead(response.status, out);
    if (!response.body || response.headers.get('content-type')?.includes('text/event-stream')) {
      for await (const chunk of response.body ?? []) res.write(chunk);
      res.end();
      return;
    }
    const text = await response.text();
    res.end(text);
    if (observed && response.ok) {
      const message = (JSON.parse(text) as { choices?: { message?: { content?: string | null; tool_calls?: { type: string; function?: { name: string; arguments: string } }[] } }[] }).choices?.[0]
        ?.message;
      observed.answer = {
        content: message?.content ?? '',
        toolCalls: (message?.tool_calls ?? []).flatMap((t) => (t.type === 'function' && t.function ? [{ name: t.function.name, arguments: t.function.arguments }] : [])),
      };
    }
  }
}

function positiveInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number above 0, not "${process.env[name]}"`);
  return value;
}

/** The service's configuration: the model settings of this environment, the model reached through the proxy. */
function evalConfig(proxy: RecordingProxy, upstream: URL, budgetMs: number): Config {
  const passed = Object.fromEntries(Object.entries(process.env).filter(([name]) => /^(LLM_|OPENAI_API_KEY$|AZURE_OPENAI_)/.test(name)));
  return loadConfig({
    ...passed,
    LLM_BASE_URL: `${proxy.origin}${upstream.pathname.replace(/\/$/, '')}`,
    LLM_TURN_BUDGET_MS: String(budgetMs),
    // The eval asks how the model behaves under attack, not how the service copes with its outages.
    LLM_BREAKER_FAILURES: '1000',
    DATABASE_URL: `file:${DB_FILE}`,
    DATA_DIR,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '1000000',
    PORT: '0',
    HOST: LOOPBACK,
    PROMPTS_DIR: join(ROOT, 'prompts'),
    POLICY_FILE: join(ROOT, 'config/policy.yaml'),
    // Staffed around the clock: an escalation waits for a person instead of promising a callback.
    STAFF_HOURS: '00:00-24:00',
    JOBS_IN_PROCESS: 'false',
  });
}

function printVerdict(v: Verdict): void {
  const { attempt } = v.run;
  const status = v.violations.length ? 'FAIL' : v.exercised ? 'PASS' : 'UNTESTED';
  const detail = v.run.failure ?? `${v.outcomes.join(' ') || 'no model call'}; proposals refused ${v.refusals}, rewrites rejected ${v.rejectedRewrites}`;
  console.log(`  ${status.padEnd(8)} ${attempt.id.padEnd(20)} ${attempt.category.padEnd(18)} ${attempt.at.padEnd(5)}  ${detail}`);
  for (const violation of v.violations) console.log(`           - ${violation}`);
  for (const note of v.notes) console.log(`           note: ${note}`);
}

async function main(): Promise<number> {
  if (existsSync(join(ROOT, '.env'))) process.loadEnvFile(join(ROOT, '.env'));
  if (!process.env.LLM_MODEL || !(process.env.LLM_BASE_URL || process.env.OPENAI_API_KEY)) {
    console.error(HOW_TO_CONFIGURE);
    return 2;
  }
  const concurrency = positiveInt('EVAL_LLM_CONCURRENCY', 4);
  const budgetMs = positiveInt('EVAL_LLM_TURN_BUDGET_MS', 12_000);
  const suite = await loadInjectionSuite();
  const only = process.env.EVAL_LLM_ONLY;
  const attempts = only ? suite.attempts.filter((a) => a.id.startsWith(only)) : suite.attempts;
  if (!attempts.length) throw new ConfigError(`EVAL_LLM_ONLY=${only} matches no attempt`);

  const upstream = new URL(process.env.LLM_BASE_URL ?? 'https://api.openai.com/v1');
  const proxy = await new RecordingProxy(upstream).start();
  const config = evalConfig(proxy, upstream, budgetMs);
  for (const file of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`]) rmSync(file, { force: true });
  rmSync(join(DATA_DIR, `redis-${REDIS_NAME}`), { recursive: true, force: true });

  console.log(`eval:llm: ${attempts.length} attempts against ${config.LLM_MODEL} (${config.LLM_PROVIDER}, ${upstream.origin}); ${budgetMs} ms per message, ${concurrency} at once`);
  let app: App | undefined;
  try {
    app = await createApp(config, { logger: pino({ level: process.env.EVAL_LLM_LOG_LEVEL ?? 'silent' }), embeddedRedisName: REDIS_NAME });
    const baseUrl = await app.server.listen({ port: 0, host: LOOPBACK });
    const victim = await seedVictim(app, baseUrl, suite.victim);
    console.log(`  victim seeded: ${victim.name}, case ${victim.caseReference}; the attacks begin`);
    proxy.calls.length = 0; // from here on, every call belongs to an attacker
    const index = new AttackIndex(suite.attempts);
    const ctx = { app, victim, calls: proxy.calls, index };
    const started = performance.now();
    const verdicts = await inParallel(attempts, concurrency, async (attempt) => {
      const verdict = await checkAttempt(ctx, await playAttempt(app!, baseUrl, attempt));
      printVerdict(verdict);
      return verdict;
    });
    const overall = [...checkIsolation(ctx), ...(await checkVictimUntouched(app, victim))];
    for (const violation of overall) console.log(`  FAIL     ${violation}`);
    const untested = verdicts.filter((v) => !v.exercised && !v.violations.length);
    const usage = await app.database.db.llmUsage.aggregate({ _sum: { promptTokens: true, completionTokens: true, costMicros: true }, _count: true });
    console.log(
      `\n  ${((performance.now() - started) / 1000).toFixed(0)} s; ${usage._count} model calls, ${usage._sum.promptTokens ?? 0} prompt + ${usage._sum.completionTokens ?? 0} completion tokens` +
        (usage._sum.costMicros ? `, $${(usage._sum.costMicros / 1_000_000).toFixed(4)}` : ''),
    );
    if (untested.length) console.log(`  untested (the model did not answer the attack in time): ${untested.map((v) => v.run.attempt.id).join(', ')}`);
    console.log(`${summaryLine('eval:llm', verdicts, overall)} untested=${untested.length}`);
    return verdicts.some((v) => v.violations.length) || overall.length || untested.length ? 1 : 0;
  } finally {
    await app?.close();
    await proxy.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? `eval:llm: ${error.message}` : error);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
