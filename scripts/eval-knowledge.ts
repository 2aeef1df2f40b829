// `npm run eval` (second part): the knowledge base as customers meet it. Each question of
// prompts/knowledge-eval/ is the first message of a new conversation, through the real NLU,
// knowledge base and flow, and what the bot did is sorted:
//   answered — it gave the entry's answer            wrong — it gave another entry's answer
//   offered  — the entry is among "did you mean…"    missed — anything else (not understood, a complaint…)
// Two entries are answered by doing what they explain: human-agent by handing the conversation to a
// person, marketing-unsubscribe by opting the customer out. The `none` questions (no entry answers
// them) count an answer given as a false answer. Per entry, the questions not answered are listed
// with what the bot did instead, and the misses are counted by how the message was read.

import { loadConfig } from '../src/config.ts';
import { loadContent, type Content } from '../src/content/load-content.ts';
import { decideTurn } from '../src/domain/flow/decide.ts';
import type { Effect } from '../src/domain/flow/effects.ts';
import { flowStateSchema } from '../src/domain/flow/state.ts';
import { LANGUAGES, type Language } from '../src/domain/types.ts';
import { contentFlowDeps, readMessage } from '../test/support/flow-deps.ts';
import { KNOWLEDGE_EVAL_SETS, loadKnowledgeEval, type KnowledgeEvalSet } from './knowledge-eval-files.ts';

type Outcome = { kind: 'answered'; entryId: string } | { kind: 'offered'; entryIds: string[] } | { kind: 'missed'; reply: string; readAs: string };

/** Entries the bot answers by acting: the effect that does what the entry explains. */
const ANSWERED_BY_EFFECT: Record<string, Effect['type']> = { 'human-agent': 'escalate', 'marketing-unsubscribe': 'optOut' };
const SMALL_TALK = new Set(['greet', 'thanks', 'goodbye', 'praise', 'affirm', 'deny']);

interface Tally {
  questions: number;
  answered: number;
  wrong: number;
  offered: number;
  none: number;
  falseAnswers: number;
  /** Misses by how the message was read. */
  missedAs: Map<string, number>;
}

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
const content = await loadContent({ promptsDir: config.PROMPTS_DIR, policyFile: config.POLICY_FILE, cacheDir: config.DATA_DIR });
const answers = indexBy((entry, language) => entry.answer[language]);
const titles = indexBy((entry, language) => entry.questions[language][0] ?? entry.id);

const figures: string[] = [];
for (const set of KNOWLEDGE_EVAL_SETS) {
  for (const language of LANGUAGES) {
    const tally = await evaluate(set, language);
    const rate = (n: number, of: number) => (of ? n / of : 0).toFixed(3);
    figures.push(
      `${language}_answered=${rate(tally.answered, tally.questions)} ${language}_wrong=${rate(tally.wrong, tally.questions)} ${language}_offered=${rate(tally.offered, tally.questions)} ${language}_none_false=${rate(tally.falseAnswers, tally.none)}`,
    );
  }
  console.log(`\neval-knowledge-${set}: ${figures.splice(0).join(' ')}`);
}
await content.nlu.close();

async function evaluate(set: KnowledgeEvalSet, language: Language): Promise<Tally> {
  const file = await loadKnowledgeEval(config.PROMPTS_DIR, language, set);
  const tally: Tally = { questions: 0, answered: 0, wrong: 0, offered: 0, none: file.none.length, falseAnswers: 0, missedAs: new Map() };
  console.log(`\n${language === 'zh' ? 'Chinese' : 'English'} (knowledge ${set} set)`);
  for (const entry of content.knowledge.entries) {
    const questions = file.entries[entry.id] ?? [];
    const misses: string[] = [];
    let answered = 0;
    for (const text of questions) {
      const outcome = await firstTurn(text, language, entry.id);
      tally.questions += 1;
      if (outcome.kind === 'answered' && outcome.entryId === entry.id) {
        answered += 1;
        continue;
      }
      if (outcome.kind === 'answered') tally.wrong += 1;
      else if (outcome.kind === 'offered' && outcome.entryIds.includes(entry.id)) tally.offered += 1;
      else if (outcome.kind === 'missed') tally.missedAs.set(outcome.readAs, (tally.missedAs.get(outcome.readAs) ?? 0) + 1);
      misses.push(`      ${JSON.stringify(text)} → ${describe(outcome)}`);
    }
    tally.answered += answered;
    console.log(`  ${entry.id.padEnd(28)} ${answered}/${questions.length}`);
    for (const miss of misses) console.log(miss);
  }
  const falseAnswers: string[] = [];
  for (const text of file.none) {
    const outcome = await firstTurn(text, language);
    if (outcome.kind === 'answered') falseAnswers.push(`      ${JSON.stringify(text)} → ${describe(outcome)}`);
  }
  tally.falseAnswers = falseAnswers.length;
  console.log(`  ${'(no entry answers these)'.padEnd(28)} ${file.none.length - falseAnswers.length}/${file.none.length} not answered`);
  for (const line of falseAnswers) console.log(line);
  const pct = (n: number) => `${((n / Math.max(1, tally.questions)) * 100).toFixed(1)}%`;
  console.log(`  answered ${pct(tally.answered)}, wrong answer ${pct(tally.wrong)}, offered among choices ${pct(tally.offered)}; false answers ${tally.falseAnswers}/${tally.none}`);
  const missed = [...tally.missedAs].sort((a, b) => b[1] - a[1]).map(([readAs, n]) => `${readAs} ${n}`);
  if (missed.length) console.log(`  missed otherwise, by how the message was read: ${missed.join(', ')}`);
  return tally;
}

/** What the bot does with `text` as the first message of a new conversation; `entryId` is the entry asked about, if any. */
async function firstTurn(text: string, language: Language, entryId?: string): Promise<Outcome> {
  const { nlu, knowledge } = await readMessage(content, text, language);
  let ids = 0;
  const outcome = decideTurn(
    { text, nlu, knowledge, customer: { id: 'eval', name: null, tier: 'C', timezone: 'Asia/Shanghai' }, status: 'bot', state: flowStateSchema.parse({}) },
    contentFlowDeps(content, { now: new Date(), newId: () => `eval-${++ids}`, guessProduct: (words, lang) => content.nlu.guessProduct(words, lang) }),
  );
  for (const reply of outcome.replies) {
    const answered = answers.get(reply.text);
    if (answered) return { kind: 'answered', entryId: answered };
  }
  const acted = entryId ? ANSWERED_BY_EFFECT[entryId] : undefined;
  if (entryId && acted && outcome.effects.some((effect) => effect.type === acted)) return { kind: 'answered', entryId };
  const offered = outcome.replies.flatMap((reply) => (reply.choices ?? []).flatMap((choice) => titles.get(choice) ?? []));
  if (offered.length) return { kind: 'offered', entryIds: offered };
  return { kind: 'missed', reply: outcome.replies.map((reply) => reply.text).join(' / '), readAs: readAs(nlu.intent, outcome.effects) };
}

function readAs(intent: string, effects: readonly Effect[]): string {
  if (effects.some((effect) => effect.type === 'escalate')) return 'handed to a person';
  if (intent === 'complaint') return 'a complaint';
  if (SMALL_TALK.has(intent)) return `small talk (${intent})`;
  return 'no entry close enough';
}

function describe(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'answered':
      return `answered ${outcome.entryId}`;
    case 'offered':
      return `offered ${outcome.entryIds.join(', ')}`;
    case 'missed':
      return `"${outcome.reply.slice(0, 90)}${outcome.reply.length > 90 ? '…' : ''}"`;
  }
}

/** Entry ids by a text of theirs in either language. */
function indexBy(text: (entry: Content['knowledge']['entries'][number], language: Language) => string): Map<string, string> {
  return new Map(content.knowledge.entries.flatMap((entry) => LANGUAGES.map((language) => [text(entry, language), entry.id] as const)));
}
