// How the NLU reads the customer's feeling where it matters for the queue: an explicit request for
// a person is a wish, not anger, unless the words say otherwise.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/content/load-content.ts';
import { testContent } from '../support/test-app.ts';

let content: Content;
beforeAll(async () => {
  content = await testContent();
});

async function read(text: string) {
  const { intent, emotion } = await content.nlu.parse(text);
  return { intent, emotion };
}

describe('emotion of a request for a person', () => {
  const plain = {
    en: [
      'I want to talk to a person',
      'I want to talk to a human',
      'let me talk to an agent',
      'transfer me to a human agent',
      'put me through to a real person',
      'I want to speak to a manager',
      'connect me to a live agent',
      'agent',
    ],
    zh: ['我要找人工', '转人工', '人工客服', '我要人工', '帮我转人工客服', '请给我接人工', '叫你们经理来', '我想跟真人聊'],
  };

  it.each([...plain.en, ...plain.zh])('reads "%s" as a calm request for a person', async (text) => {
    expect(await read(text)).toEqual({ intent: 'request_human', emotion: 'calm' });
  });

  it('reads a request for a callback without anger as calm', async () => {
    for (const text of ['can someone call me back', '请给我回个电话']) expect((await read(text)).emotion).toBe('calm');
  });

  it('keeps anger that is in the words or shouted', async () => {
    for (const text of ['I want to talk to a person NOW, this is ridiculous', 'get me a human, this is a joke', 'PERSON!! NOW!!', '我要找人工，你们太气人了', '转人工！！受够了']) {
      expect(await read(text), text).toMatchObject({ intent: 'request_human', emotion: 'angry' });
    }
  });

  it('reads a request that says something went badly as annoyed at most', async () => {
    expect(await read('转人工，太失望了')).toEqual({ intent: 'request_human', emotion: 'annoyed' });
  });
});
