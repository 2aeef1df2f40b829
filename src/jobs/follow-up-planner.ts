// Plans the follow-ups nobody asks for: festival and birthday greetings over the next days, and
// check-ins with customers who went quiet (lifecycle: decline) or are due their A-tier monthly
// contact. It runs as a job scheduler (follow-up-jobs.ts): one pass per FOLLOWUP_PLAN_INTERVAL_MS
// however many processes plan. Planning writes FollowUp rows with dedupe keys, so planning twice (a
// pass asked for by hand, a restart) writes each greeting once; the relay and workers take it from there.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { planGreetings } from '../domain/greetings/plan-greetings.ts';
import type { HourRange } from '../domain/greetings/send-window.ts';
import type { FollowUpStore, PlannedFollowUp, PlanningStore } from './follow-up-ports.ts';

const PAGE = 2000;
const DAY_MS = 24 * 60 * 60_000;
/** An A-tier customer not in touch for this long is due their monthly contact (seed 004: monthly visit). */
const MONTHLY_CONTACT_MS = 28 * DAY_MS;

export interface FollowUpPlannerOptions {
  store: FollowUpStore & PlanningStore;
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
  constructor(private readonly options: FollowUpPlannerOptions) {}

  /** Plans greetings and check-ins now. */
  async plan(): Promise<PlanResult> {
    const greetings = await this.planGreetings();
    const checkIns = await this.planCheckIns();
    if (greetings || checkIns) this.options.logger.info({ greetings, checkIns }, 'follow-ups planned');
    return { greetings, checkIns };
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
