// Labels staff put on conversations, in one spelling: trimmed and lower-cased, so "VIP " and "vip"
// are one label in the queue's filter. Letters and digits of any script (Chinese included), spaces,
// hyphens and underscores; short enough to show on a queue row.

export const MAX_LABEL_CHARS = 32;
export const MAX_LABELS = 10;

const LABEL = /^[\p{L}\p{N} _-]+$/u;

/** The label as stored, or undefined when it is not one (empty, too long, other characters). */
export function normalizeLabel(raw: string): string | undefined {
  const label = raw.trim().toLowerCase();
  if (label.length === 0 || [...label].length > MAX_LABEL_CHARS || !LABEL.test(label)) return undefined;
  return label;
}

/** Why the text is no label, for a 400 a person can act on. */
export function labelProblem(raw: string): string | undefined {
  const label = raw.trim();
  if (label.length === 0) return 'a label must not be empty';
  if ([...label].length > MAX_LABEL_CHARS) return `a label has at most ${MAX_LABEL_CHARS} characters`;
  if (!LABEL.test(label)) return `"${label}" may hold only letters, digits, spaces, "-" and "_"`;
  return undefined;
}

/** The labels as a set in a stable order (duplicates in any spelling count once). */
export function labelSet(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => normalizeLabel(l)).filter((l): l is string => l !== undefined))].sort();
}
