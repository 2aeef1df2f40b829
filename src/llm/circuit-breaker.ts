// A circuit breaker for the model: after `failures` failures in a row it opens, and for
// `cooldownMs` every turn skips the model (the embedded path answers at once); then one trial call
// is let through, and its outcome closes or reopens the circuit.

export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failuresInARow = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go to the model now (in half-open, only one trial at a time). */
  allow(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  succeeded(): void {
    this.failuresInARow = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  failed(): void {
    this.failuresInARow += 1;
    if (this.trialInFlight || this.failuresInARow >= this.failures) this.openedAt = this.now();
    this.trialInFlight = false;
  }
}
