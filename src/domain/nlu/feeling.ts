// How the customer feels, from the classifier's guess held to what the words show (seed 004: calm,
// annoyed, angry, victimized). The classifier alone reads many short or plain messages ("对",
// "fine", "my kettle stopped working") as angry or wronged, and those misreadings put calm people
// in the queue; so anger needs words of anger or shouting, and feeling wronged needs words of
// being cheated, lied to, treated unfairly or harmed.

import type { Emotion } from '../types.ts';

export interface FeelingEvidence {
  /** The emotion classifier's best guess (already floored to calm when unsure). */
  classified: Emotion;
  /** Words of anger or shouting. */
  soundsAngry: boolean;
  /** Words of being cheated, lied to, treated unfairly. */
  feelsWronged: boolean;
  /** Harm to health or property. */
  harmed: boolean;
  /** Words of disappointment, or sarcasm. */
  negative: boolean;
  /** A confirmation, denial, thanks or filler ("对", "yeah that's right", "ok thanks"), or a plain request for a person or a call. */
  shortAnswer: boolean;
}

export function readFeeling(e: FeelingEvidence): Emotion {
  if (e.feelsWronged || e.harmed) return 'victimized';
  if (e.soundsAngry) return 'angry';
  // Without its words, anger or feeling wronged is at most annoyance; a short answer is calm.
  if (e.shortAnswer && !e.negative) return 'calm';
  const displeased = e.negative || e.classified !== 'calm';
  return displeased ? 'annoyed' : 'calm';
}

const RANK: Record<Emotion, number> = { calm: 0, annoyed: 1, angry: 2, victimized: 3 };

/** The stronger of two feelings (victimized > angry > annoyed > calm). */
export function strongerFeeling(a: Emotion, b: Emotion | undefined): Emotion {
  return b !== undefined && RANK[b] > RANK[a] ? b : a;
}
