// English noun phrases as compromise's `nlp(text).nouns().out('array')` finds them, step for step
// (compromise 14: src/3-three/nouns/find.js and src/3-three/chunker/api/clauses.js), but with the
// ~35 match patterns parsed once instead of on every call: parsing them took a quarter of the
// tagger's time. compromise takes parsed patterns wherever it takes a pattern (`nlp.parseMatch`)
// and only grow/growLeft/growRight change theirs, so those keep their strings.

import nlp from 'compromise';

type Pattern = ReturnType<typeof nlp.parseMatch>;

/** The view methods used here; compromise's typings give the split and set methods' results fewer than they have. */
interface View {
  readonly found: boolean;
  match(pattern: Pattern, group?: number): View;
  not(pattern: Pattern): View;
  if(pattern: Pattern): View;
  has(pattern: Pattern): boolean;
  filter(keep: (match: View) => boolean): View;
  splitOn(at: View): View;
  splitBefore(at: Pattern | View): View;
  splitAfter(at: Pattern | View): View;
  parentheses(): View;
  quotations(): View;
  grow(pattern: string): View;
  growLeft(pattern: string): View;
  growRight(pattern: string): View;
  wordCount(): number;
  out(format: 'array'): string[];
}

interface Patterns {
  noun: Pattern;
  hasComma: Pattern;
  place: Pattern;
  nounSplits: { method: 'splitOn' | 'splitBefore'; pattern: Pattern; group?: number }[];
  isNoun: Pattern;
  verb: Pattern;
  notClause: Pattern[];
  clausePunctuation: Pattern;
  saidAfterPronoun: Pattern;
  clauseStarts: Pattern[];
  butBetweenVerbs: Pattern;
  ifThen: Pattern;
  then: Pattern;
}

let compiled: Patterns | undefined;

/** Parsed on first use, once every compromise plugin has registered its tags. */
function patterns(): Patterns {
  if (compiled) return compiled;
  const p = (match: string) => nlp.parseMatch(match);
  compiled = {
    noun: p('<Noun>'),
    hasComma: p('@hasComma'),
    place: p('#Place'),
    nounSplits: [
      { method: 'splitOn', pattern: p('#Expr') },
      { method: 'splitOn', pattern: p('(he|she|we|you|they|i)') },
      { method: 'splitOn', pattern: p('(#NN|#Adj) [(he|him|she|it)]'), group: 0 },
      { method: 'splitOn', pattern: p('[(he|him|she|it)] (#Det|#Val)'), group: 0 },
      { method: 'splitBefore', pattern: p('#NN [(the|a|an)] #Adj? #NN'), group: 0 },
      { method: 'splitOn', pattern: p('[(here|there)] #NN'), group: 0 },
      { method: 'splitOn', pattern: p('[#NN] (here|there)'), group: 0 },
      { method: 'splitBefore', pattern: p('(our|my|their|your)') },
      { method: 'splitOn', pattern: p('#NN [#Det]'), group: 0 },
    ],
    isNoun: p('#NN'),
    verb: p('#Verb'),
    notClause: ['@hasComma @hasComma', '@hasComma (and|or) .', '(#City && @hasComma) #Country', '(#WeekDay && @hasComma) #Date', '(#Date+ && @hasComma) #Val', '(#Adj && @hasComma) #Adj'].map(p),
    clausePunctuation: p('(@hasEllipses|@hasSemicolon|@hasDash|@hasColon)'),
    saidAfterPronoun: p('^#Pron (said|says)'),
    clauseStarts: [
      '(said|says) #Prop$',
      '. . if .{4}',
      'and while',
      'now that',
      'ever since',
      '(supposing|although)',
      'even (while|if|though)',
      '(whereas|whose)',
      'as (though|if)',
      '(til|until)',
    ].map(p),
    butBetweenVerbs: p('#Verb .* [but] .* #Verb'),
    ifThen: p('if .{2,9} then .'),
    then: p('then'),
  };
  return compiled;
}

/** The noun phrases of an English text, as written, in order. */
export function englishNounPhrases(text: string): string[] {
  return findNouns(nlp(text) as unknown as View, patterns()).out('array');
}

function findNouns(doc: View, p: Patterns): View {
  let m = clauses(doc, p).match(p.noun);
  const commas = m.match(p.hasComma).not(p.place);
  if (commas.found) m = m.splitAfter(commas);
  for (const { method, pattern, group } of p.nounSplits) {
    const matches = m.match(pattern, group);
    if (matches.found) m = m[method](matches);
  }
  return m.if(p.isNoun);
}

function clauses(doc: View, p: Patterns): View {
  const clauseSized = (m: View) => m.wordCount() >= 3 && m.has(p.verb) && m.has(p.isNoun);
  let found = doc.splitOn(doc.parentheses().filter(clauseSized));
  found = found.splitOn(found.quotations().filter(clauseSized));
  found = byComma(found, p);
  found = found.splitAfter(p.clausePunctuation);
  found = found.splitAfter(p.saidAfterPronoun);
  for (const start of p.clauseStarts) found = found.splitBefore(start);
  const but = found.match(p.butBetweenVerbs, 0);
  if (but.found) found = found.splitBefore(but);
  return found.splitBefore(found.if(p.ifThen).match(p.then));
}

/** A comma ends a clause unless it lists ("fun, cool"), or sits in a place or date ("toronto, canada"). */
function byComma(doc: View, p: Patterns): View {
  const commas = doc.match(p.hasComma).filter((m) => {
    if (m.growLeft('.').wordCount() === 1) return false;
    if (m.growRight('. .').wordCount() === 1) return false;
    const more = m.grow('.');
    return !p.notClause.some((pattern) => more.has(pattern));
  });
  return doc.splitAfter(commas);
}
