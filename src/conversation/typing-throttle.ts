// "The customer is typing…" without a publish per keystroke: at most one typing event per
// conversation per window in this process, however often a client reports. What changed during a
// window (typing stopped) is sent when the window ends, so the last word is never lost.

/** Runs `run` after `ms`; returns the function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

export interface TypingThrottleOptions {
  /** The shortest time between two publishes for one conversation. */
  windowMs: number;
  /** Sends the state on (fire and forget: the caller logs its own failures). */
  publish: (conversationId: string, on: boolean) => void;
  /** Timers; tests pass their own. */
  schedule?: Schedule;
}

interface Window {
  /** The state published when the window opened. */
  sent: boolean;
  /** The latest state reported since. */
  wanted: boolean;
  cancel: () => void;
}

const realTimers: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export class TypingThrottle {
  private readonly windows = new Map<string, Window>();
  private readonly schedule: Schedule;

  constructor(private readonly options: TypingThrottleOptions) {
    this.schedule = options.schedule ?? realTimers;
  }

  /** A client says the customer is (or stopped) typing. Returns whether it was published at once. */
  report(conversationId: string, on: boolean): boolean {
    const open = this.windows.get(conversationId);
    if (open) {
      open.wanted = on;
      return false;
    }
    this.send(conversationId, on);
    return true;
  }

  /** Drops what is held back (shutdown). */
  close(): void {
    for (const window of this.windows.values()) window.cancel();
    this.windows.clear();
  }

  private send(conversationId: string, on: boolean): void {
    this.options.publish(conversationId, on);
    const window: Window = { sent: on, wanted: on, cancel: () => {} };
    window.cancel = this.schedule(() => this.end(conversationId, window), this.options.windowMs);
    this.windows.set(conversationId, window);
  }

  private end(conversationId: string, window: Window): void {
    if (this.windows.get(conversationId) !== window) return;
    this.windows.delete(conversationId);
    // A repeat of the state already shown is dropped; a change is sent and opens the next window.
    if (window.wanted !== window.sent) this.send(conversationId, window.wanted);
  }
}
