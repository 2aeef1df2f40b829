// The model's instructions, loaded from versioned files in prompts/llm/ (no prompt text in code):
// understand.<version>.md, reply.<version>.md and tones.<version>.yaml. Each system prompt carries
// a canary — a random token per process — so a reply that discloses the instructions is caught.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const TONES = ['inquiry', 'small_talk', 'step1', 'step2', 'step3', 'step4', 'step5', 'handoff', 'survey'] as const;
export type Tone = (typeof TONES)[number];

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
    const [understand, reply, tonesText] = await Promise.all([read(`understand.${version}.md`), read(`reply.${version}.md`), read(`tones.${version}.yaml`)]);
    const tones = z.object(Object.fromEntries(TONES.map((t) => [t, z.string().min(1)])) as Record<Tone, z.ZodString>).safeParse(parseYaml(tonesText));
    if (!tones.success) throw new PromptLibraryError(`prompts/llm/tones.${version}.yaml: ${z.prettifyError(tones.error)}`);
    for (const [file, text, needed] of [
      [`understand.${version}.md`, understand, ['canary', 'step', 'language']],
      [`reply.${version}.md`, reply, ['canary', 'tone', 'language_name']],
    ] as const) {
      for (const name of needed) if (!text.includes(`{${name}}`)) throw new PromptLibraryError(`prompts/llm/${file} must contain {${name}}`);
    }
    return new PromptLibrary(version, understand, reply, tones.data);
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
