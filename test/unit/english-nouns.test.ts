// The English noun phrases the product guess reads are compromise's own nouns(), found with match
// patterns parsed once: clauses split at commas, brackets, quotes and conjunctions, pronouns and
// determiners cut out, as compromise does them (the splits a text's words or punctuation rule out
// are skipped, so every English sentence this project has is checked against compromise too).

import { readFileSync, readdirSync } from 'node:fs';
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { englishNounPhrases } from '../../src/content/english-nouns.ts';

/** Every string in a YAML document. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** The NLU's English training and test sentences and what the customers say in the English dialogues. */
function englishSentences(): string[] {
  const nlu = ['train', 'test', 'holdout'].flatMap((part) => stringsIn(parse(readFileSync(`prompts/nlu/en.${part}.yaml`, 'utf8'))));
  const dialogues = readdirSync('test/dialogues')
    .filter((file) => file.startsWith('en-') && file.endsWith('.yaml'))
    .flatMap((file) => ((parse(readFileSync(`test/dialogues/${file}`, 'utf8')) as { turns?: { customer?: unknown }[] }).turns ?? []).map((turn) => turn.customer));
  return [...new Set([...nlu, ...dialogues].filter((text): text is string => typeof text === 'string'))];
}

describe('English noun phrases', () => {
  it.each([
    'my bread maker stopped kneading the dough',
    'I was charged twice for order SO20250000002, this is not acceptable',
    'He said, "I bought the kettle in March, and it broke", then left.',
    'My toaster (the one I bought in Toronto, Canada) is broken; the fan, the light... all dead - help: now!',
    'if the blender is broken then replace it',
    'the lamp works but the remote control broke',
    'Tuesday, March 2nd, the kettle died',
    'nice, pretty, cheap kettle',
    'give him the best blender here',
    'the noise the slide makes',
    'tell my friend that he ordered our vacuum',
    'hey there, my air fryer, the Vortex Pro 600, smokes',
    'although I called, whose fault is the dented fridge door',
    'it broke — again; the lid… and the “new” one, too',
    'he said it works but she says it does not, so now that I know, until then',
    '',
    '...',
  ])('are those of compromise’s nouns() for "%s"', (text) => {
    expect(englishNounPhrases(text)).toEqual(nlp(text).nouns().out('array'));
  });

  it('are those of compromise’s nouns() for every English sentence of the NLU data and the dialogues', () => {
    const sentences = englishSentences();
    expect(sentences.length).toBeGreaterThan(1000);
    const different = sentences.filter((text) => JSON.stringify(englishNounPhrases(text)) !== JSON.stringify(nlp(text).nouns().out('array')));
    expect(different).toEqual([]);
  }, 60_000);

  it('reads the thing named', () => {
    expect(englishNounPhrases('my bread maker stopped kneading the dough')).toEqual(['my bread maker', 'the dough']);
  });
});
