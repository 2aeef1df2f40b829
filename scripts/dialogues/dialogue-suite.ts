// Runs the dialogue set against a service started with the dialogue clock, one dialogue after
// another so the clock (and so every promised time) is the same on every run.

import type { Db } from '../../src/store/database.ts';
import { loadDialogues } from './dialogue-file.ts';
import { playDialogue, type DialogueResult } from './play-dialogue.ts';

export const DIALOGUES_DIR = 'test/dialogues';
export const BASELINE_FILE = 'test/dialogues/baseline.json';
/** Monday 7 December 2026, 14:00 in Shanghai: inside the default staff hours. */
const START = Date.parse('2026-12-07T06:00:00Z');

/** The environment the service runs under for dialogues (staff hours as shipped, an admin to act as staff). */
export const DIALOGUE_ENV = {
  STAFF_HOURS: '09:00-21:00',
  ADMIN_EMAIL: 'dialogue-admin@example.test',
  ADMIN_PASSWORD: 'quiet dialogue runner passphrase',
  RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'silent',
  JOBS_IN_PROCESS: 'false',
} as const;

/** The service's clock: starts at a fixed time and moves only when a dialogue says so. */
export class DialogueClock {
  private at = START;
  private day = 0;
  readonly now = (): Date => new Date(this.at);
  advance(minutes: number): void {
    this.at += Math.round(minutes * 60_000);
  }
  /** 14:00 in Shanghai on the next day: every dialogue starts at the same time of day, inside the staff hours. */
  nextDay(): void {
    this.day += 1;
    this.at = START + this.day * 24 * 60 * 60_000;
  }
}

/** Plays every dialogue (or those whose id matches the regular expression `filter`) against the service at `baseUrl`. */
export async function runDialogueSuite(service: { baseUrl: string; db: Db; clock: DialogueClock }, filter?: string): Promise<DialogueResult[]> {
  const only = filter ? new RegExp(filter) : undefined;
  const dialogues = (await loadDialogues(DIALOGUES_DIR)).filter((d) => !only || only.test(d.id));
  const staff = await signIn(service.baseUrl);
  const results: DialogueResult[] = [];
  for (const dialogue of dialogues) {
    // A day between conversations, so silences and waits of one never touch the next.
    service.clock.nextDay();
    results.push(await playDialogue(dialogue, { baseUrl: service.baseUrl, db: service.db, staff, advance: (m) => service.clock.advance(m), now: service.clock.now }));
  }
  return results;
}

async function signIn(baseUrl: string): Promise<{ cookie: string; csrfToken: string }> {
  const response = await fetch(`${baseUrl}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DIALOGUE_ENV.ADMIN_EMAIL, password: DIALOGUE_ENV.ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`staff sign-in for the dialogues failed: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken: body.csrfToken };
}
