// The knowledge base as customers meet it. Each question of prompts/knowledge-eval/ is the first
// message of a new conversation, through the real NLU, knowledge base and flow, and what the bot
// did is sorted:
//   answered — it gave the entry's answer            wrong — it gave another entry's answer
//   offered  — the entry is among "did you mean…"    missed — anything else (not understood, a complaint…)
// Two entries are answered by doing what they explain: human-agent by handing the conversation to a
// person, marketing-unsubscribe by opting the customer out. The `none` questions (no entry answers
// them) count an answer given as a false answer.

import type { Content } from '../../src/content/load-content.ts';
import { decideTurn } from '../../src/domain/flow/decide.ts';
import type { Effect } from '../../src/domain/flow/effects.ts';
import { SMALL_TALK_INTENTS } from '../../src/domain/flow/small-talk.ts';
import { flowStateSchema } from '../../src/domain/flow/state.ts';
import { LANGUAGES, type Language } from '../../src/domain/types.ts';
import { contentFlowDeps, readMessage } from '../../test/support/flow-deps.ts';
import { loadKnowledgeEval, type KnowledgeEvalSet } from './eval-files.ts';

type Outcome = { kind: 'answered'; entryId: string } | { kind: 'offered'; entryIds: string[] } | { kind: 'missed'; reply: string; readAs: string };

/** Entries the bot answers by acting: the effect that does what the entry explains. */
const ANSWERED_BY_EFFECT: Record<string, Effect['type']> = { 'human-agent': 'escalate', 'marketing-unsubscribe': 'optOut' };

/** Shares of one set in one language, 0–1. */
export interface KnowledgeFigures {
  answered: number;
  wrong: number;
  offered: number;
  noneFalse: number;
}

export interface KnowledgeEvalResult {
  figures: KnowledgeFigures;
  /** Per entry, then the questions no entry answers: what the bot did with what it did not answer. */
  report: string[];
}

/** Plays one set in one language. */
export async function playKnowledgeEval(content: Content, promptsDir: string, set: KnowledgeEvalSet, language: Language): Promise<KnowledgeEvalResult> {
  const file = await loadKnowledgeEval(promptsDir, language, set);
  const answers = indexBy(content, (entry, l) => entry.answer[l]);
  const titles = indexBy(content, (entry, l) => entry.questions[l][0] ?? entry.id);
  const report: string[] = [];
  const counts = { questions: 0, answered: 0, wrong: 0, offered: 0, falseAnswers: 0 };
  const missedAs = new Map<string, number>();
  const play = (text: string, entryId?: string) => firstTurn(content, { answers, titles }, text, language, entryId);
  for (const entry of content.knowledge.entries) {
    const questions = file.entries[entry.id] ?? [];
    const misses: string[] = [];
    let answered = 0;
    for (const text of questions) {
      const outcome = await play(text, entry.id);
      counts.questions += 1;
      if (outcome.kind === 'answered' && outcome.entryId === entry.id) {
        answered += 1;
        continue;
      }
      if (outcome.kind === 'answered') counts.wrong += 1;
      else if (outcome.kind === 'offered' && outcome.entryIds.includes(entry.id)) counts.offered += 1;
      else if (outcome.kind === 'missed') missedAs.set(outcome.readAs, (missedAs.get(outcome.readAs) ?? 0) + 1);
      misses.push(`      ${JSON.stringify(text)} → ${describe(outcome)}`);
    }
    counts.answered += answered;
    report.push(`  ${entry.id.padEnd(28)} ${answered}/${questions.length}`, ...misses);
  }
  const falseAnswers: string[] = [];
  for (const text of file.none) {
    const outcome = await play(text);
    if (outcome.kind === 'answered') falseAnswers.push(`      ${JSON.stringify(text)} → ${describe(outcome)}`);
  }
  counts.falseAnswers = falseAnswers.length;
  report.push(`  ${'(no entry answers these)'.padEnd(28)} ${file.none.length - falseAnswers.length}/${file.none.length} not answered`, ...falseAnswers);
  const share = (n: number, of: number) => (of ? n / of : 0);
  const figures = {
    answered: share(counts.answered, counts.questions),
    wrong: share(counts.wrong, counts.questions),
    offered: share(counts.offered, counts.questions),
    noneFalse: share(counts.falseAnswers, file.none.length),
  };
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  report.push(`  answered ${pct(figures.answered)}, wrong answer ${pct(figures.wrong)}, offered among choices ${pct(figures.offered)}; false answers ${counts.falseAnswers}/${file.none.length}`);
  const missed = [...missedAs].sort((a, b) => b[1] - a[1]).map(([readAs, n]) => `${readAs} ${n}`);
  if (missed.length) report.push(`  missed otherwise, by how the message was read: ${missed.join(', ')}`);
  return { figures, report };
}

/** What the bot does with `text` as the first message of a new conversation; `entryId` is the entry asked about, if any. */
async function firstTurn(content: Content, index: { answers: Map<string, string>; titles: Map<string, string> }, text: string, language: Language, entryId?: string): Promise<Outcome> {
  const { nlu, knowledge } = await readMessage(content, text, language);
  let ids = 0;
  const outcome = decideTurn(
    { text, nlu, knowledge, customer: { id: 'eval', name: null, tier: 'C', timezone: 'Asia/Shanghai' }, status: 'bot', state: flowStateSchema.parse({}) },
    contentFlowDeps(content, { now: new Date(), newId: () => `eval-${++ids}`, guessProduct: (words, lang) => content.nlu.guessProduct(words, lang) }),
  );
  for (const reply of outcome.replies) {
    const answered = index.answers.get(reply.text);
    if (answered) return { kind: 'answered', entryId: answered };
  }
  const acted = entryId ? ANSWERED_BY_EFFECT[entryId] : undefined;
  if (entryId && acted && outcome.effects.some((effect) => effect.type === acted)) return { kind: 'answered', entryId };
  const offered = outcome.replies.flatMap((reply) => (reply.choices ?? []).flatMap((choice) => index.titles.get(choice) ?? []));
  if (offered.length) return { kind: 'offered', entryIds: offered };
  return { kind: 'missed', reply: outcome.replies.map((reply) => reply.text).join(' / '), readAs: readAs(nlu.intent, outcome.effects) };
}

function readAs(intent: string, effects: readonly Effect[]): string {
  if (effects.some((effect) => effect.type === 'escalate')) return 'handed to a person';
  if (intent === 'complaint') return 'a complaint';
  if (SMALL_TALK_INTENTS.has(intent)) return `small talk (${intent})`;
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
function indexBy(content: Content, text: (entry: Content['knowledge']['entries'][number], language: Language) => string): Map<string, string> {
  return new Map(content.knowledge.entries.flatMap((entry) => LANGUAGES.map((language) => [text(entry, language), entry.id] as const)));
}
