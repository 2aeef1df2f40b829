// `npm run eval`: trains the NLU on prompts/nlu/*.train.yaml and reports, for each language, on two
// sets: the held-out prompts/nlu/*.test.yaml (tuned against over time, so it flatters the model) and
// the fresh prompts/nlu/*.holdout.yaml (written before any tuning; do not tune on it). Intents get
// per-label accuracy; emotions also get per-label precision and recall and a confusion matrix.

import { loadLexicon, loadNluFiles, type NluFile } from '../src/content/load-content.ts';
import { Nlu } from '../src/domain/nlu/nlu.ts';
import { LANGUAGES, type Language } from '../src/domain/types.ts';

const promptsDir = process.env.PROMPTS_DIR ?? './prompts';
const [train, test, holdout, lexicon] = await Promise.all([loadNluFiles(promptsDir, 'train'), loadNluFiles(promptsDir, 'test'), loadNluFiles(promptsDir, 'holdout'), loadLexicon(promptsDir)]);
const nlu = await Nlu.train({ intents: { zh: train.zh.intents, en: train.en.intents }, emotions: { zh: train.zh.emotions, en: train.en.emotions } }, lexicon);

const onTest = await report('held-out test set, tuned against', test);
const onHoldout = await report('fresh holdout set', holdout);
console.log(
  `\neval-holdout: zh_accuracy=${onHoldout.zh.intent.toFixed(3)} en_accuracy=${onHoldout.en.intent.toFixed(3)} zh_emotion=${onHoldout.zh.emotion.toFixed(3)} en_emotion=${onHoldout.en.emotion.toFixed(3)}`,
);
console.log(`eval: zh_accuracy=${onTest.zh.intent.toFixed(3)} en_accuracy=${onTest.en.intent.toFixed(3)}`);

/** Prints every table for one set in both languages and returns the intent and emotion accuracy. */
async function report(title: string, files: Record<Language, NluFile>): Promise<Record<Language, { intent: number; emotion: number }>> {
  const result = {} as Record<Language, { intent: number; emotion: number }>;
  for (const language of LANGUAGES) {
    console.log(`\n${language === 'zh' ? 'Chinese' : 'English'} (${title})`);
    const intents = await confusion(files[language].intents, async (text) => (await nlu.parse(text, language)).intent);
    const emotions = await confusion(files[language].emotions, async (text) => (await nlu.parse(text, language)).emotion);
    printAccuracy('intent', intents);
    printAccuracy('emotion', emotions);
    printPrecisionRecall(emotions);
    printMatrix(emotions);
    result[language] = { intent: accuracy(intents), emotion: accuracy(emotions) };
    console.log(`  intent accuracy ${pct(result[language].intent)}   emotion accuracy ${pct(result[language].emotion)}`);
  }
  return result;
}

/** True label → predicted label → count. */
type Confusion = Record<string, Record<string, number>>;

async function confusion(data: Record<string, string[]>, predict: (text: string) => Promise<string>): Promise<Confusion> {
  const matrix: Confusion = {};
  for (const [label, texts] of Object.entries(data)) {
    const row: Record<string, number> = (matrix[label] = {});
    for (const text of texts) {
      const predicted = await predict(text);
      row[predicted] = (row[predicted] ?? 0) + 1;
    }
  }
  return matrix;
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function accuracy(c: Confusion): number {
  const rows = Object.entries(c);
  return rows.reduce((n, [label, row]) => n + (row[label] ?? 0), 0) / rows.reduce((n, [, row]) => n + sum(row), 0);
}

/** One line per true label: its accuracy (= recall) and what it was mistaken for. */
function printAccuracy(kind: string, c: Confusion): void {
  for (const [label, row] of Object.entries(c)) {
    const correct = row[label] ?? 0;
    const confusions = Object.entries(row)
      .filter(([l]) => l !== label)
      .sort((a, b) => b[1] - a[1])
      .map(([l, n]) => `${l}×${n}`)
      .join(' ');
    console.log(`  ${kind.padEnd(7)} ${label.padEnd(17)} ${pct(correct / sum(row)).padStart(6)}  (${correct}/${sum(row)})${confusions ? `  confused with ${confusions}` : ''}`);
  }
}

/** Precision = right among those predicted as the label; recall = found among those truly the label. */
function printPrecisionRecall(c: Confusion): void {
  for (const label of Object.keys(c)) {
    const correct = c[label]?.[label] ?? 0;
    const predicted = Object.values(c).reduce((n, row) => n + (row[label] ?? 0), 0);
    const actual = sum(c[label] ?? {});
    const precision = predicted ? `${pct(correct / predicted).padStart(6)} (${correct}/${predicted})` : '     – (0/0)';
    console.log(`  emotion ${label.padEnd(17)} precision ${precision.padEnd(16)} recall ${pct(correct / actual).padStart(6)} (${correct}/${actual})`);
  }
}

/** Rows = true label, columns = predicted label. */
function printMatrix(c: Confusion): void {
  const labels = [...new Set([...Object.keys(c), ...Object.values(c).flatMap((row) => Object.keys(row))])];
  const width = Math.max(...labels.map((l) => l.length)) + 1;
  console.log(`  ${'true \\ predicted'.padEnd(19)}${labels.map((l) => l.padStart(width)).join('')}`);
  for (const [label, row] of Object.entries(c)) console.log(`  ${label.padEnd(19)}${labels.map((l) => String(row[l] ?? 0).padStart(width)).join('')}`);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
