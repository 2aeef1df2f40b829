// English noun phrases as compromise's `nlp(text).nouns().out('array')` finds them, step for step
// (compromise 14: src/3-three/nouns/find.js and src/3-three/chunker/api/clauses.js), but with the
// ~35 match patterns parsed once instead of on every call: parsing them took a quarter of the
// tagger's time. compromise takes parsed patterns wherever it takes a pattern (`nlp.parseMatch`)
// and only grow/growLeft/growRight change theirs, so those keep their strings.
// A split whose pattern names a word the text does not have cannot find anything: it is skipped.
// A word matches a term by its text, normal or machine form or an alias (compromise 14:
// src/1-one/match/methods/match/term/doesMatch.js), so those are the words a text has.

import nlp from 'compromise';

type Pattern = ReturnType<typeof nlp.parseMatch>;

/** A term as compromise keeps it: the forms a word pattern is compared with. */
interface Term {
  text: string;
  normal: string;
  machine?: string | null;
  alias?: string[];
}

/** The view methods used here; compromise's typings give the split and set methods' results fewer than they have. */
interface View {
  readonly found: boolean;
  readonly docs: Term[][];
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

/** A pattern that can only match where the text has one of `needs` (undefined: no word needed). */
interface Guarded {
  pattern: Pattern;
  needs?: readonly string[];
}

interface Patterns {
  noun: Pattern;
  hasComma: Pattern;
  place: Pattern;
  nounSplits: (Guarded & { method: 'splitOn' | 'splitBefore'; group?: number })[];
  isNoun: Pattern;
  verb: Pattern;
  notClause: Pattern[];
  clausePunctuation: Pattern;
  saidAfterPronoun: Guarded;
  clauseStarts: Guarded[];
  butBetweenVerbs: Guarded;
  ifThen: Pattern;
  then: Pattern;
}

let compiled: Patterns | undefined;

/** Parsed on first use, once every compromise plugin has registered its tags. */
function patterns(): Patterns {
  if (compiled) return compiled;
  const p = (match: string) => nlp.parseMatch(match);
  // At least one word: a guard with none would skip its split on every text.
  const g = (match: string, ...needs: [string, ...string[]]): Guarded => ({ pattern: p(match), needs });
  compiled = {
    noun: p('<Noun>'),
    hasComma: p('@hasComma'),
    place: p('#Place'),
    nounSplits: [
      { method: 'splitOn', pattern: p('#Expr') },
      { method: 'splitOn', ...g('(he|she|we|you|they|i)', 'he', 'she', 'we', 'you', 'they', 'i') },
      { method: 'splitOn', ...g('(#NN|#Adj) [(he|him|she|it)]', 'he', 'him', 'she', 'it'), group: 0 },
      { method: 'splitOn', ...g('[(he|him|she|it)] (#Det|#Val)', 'he', 'him', 'she', 'it'), group: 0 },
      { method: 'splitBefore', ...g('#NN [(the|a|an)] #Adj? #NN', 'the', 'a', 'an'), group: 0 },
      { method: 'splitOn', ...g('[(here|there)] #NN', 'here', 'there'), group: 0 },
      { method: 'splitOn', ...g('[#NN] (here|there)', 'here', 'there'), group: 0 },
      { method: 'splitBefore', ...g('(our|my|their|your)', 'our', 'my', 'their', 'your') },
      { method: 'splitOn', pattern: p('#NN [#Det]'), group: 0 },
    ],
    isNoun: p('#NN'),
    verb: p('#Verb'),
    notClause: ['@hasComma @hasComma', '@hasComma (and|or) .', '(#City && @hasComma) #Country', '(#WeekDay && @hasComma) #Date', '(#Date+ && @hasComma) #Val', '(#Adj && @hasComma) #Adj'].map(p),
    clausePunctuation: p('(@hasEllipses|@hasSemicolon|@hasDash|@hasColon)'),
    saidAfterPronoun: g('^#Pron (said|says)', 'said', 'says'),
    clauseStarts: [
      g('(said|says) #Prop$', 'said', 'says'),
      g('. . if .{4}', 'if'),
      g('and while', 'while'),
      g('now that', 'now'),
      g('ever since', 'since'),
      g('(supposing|although)', 'supposing', 'although'),
      g('even (while|if|though)', 'even'),
      g('(whereas|whose)', 'whereas', 'whose'),
      g('as (though|if)', 'as'),
      g('(til|until)', 'til', 'until'),
    ],
    butBetweenVerbs: g('#Verb .* [but] .* #Verb', 'but'),
    ifThen: p('if .{2,9} then .'),
    then: p('then'),
  };
  return compiled;
}

/** The noun phrases of an English text, as written, in order. */
export function englishNounPhrases(text: string): string[] {
  const doc = nlp(text) as unknown as View;
  const has: Has = { words: wordsOf(doc), comma: text.includes(','), bracket: text.includes('('), quote: OPENING_QUOTE.test(text), clausePunctuation: CLAUSE_PUNCTUATION.test(text) };
  return findNouns(doc, patterns(), has).out('array');
}

/** The characters compromise opens a quotation with (src/3-three/misc/quotations/fns.js). */
const OPENING_QUOTE = /["\uFF02'\u201C\u2018\u201F\u201B\u201E\u2E42\u201A\u00AB\u2039\u2035\u2036\u2037\u301D\u0060\u301F]/;
/** What @hasEllipses, @hasSemicolon, @hasColon and @hasDash look for around a word. */
const CLAUSE_PUNCTUATION = /\.\.|…|;|:|[-–—]/;

/** What a text has that a pattern may need: its words, and the punctuation some splits look for. */
interface Has {
  words: ReadonlySet<string>;
  comma: boolean;
  bracket: boolean;
  quote: boolean;
  clausePunctuation: boolean;
}

const mayMatch = ({ needs }: Guarded, has: Has) => needs === undefined || needs.some((word) => has.words.has(word));

/** Every form of every word in `doc` a word pattern can match. */
function wordsOf(doc: View): Set<string> {
  const words = new Set<string>();
  for (const sentence of doc.docs) {
    for (const term of sentence) {
      words.add(term.text);
      words.add(term.normal);
      if (term.machine) words.add(term.machine);
      for (const alias of term.alias ?? []) words.add(alias);
    }
  }
  return words;
}

function findNouns(doc: View, p: Patterns, has: Has): View {
  let m = clauses(doc, p, has).match(p.noun);
  if (has.comma) {
    const commas = m.match(p.hasComma).not(p.place);
    if (commas.found) m = m.splitAfter(commas);
  }
  for (const split of p.nounSplits) {
    if (!mayMatch(split, has)) continue;
    const matches = m.match(split.pattern, split.group);
    if (matches.found) m = m[split.method](matches);
  }
  return m.if(p.isNoun);
}

function clauses(doc: View, p: Patterns, has: Has): View {
  const clauseSized = (m: View) => m.wordCount() >= 3 && m.has(p.verb) && m.has(p.isNoun);
  let found = has.bracket ? doc.splitOn(doc.parentheses().filter(clauseSized)) : doc;
  if (has.quote) found = found.splitOn(found.quotations().filter(clauseSized));
  if (has.comma) found = byComma(found, p);
  if (has.clausePunctuation) found = found.splitAfter(p.clausePunctuation);
  if (mayMatch(p.saidAfterPronoun, has)) found = found.splitAfter(p.saidAfterPronoun.pattern);
  for (const start of p.clauseStarts) if (mayMatch(start, has)) found = found.splitBefore(start.pattern);
  if (mayMatch(p.butBetweenVerbs, has)) {
    const but = found.match(p.butBetweenVerbs.pattern, 0);
    if (but.found) found = found.splitBefore(but);
  }
  if (!has.words.has('if') || !has.words.has('then')) return found;
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
