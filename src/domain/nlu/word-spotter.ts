// Which words of many keyword lists a text contains, found in one pass over the text: the lexicon
// has ~1,000 words and is asked several questions per message, and an indexOf per word per
// question cost more than the classifiers.

/** A word list added to a spotter; read its hits from a spotted text. */
export type WordList = number;

/** A text's hits: per list, how many of its words the text contains. */
export interface SpottedText {
  /** How many of the list's words the text contains (a word-start word only at the start of a word). */
  count(list: WordList): number;
  /** Whether the text contains any of the list's words anywhere, word starts or not. */
  containsAnywhere(list: WordList): boolean;
  /** The last position of any of the list's words anywhere in the text, word starts or not; -1 when none. */
  lastAt(list: WordList): number;
}

/**
 * Words (lowercase) are found as the lexicon has always matched them: one that begins with a
 * letter or digit must start a word ("rash" is not in "crash") and may end inside one (stems:
 * "overcharg", "explod"); any other (Chinese) anywhere. Texts are expected lowercased: only
 * a–z and 0–9 count as word characters.
 */
export class WordSpotter {
  private readonly words: string[] = [];
  private readonly startsWord: boolean[] = [];
  /** Per word, the lists holding it (a list twice if it holds the word twice). */
  private readonly listsOf: WordList[][] = [];
  private readonly idOf = new Map<string, number>();
  /** Words of two or more characters by their first two UTF-16 code units; one-character words by theirs. */
  private readonly byPair = new Map<number, number[]>();
  private readonly bySingle = new Map<number, number[]>();
  private lists = 0;

  /** Adds a list of lowercase words; empty words are ignored. */
  add(words: readonly string[]): WordList {
    const list = this.lists++;
    for (const word of words) {
      if (!word) continue;
      let id = this.idOf.get(word);
      if (id === undefined) {
        id = this.words.length;
        this.idOf.set(word, id);
        this.words.push(word);
        this.startsWord.push(isWordChar(word.charCodeAt(0)));
        this.listsOf.push([]);
        const bucket = word.length === 1 ? this.bucket(this.bySingle, word.charCodeAt(0)) : this.bucket(this.byPair, pairKey(word, 0));
        bucket.push(id);
      }
      this.listsOf[id]!.push(list);
    }
    return list;
  }

  spot(text: string): SpottedText {
    const { words, startsWord } = this;
    const counts = new Int32Array(this.lists);
    const anywhere: number[] = [];
    const atWordStart = new Set<number>();
    const seen = new Set<number>();
    const record = (id: number, at: number) => {
      if (!seen.has(id)) {
        seen.add(id);
        anywhere.push(id);
      }
      if (!atWordStart.has(id) && (!startsWord[id] || at === 0 || !isWordChar(text.charCodeAt(at - 1)))) atWordStart.add(id);
    };
    const last = text.length - 1;
    for (let at = 0; at <= last; at++) {
      const single = this.bySingle.get(text.charCodeAt(at));
      if (single) for (const id of single) record(id, at);
      if (at === last) break;
      const pair = this.byPair.get(pairKey(text, at));
      if (pair) for (const id of pair) if (text.startsWith(words[id]!, at)) record(id, at);
    }
    for (const id of atWordStart) for (const list of this.listsOf[id]!) counts[list]! += 1;
    const inList = (id: number, list: WordList) => this.listsOf[id]!.includes(list);
    return {
      count: (list) => counts[list]!,
      containsAnywhere: (list) => anywhere.some((id) => inList(id, list)),
      lastAt: (list) => anywhere.reduce((at, id) => (inList(id, list) ? Math.max(at, text.lastIndexOf(words[id]!)) : at), -1),
    };
  }

  private bucket(map: Map<number, number[]>, key: number): number[] {
    let ids = map.get(key);
    if (!ids) map.set(key, (ids = []));
    return ids;
  }
}

function pairKey(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

/** a–z or 0–9, as /[a-z0-9]/ tests it. */
function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}
