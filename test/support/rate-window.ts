// Rate limits count in fixed windows aligned to multiples of their length (src/http/shared-rate-
// counter.ts): a burst that straddles a boundary is counted in two windows and never reaches the
// limit. A test that expects the limit to bite first makes sure its burst fits in the window.

/** Resolves at once when at least `needMs` remain in the current window, else at the next window's start. */
export async function roomInWindow(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
