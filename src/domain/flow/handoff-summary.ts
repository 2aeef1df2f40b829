// The handoff summary the bot writes for the person who takes over: who, what happened, how they
// feel, the facts collected, what was offered and turned down, and their last words. Short prose
// from prompts/replies.yaml (handoff.summary.*), written in both languages so each person reads
// it in their console's language; the customer never sees it.

import { FACT_KEYS } from '../policy.ts';
import type { Phrasebook, PhraseVars } from '../phrasebook.ts';
import { LANGUAGES, WANTS, type Emotion, type Language, type Tier } from '../types.ts';
import type { EscalationReason } from './effects.ts';
import type { ComplaintState } from './state.ts';

const LAST_MESSAGE_LIMIT = 200;

export interface HandoffStory {
  reason: EscalationReason;
  customer: { name?: string | null; tier: Tier };
  /** How the customer's last message read; absent when it was not understood (a bot failure). */
  emotion?: Emotion;
  complaint?: ComplaintState;
  lastMessage: string;
}

/** The summary in every language: `en` is the one integrations and the contact log keep. */
export function writeHandoffSummaries(phrases: Phrasebook, story: HandoffStory): Record<Language, string> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, writeHandoffSummary(phrases, language, story)])) as Record<Language, string>;
}

export function writeHandoffSummary(phrases: Phrasebook, language: Language, story: HandoffStory): string {
  const say = (key: string, vars: PhraseVars = {}) => phrases.say(`handoff.summary.${key}`, language, vars);
  const name = story.customer.name?.trim();
  const who = name ? say('who_named', { name, tier: story.customer.tier }) : say('who_anonymous', { tier: story.customer.tier });
  // A reason without its own sentence yet still gets a summary.
  const what = phrases.has(`handoff.summary.reason.${story.reason}`, language) ? `reason.${story.reason}` : 'reason.other';
  const sentences = [say(what, { who })];
  if (story.emotion) sentences.push(say(`emotion.${story.emotion}`));
  const complaint = story.complaint;
  if (complaint) {
    sentences.push(say('complaint', { topic: say(`category.${complaint.category}`), step: complaint.step }));
    const facts = FACT_KEYS.flatMap((key) => {
      const value = complaint.facts[key];
      if (value === undefined) return [];
      const shown = value === 'unknown' ? say('unknown') : key === 'want' && (WANTS as readonly string[]).includes(value) ? say(`want.${value}`) : value;
      return [say('fact', { label: say(`fact.${key}`), value: shown })];
    });
    sentences.push(facts.length ? say('facts', { facts: facts.join(say('separator')) }) : say('no_facts'));
    const labelOf = (id: string) => complaint.offeredLabels[complaint.offered.indexOf(id)] ?? id;
    const list = (labels: string[]) => labels.map((text) => say('quoted', { text })).join(say('separator'));
    const declined = complaint.declinedLabels;
    if (complaint.offered.length) {
      sentences.push(say('offered', { offers: list([...declined, ...complaint.offered.map(labelOf)]) }));
      // A failed agreement turned down what they had refused, and the option they had picked, or every option left when none fitted.
      if (story.reason === 'no_agreement') sentences.push(say('refused', { offers: list([...declined, ...(complaint.chosen ? [labelOf(complaint.chosen)] : complaint.offered.map(labelOf))]) }));
      else if (complaint.chosen) sentences.push(say('chosen', { offer: say('quoted', { text: labelOf(complaint.chosen) }) }));
    }
  }
  // The last message is quoted unless the facts already say it.
  const last = clip(story.lastMessage);
  const told = last.length > 3 && Object.values(story.complaint?.facts ?? {}).some((value) => value.length > 3 && (last.includes(value) || value.includes(last)));
  if (!told) sentences.push(say('last', { text: last }));
  // Chinese runs full sentences together; English puts a space between them. No sentence twice.
  return [...new Set(sentences)].join(language === 'zh' ? '' : ' ');
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > LAST_MESSAGE_LIMIT ? `${oneLine.slice(0, LAST_MESSAGE_LIMIT - 1)}…` : oneLine;
}
