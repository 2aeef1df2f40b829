// Runs tasks one after another per key and side by side across keys, in this process: a Telegram
// chat's updates and sends, a conversation's turns before they take the Redis lock.

/** Lets a task keep its key busy after it settled, until `settles` has (e.g. a lock's release). */
export type HoldKey = (settles: Promise<unknown>) => void;

export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `task` after every earlier task of `key` has settled (and whatever they held the key for);
   * rejects only with the task's own error. The caller has the task's outcome as soon as it is
   * known, even when the task holds the key longer.
   */
  run<T>(key: string, task: (holdKey: HoldKey) => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let held: Promise<unknown> | undefined;
    const start = () =>
      task((settles) => {
        held = settles;
      });
    const result = previous.then(start, start);
    const tail = result
      .then(
        () => held,
        () => held,
      )
      .catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }
}
