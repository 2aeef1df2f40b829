// JSON columns kept as text (both databases share one client shape): read back as an object.

/** The object stored in a JSON text column; anything unreadable or not an object reads as {}. */
export function parseObject(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
