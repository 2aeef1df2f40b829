// Polls a condition until it holds, for tests that wait on another process or a background loop
// (no event to await there). A probe that throws counts as "not yet" — a database being restarted
// refuses queries for a while — and the last error is reported if time runs out.

/** Resolves with the first truthy value `probe` gives; rejects naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, lastError ? { cause: lastError } : undefined);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
