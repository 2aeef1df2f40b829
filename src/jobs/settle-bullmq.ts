// Lets BullMQ queues and workers finish connecting before they are closed.

/** How long a close waits for them (Redis may be away). */
const SETTLE_WAIT_MS = 5_000;

/**
 * A BullMQ queue or worker starts its connections with commands of its own (INFO for the Redis
 * version); closed before those answer, it disconnects under them and BullMQ leaves the failed
 * start-up as an unhandled rejection, which ends the process. So a process closed right after it
 * started (a later start-up check failed) waits, for a bounded time, until they are ready first.
 */
export async function settleBullmq(parts: readonly ({ waitUntilReady(): Promise<unknown> } | undefined)[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTLE_WAIT_MS)));
  const ready = Promise.allSettled(parts.map((part) => part?.waitUntilReady()));
  await Promise.race([ready, bound]);
  clearTimeout(timer);
}
