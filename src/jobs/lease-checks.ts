// Whether a worker still holds a follow-up's row, asked right before its send. The sends of a
// process ask together: the questions of one turn of the event loop (the sends whose slots one
// booking handed out, see rate-limiter.ts), and those that arrive while a read is on its way, share
// one read — at thousands of sends a second a read answers many sends, not one each.

import type { ClaimedFollowUp } from './follow-up-ports.ts';

type Held = Pick<ClaimedFollowUp, 'id' | 'attempts'>;

interface Question {
  held: Held;
  until: number;
  answer: (holds: boolean) => void;
  fail: (error: unknown) => void;
}

export class LeaseChecks {
  private waiting: Question[] = [];
  private reading = false;
  private gathering = false;

  /** @param read the ids (of the given claims) whose rows are still held with a lease lasting until `until` */
  constructor(private readonly read: (held: readonly Held[], until: Date) => Promise<string[]>) {}

  /** Resolves true when the claim still holds its row with a lease lasting at least until `until`. */
  holds(held: Held, until: Date): Promise<boolean> {
    const answer = new Promise<boolean>((resolve, reject) => this.waiting.push({ held, until: until.getTime(), answer: resolve, fail: reject }));
    if (!this.gathering) {
      this.gathering = true;
      setImmediate(() => {
        this.gathering = false;
        this.next();
      });
    }
    return answer;
  }

  private next(): void {
    if (this.reading || this.gathering || !this.waiting.length) return;
    const questions = this.waiting;
    this.waiting = [];
    this.reading = true;
    // The longest lease asked for holds for every question (a row that fails it is renewed by its sender).
    const until = new Date(Math.max(...questions.map((q) => q.until)));
    this.read(
      questions.map((q) => q.held),
      until,
    )
      .then(
        (kept) => {
          const held = new Set(kept);
          for (const q of questions) q.answer(held.has(q.held.id));
        },
        (error: unknown) => {
          for (const q of questions) q.fail(error);
        },
      )
      .finally(() => {
        this.reading = false;
        this.next();
      });
  }
}
