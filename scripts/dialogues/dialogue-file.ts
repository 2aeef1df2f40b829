// The shape of a dialogue test (test/dialogues/*.yaml): a whole conversation as a customer would
// hold it, with what must hold after each of their messages. Read by `npm run eval:dialogue` and
// by the dialogue-quality test.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, EMOTIONS, LANGUAGES } from '../../src/domain/types.ts';
import { FACT_KEYS } from '../../src/domain/policy.ts';

/** The failure classes of the 2026-12-06 review (../shared/reviews/2026-12-06-conversations/README.md), plus the issue's own. */
export const FAILURE_CLASSES = ['false_transfer', 'facts', 'typed_choice', 'restatement', 'off_topic', 'waiting', 'hand_back', 'wording', 'language', 'safety', 'happy_path'] as const;

const pattern = z.string().refine(
  (source) => {
    try {
      new RegExp(source, 'iu');
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid regular expression' },
);

const expectation = z
  .object({
    /** true: the conversation is with people after this message (queued or taken over); false: still with the bot. */
    person: z.boolean().optional(),
    /** The complaint step shown for the conversation (1–5); 0 = no complaint open. */
    step: z.number().int().min(0).max(5).optional(),
    /** Facts on the case record, each matched as a case-insensitive regular expression. */
    facts: z.partialRecord(z.enum(FACT_KEYS), pattern).optional(),
    /** Facts that must not match (or, with "", must not be set at all). */
    not_facts: z.partialRecord(z.enum(FACT_KEYS), z.union([pattern, z.literal('')])).optional(),
    category: z.enum(CATEGORIES).optional(),
    /** The case's recorded feeling. */
    emotion: z.enum(EMOTIONS).optional(),
    /** A commitment of this kind is recorded on the case (the option agreed). */
    agreed: z.enum(['refund', 'replacement', 'repair', 'reship', 'voucher', 'investigation']).optional(),
    /** Why the conversation waits in the queue (safety, victimized, asked_for_person …). */
    reason: z.string().optional(),
    /** Every pattern must occur in what the bot said this turn (texts and button labels). */
    mention: z.array(pattern).optional(),
    /** No pattern may occur in what the bot said this turn. */
    not_mention: z.array(pattern).optional(),
    /** The bot says nothing (a person is talking with the customer). */
    silent: z.boolean().optional(),
    /** The language the reply must be in, when it differs from the dialogue's. */
    reply_language: z.enum(LANGUAGES).optional(),
  })
  .strict();

const customerTurn = z.object({ customer: z.string().min(1), expect: expectation.default({}) }).strict();
const staffAction = z.union([
  z.enum(['takeover', 'handback', 'close']),
  z.object({ say: z.string().min(1) }).strict(),
  z
    .object({
      commitment: z
        .object({
          kind: z.enum(['refund', 'replacement', 'repair', 'reship', 'voucher', 'investigation', 'apology']),
          description: z.string().min(1),
          /** In the policy's currency, e.g. 6999 for CN¥6,999. */
          amount: z.number().positive().optional(),
          dueInHours: z.number().positive().default(24),
        })
        .strict(),
    })
    .strict(),
]);
const staffTurn = z.object({ staff: staffAction }).strict();
/** Minutes pass before the next message. */
const waitTurn = z.object({ wait: z.number().positive() }).strict();

export const dialogueSchema = z
  .object({
    title: z.string().min(1),
    language: z.enum(LANGUAGES),
    classes: z.array(z.enum(FAILURE_CLASSES)).min(1),
    customer: z
      .object({ name: z.string().optional(), tier: z.enum(['A', 'B', 'C']).default('C') })
      .strict()
      .default({ tier: 'C' }),
    /** The conversation must reach a person (safety, feeling wronged, asked for one). False: any handoff is a false escalation. */
    expect_person: z.boolean(),
    turns: z.array(z.union([customerTurn, staffTurn, waitTurn])).min(1),
  })
  .strict();

export type Dialogue = z.infer<typeof dialogueSchema> & { id: string };
export type DialogueTurn = Dialogue['turns'][number];
export type Expectation = z.infer<typeof expectation>;
export type StaffAction = z.infer<typeof staffAction>;

/** Every dialogue in the folder, checked; a malformed file fails with its name and the problem. */
export async function loadDialogues(dir: string): Promise<Dialogue[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  const dialogues: Dialogue[] = [];
  for (const file of files) {
    const parsed = dialogueSchema.safeParse(parseYaml(await readFile(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`${file}: ${problems}`);
    }
    dialogues.push({ ...parsed.data, id: file.replace(/\.yaml$/, '') });
  }
  return dialogues;
}
