// The port that keeps the messages of one conversation strictly in order, one at a time, in this
// process and across processes (src/redis/redis-conversation-lock.ts: a Redis mutex), so two app
// instances never interleave a turn.

export interface ConversationLock {
  /** Runs `work` once every earlier turn of `key` (here or on another instance) is over; rejects with LockTimeoutError when one stays too long. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/** Another holder kept the conversation past the wait allowed: the message was not processed. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}
