// The model's instructions, loaded from versioned files in prompts/llm/ (no prompt text in code):
// understand.<version>.md, reply.<version>.md and tones.<version>.yaml. Each system prompt carries
// a canary — a random token per process — so a reply that discloses the instructions is caught.
// Also the one customer-facing line LLM mode adds of its own: offer-person.yaml.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const TONES = ['inquiry', 'small_talk', 'step1', 'step2', 'step3', 'step4', 'step5', 'handoff', 'survey'] as const;
export type Tone = (typeof TONES)[number];

/** Why the model thinks a person should help: it proposed one, or it read harm or a customer wronged. */
export const PERSON_OFFER_REASONS = ['asked', 'safety', 'victimized'] as const;
export type PersonOfferReason = (typeof PERSON_OFFER_REASONS)[number];
const bilingualLine = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const personOffersSchema = z.object(Object.fromEntries(PERSON_OFFER_REASONS.map((r) => [r, bilingualLine])) as Record<PersonOfferReason, typeof bilingualLine>).strict();
export type PersonOffers = z.infer<typeof personOffersSchema>;

export class PromptLibraryError extends Error {
  override readonly name = 'PromptLibraryError';
}

export class PromptLibrary {
  readonly canary = `ref-${randomBytes(6).toString('hex')}`;

  /** The instructions' own sentences, to recognise a reply that repeats them. */
  readonly instructionLines: readonly string[];

  private constructor(
    readonly version: string,
    private readonly understandTemplate: string,
    private readonly replyTemplate: string,
    private readonly tones: Record<Tone, string>,
    /** The line that offers a person the model thought of, by reason and language. */
    readonly personOffers: PersonOffers,
  ) {
    // Worked out once: the guard checks every rewrite, and every streamed piece of one, against them.
    this.instructionLines = [understandTemplate, replyTemplate]
      .flatMap((t) => t.split('\n'))
      .map((l) => l.replace(/\{\w+\}/g, '').trim())
      .filter((l) => l.length >= 40);
  }

  static async load(promptsDir: string, version: string): Promise<PromptLibrary> {
    const dir = join(promptsDir, 'llm');
    const read = (file: string) =>
      readFile(join(dir, file), 'utf8').catch((error: unknown) => {
        throw new PromptLibraryError(`cannot read prompts/llm/${file} (LLM_PROMPT_VERSION=${version}): ${(error as Error).message}`);
      });
    const [understand, reply, tonesText, offersText] = await Promise.all([read(`understand.${version}.md`), read(`reply.${version}.md`), read(`tones.${version}.yaml`), read('offer-person.yaml')]);
    const tones = z.object(Object.fromEntries(TONES.map((t) => [t, z.string().min(1)])) as Record<Tone, z.ZodString>).safeParse(parseYaml(tonesText));
    if (!tones.success) throw new PromptLibraryError(`prompts/llm/tones.${version}.yaml: ${z.prettifyError(tones.error)}`);
    const offers = personOffersSchema.safeParse(parseYaml(offersText));
    if (!offers.success) throw new PromptLibraryError(`prompts/llm/offer-person.yaml: ${z.prettifyError(offers.error)}`);
    for (const [file, text, needed] of [
      [`understand.${version}.md`, understand, ['canary', 'step', 'language']],
      [`reply.${version}.md`, reply, ['canary', 'tone', 'language_name']],
    ] as const) {
      for (const name of needed) if (!text.includes(`{${name}}`)) throw new PromptLibraryError(`prompts/llm/${file} must contain {${name}}`);
    }
    return new PromptLibrary(version, understand, reply, tones.data, offers.data);
  }

  understandPrompt(vars: { step: string; language: string }): string {
    return fill(this.understandTemplate, { ...vars, canary: this.canary });
  }

  replyPrompt(vars: { tone: Tone; language: 'zh' | 'en' }): string {
    return fill(this.replyTemplate, { tone: this.tones[vars.tone], language_name: vars.language === 'zh' ? 'Simplified Chinese' : 'English', canary: this.canary });
  }
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}
