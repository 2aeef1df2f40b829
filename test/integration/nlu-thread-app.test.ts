// NLU_THREAD: the service with its NLU parsing on a worker thread answers as it does without one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Content } from '../../src/content/load-content.ts';
import { NluThread } from '../../src/content/nlu-thread.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';
import { startTestApp, testContent, type TestApp } from '../support/test-app.ts';
import { WebchatCustomer } from '../support/webchat-client.ts';

const CONVERSATIONS: Record<'zh' | 'en', string[]> = {
  en: ['hi', 'my kettle stopped heating, order A12345', 'What are your opening hours?'],
  zh: ['你好', '我买的电水壶坏了，订单号A12345', '你们几点上班？'],
};

describe('the service with the NLU on its own thread', () => {
  let threaded: Content;
  let withThread: TestApp;
  let without: TestApp;
  beforeAll(async () => {
    threaded = await loadContent({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR, nluThread: true });
    withThread = await startTestApp({ content: threaded });
    without = await startTestApp({ content: await testContent() });
  });
  afterAll(async () => {
    await withThread?.close();
    await without?.close();
    await threaded?.nlu.close();
  });

  it.each(['en', 'zh'] as const)('answers a %s conversation word for word as the in-thread NLU does', async (locale) => {
    expect(threaded.nlu).toBeInstanceOf(NluThread);
    const replies = async (app: TestApp) => {
      const customer = await new WebchatCustomer(app.baseUrl).start({ locale });
      const said: string[][] = [];
      for (const text of CONVERSATIONS[locale]) said.push((await customer.send(text)).replies.map((r) => r.text));
      return { said, status: (await customer.history()).conversation };
    };
    const [threadedAnswers, inThreadAnswers] = [await replies(withThread), await replies(without)];
    expect(threadedAnswers.said.every((turn) => turn.length > 0)).toBe(true);
    expect(threadedAnswers).toEqual(inThreadAnswers);
  });
});
