// JSON array columns kept as text (tags): read back as a list of strings.

/** The strings of a JSON array stored as text; anything unreadable reads as []. */
export function parseStringArray(text: string): string[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
