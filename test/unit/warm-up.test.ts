import { describe, expect, it } from 'vitest';
import { loadContent, loadNluFiles, loadNluInProcess } from '../../src/content/load-content.ts';
import { WARM_UP_PER_INTENT, warmUp, warmUpSentences } from '../../src/content/warm-up.ts';
import type { NluTrainingData } from '../../src/domain/nlu/nlu.ts';
import { LANGUAGES } from '../../src/domain/types.ts';
import { TEST_CACHE_DIR } from '../support/paths.ts';

const training: NluTrainingData = {
  intents: {
    zh: { greeting: ['你好', '您好', '早上好'], complaint: ['东西坏了'] },
    en: { greeting: ['hello', 'hi'], complaint: ['it broke', 'the lid cracked', 'my kettle leaks'] },
  },
  emotions: { zh: {}, en: {} },
};

describe('warm-up', () => {
  it('takes the first sentences of every intent in both languages, the languages taking turns', () => {
    const sentences = warmUpSentences(training, 2);
    expect(sentences).toHaveLength(7);
    expect(sentences.filter((s) => s.language === 'zh').map((s) => s.text)).toEqual(['你好', '您好', '东西坏了']);
    expect(sentences.filter((s) => s.language === 'en').map((s) => s.text)).toEqual(['hello', 'hi', 'it broke', 'the lid cracked']);
    expect(sentences.slice(0, 4).map((s) => s.language)).toEqual(['zh', 'en', 'zh', 'en']);
    expect(warmUpSentences(training, 0)).toEqual([]);
  });

  it('runs over the real training sentences and leaves the NLU reading every message as a cold one does', async () => {
    const files = await loadNluFiles('prompts', 'train');
    const real: NluTrainingData = {
      intents: { zh: files.zh.intents, en: files.en.intents },
      emotions: { zh: files.zh.emotions, en: files.en.emotions },
    };
    const sentences = warmUpSentences(real);
    const intents = Object.keys(files.en.intents).length + Object.keys(files.zh.intents).length;
    expect(sentences.length).toBeGreaterThan(intents * (WARM_UP_PER_INTENT / 2));
    expect(sentences.length).toBeLessThanOrEqual(intents * WARM_UP_PER_INTENT);
    const options = { promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR };
    const cold = await loadNluInProcess(options);
    const warmed = await loadNluInProcess(options);
    expect(await warmUp(warmed, sentences)).toBeGreaterThanOrEqual(0);
    const held = await loadNluFiles('prompts', 'holdout');
    const messages = LANGUAGES.flatMap((language) => Object.values(held[language].intents).flatMap((examples) => examples.slice(0, 3).map((text) => ({ text, language }))));
    expect(messages.length).toBeGreaterThan(20);
    for (const { text, language } of messages) {
      expect(await warmed.parse(text, language)).toEqual(await cold.parse(text, language));
      expect(warmed.guessProduct(text, language)).toEqual(cold.guessProduct(text, language));
    }
  }, 60_000);

  it('is part of loading the content, and says so', async () => {
    const progress: string[] = [];
    const content = await loadContent({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR, onProgress: (m) => progress.push(m) });
    await content.nlu.close();
    expect(progress.some((m) => /^NLU and noun-phrase tagger warmed up on [1-9]\d+ training sentences in \d+ ms$/.test(m))).toBe(true);
  }, 60_000);
});
