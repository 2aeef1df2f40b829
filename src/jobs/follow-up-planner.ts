// Plans the follow-ups nobody asks for: festival and birthday greetings over the next days, and
// check-ins with customers who went quiet (lifecycle: decline) or are due their A-tier monthly
// contact. Planning writes FollowUp rows with dedupe keys, so planning twice (two processes, a
// restart) writes each greeting once; the relay and workers take it from there.

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RepeatingTask } from './repeating-task.ts';
import { planGreetings } from '../domain/greetings/plan-greetings.ts';
import type { HourRange } from '../domain/greetings/send-window.ts';
import type { FollowUpStore, PlannedFollowUp, PlanningStore } from './follow-up-ports.ts';

const PAGE = 2000;
const DAY_MS = 24 * 60 * 60_000;
/** An A-tier customer not in touch for this long is due their monthly contact (seed 004: monthly visit). */
const MONTHLY_CONTACT_MS = 28 * DAY_MS;

export interface FollowUpPlannerOptions {
  store: FollowUpStore & PlanningStore;
  redis: Redis;
  lockKey: string;
  logger: Logger;
  clock: () => Date;
  horizonDays: number;
  window: HourRange;
  quiet: HourRange;
  silentMs: number;
}

export interface PlanResult {
  greetings: number;
  checkIns: number;
}

export class FollowUpPlanner {
  private readonly repeating = new RepeatingTask(
    () => this.plan(),
    (err) => this.options.logger.warn({ err }, 'follow-ups: planning failed; will try again'),
  );

  constructor(private readonly options: FollowUpPlannerOptions) {}

  /** Plans greetings and check-ins now; another process planning at the same time makes this one skip. */
  async plan(): Promise<PlanResult | null> {
    const { redis, lockKey } = this.options;
    const token = randomUUID();
    if ((await redis.set(lockKey, token, 'PX', 10 * 60_000, 'NX')) !== 'OK') return null;
    try {
      const greetings = await this.planGreetings();
      const checkIns = await this.planCheckIns();
      if (greetings || checkIns) this.options.logger.info({ greetings, checkIns }, 'follow-ups planned');
      return { greetings, checkIns };
    } finally {
      // Release only our own lock (it may have expired and been taken by another planner).
      await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, lockKey, token);
    }
  }

  start(intervalMs: number): void {
    this.repeating.start(intervalMs);
  }

  async stop(): Promise<void> {
    await this.repeating.stop();
  }

  private async planGreetings(): Promise<number> {
    const { store, clock, horizonDays, window, quiet } = this.options;
    const now = clock();
    let inserted = 0;
    let after = '';
    for (;;) {
      const customers = await store.greetingCustomers(after, PAGE);
      if (!customers.length) break;
      after = customers.at(-1)!.id;
      const rows: PlannedFollowUp[] = planGreetings(customers, now, horizonDays, { window, quiet }).map((g) => ({
        id: randomUUID(),
        customerId: g.customerId,
        kind: 'greeting',
        dueAt: g.dueAt,
        dedupeKey: g.dedupeKey,
        payload: { occasion: g.occasion, names: g.names, localDate: g.localDate },
      }));
      inserted += await store.insertPlanned(rows, now);
      if (customers.length < PAGE) break;
    }
    return inserted;
  }

  private async planCheckIns(): Promise<number> {
    const { store, clock, silentMs } = this.options;
    const now = clock();
    const silentBefore = new Date(now.getTime() - silentMs);
    const monthlyBefore = new Date(now.getTime() - MONTHLY_CONTACT_MS);
    const month = now.toISOString().slice(0, 7);
    let inserted = 0;
    let after = '';
    for (;;) {
      const customers = await store.quietCustomers(silentBefore, monthlyBefore, after, PAGE);
      if (!customers.length) break;
      after = customers.at(-1)!.id;
      const rows: PlannedFollowUp[] = customers.map((c) => {
        const silent = c.lastContactAt < silentBefore;
        // A-tier customers are a key account manager's to call; others get a personal message from the bot.
        const task = c.tier === 'A' && c.keyAccountManagerId !== null;
        const reason = silent ? 'silent' : 'monthly';
        return {
          id: randomUUID(),
          customerId: c.id,
          kind: 'outreach',
          dueAt: now,
          // One check-in per silence (a new one only after the customer has been in touch again), one monthly contact per month.
          dedupeKey: silent ? `outreach:silent:${c.lastContactAt.toISOString().slice(0, 10)}:${c.id}` : `outreach:monthly:${month}:${c.id}`,
          payload: { reason, ...(task ? { task: true } : {}) },
          staffId: task ? c.keyAccountManagerId : null,
        };
      });
      inserted += await store.insertPlanned(rows, now);
      if (customers.length < PAGE) break;
    }
    return inserted;
  }
}
