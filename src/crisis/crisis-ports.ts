// What the crisis signal needs from the store: complaint counts per key for the detector, the
// signals and incidents for the console, the open incidents for the bot. Implemented by
// store/crisis-store.ts on the SQL drivers.

import type { OpenIncident } from '../domain/crisis/incident-match.ts';
import type { ActiveSignal, SignalChanges, SignalStatus } from '../domain/crisis/signal-changes.ts';
import type { KeyCounts, SpikeDimension } from '../domain/crisis/spike-detection.ts';
import type { Language } from '../domain/types.ts';

export interface CountPeriods {
  /** Complaints from here to `now` are the window's. */
  windowStart: Date;
  /** Complaints from here to `windowStart` are the baseline's. */
  baselineStart: Date;
  now: Date;
  /** Keys with fewer complaints in the window are left out (they cannot be a spike). */
  minCount: number;
}

export interface SignalRecord {
  id: string;
  dimension: SpikeDimension;
  key: string;
  count: number;
  expected: number;
  status: SignalStatus;
  detectedAt: Date;
  lastSeenAt: Date;
  endedAt: Date | null;
  incidentId: string | null;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface IncidentRecord {
  id: string;
  signalId: string;
  dimension: SpikeDimension;
  key: string;
  title: string;
  statement: Bilingual;
  status: 'open' | 'closed';
  confirmedBy: { id: string; name: string };
  confirmedAt: Date;
  closedBy: { id: string; name: string } | null;
  closedAt: Date | null;
  update: Bilingual | null;
  notifyCustomers: boolean;
  updatesPlanned: number;
}

export interface IncidentReport {
  incident: IncidentRecord;
  signal: SignalRecord;
  /** Complaints in the incident's scope since the signal was detected. */
  complaints: number;
  /** Conversations told the holding statement. */
  customersTold: number;
  firstToldAt: Date | null;
  lastToldAt: Date | null;
  /** Update follow-ups planned at the close, and how many of them went out. */
  updatesPlanned: number;
  updatesSent: number;
}

export interface NewSignal {
  id: string;
  dimension: SpikeDimension;
  key: string;
  count: number;
  expected: number;
}

export interface CrisisStore {
  /** Complaint counts per category, product and keyword in the window and the baseline. */
  countComplaints(periods: CountPeriods): Promise<KeyCounts[]>;
  /** The ids of the complaints a key counted in the window (to tell the spikes of one burst apart). */
  windowCaseIds(dimension: SpikeDimension, key: string, windowStart: Date, now: Date): Promise<string[]>;
  activeSignals(): Promise<ActiveSignal[]>;
  /** Writes a pass's changes; returns the signals it created (a key another pass signalled meanwhile is skipped). */
  applySignalChanges(changes: SignalChanges, newId: () => string, now: Date): Promise<NewSignal[]>;
  /** The category most of the window's complaints of a product or keyword have (a webhook carries it). */
  dominantCategory(dimension: SpikeDimension, key: string, since: Date): Promise<string | null>;

  listSignals(since: Date, limit: number): Promise<SignalRecord[]>;
  listIncidents(since: Date, limit: number): Promise<IncidentRecord[]>;
  findSignal(id: string): Promise<SignalRecord | null>;
  /** Confirms a new or dismissed signal as an incident (audited); null when the signal is gone. */
  /** 'ended': the burst was over before anyone confirmed it. */
  confirmSignal(
    signalId: string,
    input: { incidentId: string; title: string; statement: Bilingual },
    staffId: string,
    now: Date,
  ): Promise<IncidentRecord | 'not_found' | 'already_confirmed' | 'ended'>;
  dismissSignal(signalId: string, staffId: string, now: Date): Promise<SignalRecord | 'not_found' | 'already_confirmed'>;
  /** Closes an open incident (audited), ends its signal and, with notifyCustomers, plans the update for every customer told. */
  closeIncident(incidentId: string, input: { update: Bilingual | null; notifyCustomers: boolean }, staffId: string, now: Date): Promise<IncidentRecord | 'not_found' | 'already_closed'>;
  report(incidentId: string): Promise<IncidentReport | null>;
  /** The open incidents, each product or keyword one with its burst's words (see incident-match.ts). */
  openIncidents(): Promise<OpenIncident[]>;
  /** The words most of a burst's complaints used: the complaints of the key between the two times. */
  burstWords(dimension: SpikeDimension, key: string, from: Date, to: Date): Promise<string[]>;
}

/** A customer told a statement, written with their turn. */
export interface CrisisNoticeWrite {
  incidentId: string;
  caseId: string | null;
  language: Language;
}
