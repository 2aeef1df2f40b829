// The English noun phrases the product guess reads are compromise's own nouns(), found with match
// patterns parsed once: clauses split at commas, brackets, quotes and conjunctions, pronouns and
// determiners cut out, as compromise does them.

import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { englishNounPhrases } from '../../src/content/english-nouns.ts';

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
    '',
    '...',
  ])('are those of compromise’s nouns() for "%s"', (text) => {
    expect(englishNounPhrases(text)).toEqual(nlp(text).nouns().out('array'));
  });

  it('reads the thing named', () => {
    expect(englishNounPhrases('my bread maker stopped kneading the dough')).toEqual(['my bread maker', 'the dough']);
  });
});
