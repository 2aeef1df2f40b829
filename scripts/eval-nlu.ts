// `npm run eval`: trains the NLU on prompts/nlu/*.train.yaml and reports accuracy on the held-out
// prompts/nlu/*.test.yaml, per intent and per emotion, for each language.

import { loadLexicon, loadNluFiles } from '../src/content/load-content.ts';
import { Nlu } from '../src/domain/nlu/nlu.ts';
import { LANGUAGES, type Language } from '../src/domain/types.ts';

const promptsDir = process.env.PROMPTS_DIR ?? './prompts';
const [train, test, lexicon] = await Promise.all([loadNluFiles(promptsDir, 'train'), loadNluFiles(promptsDir, 'test'), loadLexicon(promptsDir)]);
const nlu = await Nlu.train(
  { intents: { zh: train.zh.intents, en: train.en.intents }, emotions: { zh: train.zh.emotions, en: train.en.emotions } },
  lexicon,
);

const overall: Record<Language, number> = { zh: 0, en: 0 };
for (const language of LANGUAGES) {
  console.log(`\n${language === 'zh' ? 'Chinese' : 'English'} (held-out)`);
  const intents = await score(test[language].intents, async (text) => (await nlu.parse(text, language)).intent);
  const emotions = await score(test[language].emotions, async (text) => (await nlu.parse(text, language)).emotion);
  printTable('intent', intents);
  printTable('emotion', emotions);
  overall[language] = intents.total.correct / intents.total.count;
  console.log(`  intent accuracy ${pct(overall[language])}   emotion accuracy ${pct(emotions.total.correct / emotions.total.count)}`);
}
console.log(`\neval: zh_accuracy=${overall.zh.toFixed(3)} en_accuracy=${overall.en.toFixed(3)}`);

interface Score {
  perLabel: Record<string, { correct: number; count: number; confusedWith: Record<string, number> }>;
  total: { correct: number; count: number };
}

async function score(data: Record<string, string[]>, predict: (text: string) => Promise<string>): Promise<Score> {
  const result: Score = { perLabel: {}, total: { correct: 0, count: 0 } };
  for (const [label, texts] of Object.entries(data)) {
    const row = (result.perLabel[label] = { correct: 0, count: 0, confusedWith: {} as Record<string, number> });
    for (const text of texts) {
      const predicted = await predict(text);
      row.count += 1;
      result.total.count += 1;
      if (predicted === label) {
        row.correct += 1;
        result.total.correct += 1;
      } else row.confusedWith[predicted] = (row.confusedWith[predicted] ?? 0) + 1;
    }
  }
  return result;
}

function printTable(kind: string, s: Score): void {
  for (const [label, row] of Object.entries(s.perLabel)) {
    const confusions = Object.entries(row.confusedWith)
      .sort((a, b) => b[1] - a[1])
      .map(([l, n]) => `${l}×${n}`)
      .join(' ');
    console.log(`  ${kind.padEnd(7)} ${label.padEnd(17)} ${pct(row.correct / row.count).padStart(6)}  (${row.correct}/${row.count})${confusions ? `  confused with ${confusions}` : ''}`);
  }
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
