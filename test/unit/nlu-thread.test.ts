// The NLU parses on a worker thread of its own (src/content/nlu-thread.ts). It must read every
// message exactly as the in-process NLU does, survive its thread dying mid-flight, give up clearly
// when the thread keeps dying, and never keep a process alive once it is idle or closed.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent, loadLexicon, loadNluFiles, loadNluInProcess, type Content } from '../../src/content/load-content.ts';
import { NluThread } from '../../src/content/nlu-thread.ts';
import { isDomainError } from '../../src/domain/domain-error.ts';
import type { Nlu } from '../../src/domain/nlu/nlu.ts';
import { LANGUAGES, type Language, type NluResult } from '../../src/domain/types.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';

const SLOW = 120_000;
const OPTIONS = { promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR, nluThread: true };

const ODD_INPUTS = [
  '',
  '   ',
  '😀🎉👍',
  'my order 12345 never arrived, 我的订单还没到，退款！ '.repeat(70).slice(0, 3_000),
  'x'.repeat(3_000),
  '__proto__',
  'constructor',
  'toString',
  '我的 order 还没到, where is it?',
  'refund 退款 please 快点',
  'Мой чайник сломался',
  'مرحبا، طلبي لم يصل',
  '\u0000\u200b\ufeff',
];

interface Sample {
  text: string;
  fallback: Language;
}

let samples: Sample[];
let inProcess: Nlu;
let expected: NluResult[];
const opened: Content[] = [];

async function openContent(): Promise<{ content: Content; nlu: NluThread }> {
  const content = await loadContent(OPTIONS);
  opened.push(content);
  // Narrowed for the tests that kill its thread: the service's NLU is the threaded one.
  if (!(content.nlu instanceof NluThread)) throw new Error('loadContent with nluThread should give the NLU a thread of its own');
  return { content, nlu: content.nlu };
}

beforeAll(async () => {
  const [test, holdout] = await Promise.all([loadNluFiles('prompts', 'test'), loadNluFiles('prompts', 'holdout')]);
  const sentences = [test, holdout].flatMap((files) =>
    LANGUAGES.flatMap((language) => [...Object.values(files[language].intents), ...Object.values(files[language].emotions)].flat().map((text) => ({ text, fallback: language }))),
  );
  const odd = ODD_INPUTS.flatMap((text) => LANGUAGES.map((fallback) => ({ text, fallback })));
  samples = [...sentences, ...odd];
  inProcess = await loadNluInProcess(OPTIONS);
  expected = await Promise.all(samples.map(({ text, fallback }) => inProcess.parse(text, fallback)));
}, SLOW);

afterAll(async () => {
  await Promise.all(opened.map((content) => content.nlu.close()));
});

describe('the NLU on its own thread', () => {
  it(
    'reads every test and holdout sentence, and odd inputs, exactly as the in-process NLU does',
    async () => {
      const { nlu } = await openContent();
      const results = await Promise.all(samples.map(({ text, fallback }) => nlu.parse(text, fallback)));
      const differing = samples.filter((_, i) => JSON.stringify(results[i]) !== JSON.stringify(expected[i]));
      expect(differing).toEqual([]);
      expect(results).toStrictEqual(expected);
    },
    SLOW,
  );

  it(
    'guesses a product in this thread as the in-process NLU does',
    async () => {
      const { nlu } = await openContent();
      for (const [text, language] of [
        ['my bread maker makes a grinding noise', 'en'],
        ['新买的挂脖风扇不转了', 'zh'],
        ['something i ordered from you stopped working', 'en'],
      ] as const) {
        expect(nlu.guessProduct(text, language)).toBe(inProcess.guessProduct(text, language));
      }
      expect(nlu.guessProduct('my bread maker makes a grinding noise', 'en')).toBe('bread maker');
    },
    SLOW,
  );

  it(
    'answers every waiting parse, correctly, when its thread is killed mid-flight',
    async () => {
      const { nlu } = await openContent();
      const killed = nlu.worker;
      expect(killed).toBeDefined();
      const parses = samples.map(({ text, fallback }) => nlu.parse(text, fallback));
      // Killed before it can have answered them all: the rest go to the thread started in its place.
      await killed?.terminate();
      const successor = nlu.worker;
      expect(successor).toBeDefined();
      expect(successor).not.toBe(killed);
      let answeredBySuccessor = 0;
      successor?.on('message', (reply: { kind: string }) => (answeredBySuccessor += reply.kind === 'parsed' ? 1 : 0));
      expect(await Promise.all(parses)).toStrictEqual(expected);
      expect(answeredBySuccessor).toBeGreaterThan(0);
    },
    SLOW,
  );

  it(
    'fails waiting and new parses with a clear error when its thread dies three times within a minute',
    async () => {
      const { nlu } = await openContent();
      await nlu.worker?.terminate();
      // Asked while the next thread loads its model, so it is still waiting when that thread is killed too.
      const waiting = nlu.parse('my kettle broke', 'en');
      await nlu.worker?.terminate();
      await nlu.worker?.terminate();
      const error: unknown = await waiting.catch((e: unknown) => e);
      expect(isDomainError(error, 'unavailable')).toBe(true);
      expect((error as Error).message).toMatch(/^the NLU thread died 3 times within 60 s \(last: exit code \d+\)/);
      expect(nlu.worker).toBeUndefined();
      await expect(nlu.parse('hello', 'en')).rejects.toThrow(/died 3 times/);
    },
    SLOW,
  );

  it(
    'fails at start, naming the file, when its model cannot be loaded',
    async () => {
      const modelFile = join(TEST_CACHE_DIR, 'models', 'nlu-missing.json');
      const error: unknown = await NluThread.start({ modelFile, lexicon: await loadLexicon('prompts') }).catch((e: unknown) => e);
      expect(isDomainError(error, 'unavailable')).toBe(true);
      expect((error as Error).message).toMatch(/^the NLU thread could not load .*nlu-missing\.json: ENOENT/);
    },
    SLOW,
  );

  it(
    'refuses parses once closed, and ends its thread',
    async () => {
      const { content, nlu } = await openContent();
      const thread = nlu.worker;
      const exited = thread ? once(thread, 'exit') : Promise.resolve();
      await content.nlu.close();
      await exited;
      expect(nlu.worker).toBeUndefined();
      await expect(content.nlu.parse('hello', 'en')).rejects.toThrow('the NLU thread is closed');
    },
    SLOW,
  );
});

describe('a process that loads the content', () => {
  /** Runs a script (from source, as scripts and tests do) and waits for it to end by itself. */
  async function run(script: string): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // A guard, not a measurement: a process the thread keeps alive would never end.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const [code] = (await once(child, 'exit')) as [number | null];
    clearTimeout(guard);
    return { code, output };
  }

  const load = `
    import { loadContent } from './src/content/load-content.ts';
    const content = await loadContent(${JSON.stringify(OPTIONS)});
    const { intent } = await content.nlu.parse('my kettle broke, I want a refund', 'en');
    console.log(intent);
  `;

  it(
    'exits after closing the NLU, and a parse after close is refused',
    async () => {
      const { code, output } = await run(`${load}
        await content.nlu.close();
        console.log(await content.nlu.parse('hello', 'en').catch((error) => error.message));
      `);
      expect({ code, output: output.trim().split('\n') }).toEqual({ code: 0, output: ['complaint', 'the NLU thread is closed'] });
    },
    SLOW,
  );

  it(
    'exits by itself when it never closes the NLU (the idle thread holds nothing)',
    async () => {
      const { code, output } = await run(load);
      expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'complaint' });
    },
    SLOW,
  );
});
