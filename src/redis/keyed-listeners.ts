// Listeners grouped by a key (a conversation id, a session id): added with a function that removes
// them again, and the key forgotten with its last listener. Used by the Redis pub/sub fan-outs.

export class KeyedListeners<Listener> {
  private readonly byKey = new Map<string, Set<Listener>>();

  /** Adds `listener` under `key`; returns the function that removes it. */
  add(key: string, listener: Listener): () => void {
    let set = this.byKey.get(key);
    if (!set) {
      set = new Set();
      this.byKey.set(key, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byKey.delete(key);
    };
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The listeners under `key` now (none: an empty list). */
  of(key: string): Iterable<Listener> {
    return this.byKey.get(key) ?? [];
  }

  clear(): void {
    this.byKey.clear();
  }
}
