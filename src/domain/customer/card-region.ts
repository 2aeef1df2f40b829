// Applies the region inference to a card: what to change and the confirmations that go with it.
// A guess never replaces what a person or an import confirmed; an earlier guess is replaced by a
// better one (the phone changed to another country's).

import { confirmFields, type FieldConfirmations } from './card-freshness.ts';
import { inferRegion, type RegionClues } from './infer-region.ts';

export interface CardRegion {
  country: string | null;
  timezone: string;
}

export interface RegionUpdate {
  changes: { country?: string; timezone?: string };
  confirmations: FieldConfirmations;
}

export function updateCardRegion(card: CardRegion, confirmations: FieldConfirmations, clues: RegionClues, now: Date): RegionUpdate {
  const guessed = (field: 'country' | 'timezone') => confirmations[field]?.by === 'inferred';
  const known = {
    country: card.country && !guessed('country') ? card.country : null,
    timezoneKnown: confirmations.timezone !== undefined && !guessed('timezone'),
  };
  const guess = inferRegion(clues, known);
  const changes: RegionUpdate['changes'] = {};
  let next = confirmations;
  if (guess.country && (guess.country !== card.country || !confirmations.country)) {
    if (guess.country !== card.country) changes.country = guess.country;
    next = confirmFields(next, ['country'], 'inferred', now);
  }
  if (guess.timezone && (guess.timezone !== card.timezone || !confirmations.timezone)) {
    if (guess.timezone !== card.timezone) changes.timezone = guess.timezone;
    next = confirmFields(next, ['timezone'], 'inferred', now);
  }
  return { changes, confirmations: next };
}
