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
  /** The message reports something that went wrong (a complaint topic or intent). */
  reportsProblem: boolean;
}

export function readFeeling(e: FeelingEvidence): Emotion {
  if (e.feelsWronged || e.harmed) return 'victimized';
  if (e.soundsAngry) return 'angry';
  const displeased = e.negative || (e.reportsProblem && e.classified !== 'calm');
  return displeased ? 'annoyed' : 'calm';
}

const RANK: Record<Emotion, number> = { calm: 0, annoyed: 1, angry: 2, victimized: 3 };

/** The stronger of two feelings (victimized > angry > annoyed > calm). */
export function strongerFeeling(a: Emotion, b: Emotion | undefined): Emotion {
  return b !== undefined && RANK[b] > RANK[a] ? b : a;
}
