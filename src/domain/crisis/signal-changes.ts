// What one detection pass changes among the crisis signals (seed 002, crisis: 确认). A key with an
// active signal is updated, never signalled again; a key bursting without one gets a new signal;
// an unconfirmed signal ends once its key has been quiet for a whole window (a burst hovering at
// the threshold does not flap between signals), so a later burst of the key is a new signal. A
// confirmed signal lasts as long as its incident. Pure.

import { columnParser } from '../types.ts';
import type { Spike, SpikeDimension } from './spike-detection.ts';

export const SIGNAL_STATUSES = ['new', 'confirmed', 'dismissed'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];
export const parseSignalStatus = columnParser(SIGNAL_STATUSES, 'CrisisSignal.status');

export interface ActiveSignal {
  id: string;
  dimension: SpikeDimension;
  key: string;
  status: SignalStatus;
  /** The last pass that saw the key bursting. */
  lastSeenAt: Date;
}

export interface SignalChanges {
  created: Spike[];
  updated: { id: string; spike: Spike }[];
  /** Signals whose key has been quiet for a window. */
  ended: string[];
}

export function signalChanges(spikes: readonly Spike[], active: readonly ActiveSignal[], now: Date, windowMs: number): SignalChanges {
  const byKey = new Map(active.map((signal) => [`${signal.dimension}\u0000${signal.key}`, signal]));
  const changes: SignalChanges = { created: [], updated: [], ended: [] };
  const bursting = new Set<string>();
  for (const spike of spikes) {
    const at = `${spike.dimension}\u0000${spike.key}`;
    bursting.add(at);
    const signal = byKey.get(at);
    if (signal) changes.updated.push({ id: signal.id, spike });
    else changes.created.push(spike);
  }
  const quietSince = now.getTime() - windowMs;
  for (const [at, signal] of byKey) {
    if (bursting.has(at) || signal.status === 'confirmed') continue;
    if (signal.lastSeenAt.getTime() <= quietSince) changes.ended.push(signal.id);
  }
  return changes;
}
