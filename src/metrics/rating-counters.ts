// The chat ratings customers gave (CSAT after a chat), by who served them and the score. Every
// label child is made up front; a committed turn is looked at only for a rating it recorded.

import { Counter, type Registry } from 'prom-client';
import type { Effect } from '../domain/flow/effects.ts';
import { zeroed } from './zeroed.ts';

const SERVED_BY = ['bot', 'staff'] as const;
const SCORES = ['1', '2', '3', '4', '5'] as const;

export class RatingCounters {
  private readonly children = new Map<string, Counter.Internal>();

  constructor(registry: Registry) {
    const ratings = new Counter({
      name: 'care_csat_ratings_total',
      help: 'Chat ratings (CSAT) customers gave, by who served them (bot or staff) and the score (1–5)',
      labelNames: ['served_by', 'score'],
      registers: [registry],
    });
    for (const servedBy of SERVED_BY) for (const score of SCORES) this.children.set(`${servedBy}:${score}`, zeroed(ratings.labels(servedBy, score)));
  }

  /** Counts the ratings among a committed turn's effects. */
  countRatings(effects: readonly Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'recordRating') this.children.get(`${effect.rating.servedBy}:${effect.rating.score}`)?.inc();
    }
  }
}
