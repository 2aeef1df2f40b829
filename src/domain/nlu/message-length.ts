// How long a message is, the way its language counts: characters in Chinese (no spaces between
// words), words in English. Short answers, stories and hedges are told apart by it.

/** At most `chars` characters if the text has Chinese in it, else at most `words` words. */
export function fitsWithin(text: string, limits: { chars: number; words: number }): boolean {
  const trimmed = text.trim();
  return /\p{Script=Han}/u.test(trimmed) ? trimmed.length <= limits.chars : trimmed.split(/\s+/).length <= limits.words;
}
