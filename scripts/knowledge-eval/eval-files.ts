// The knowledge base's evaluation sets, prompts/knowledge-eval/<language>.<set>.yaml: customers'
// questions that each entry should answer, written apart from the entries' training questions, and
// questions of the shop's customers that no entry answers (`none`).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Language } from '../../src/domain/types.ts';

/** `test` is looked at when the knowledge base is tuned; `holdout` is not (write a new one when it has been). */
export const KNOWLEDGE_EVAL_SETS = ['test', 'holdout'] as const;
export type KnowledgeEvalSet = (typeof KNOWLEDGE_EVAL_SETS)[number];

const evalFileSchema = z.object({
  language: z.enum(['en', 'zh']),
  entries: z.record(z.string(), z.array(z.string().min(1)).min(1)),
  none: z.array(z.string().min(1)),
});

export type KnowledgeEvalFile = z.infer<typeof evalFileSchema>;

export async function loadKnowledgeEval(promptsDir: string, language: Language, set: KnowledgeEvalSet): Promise<KnowledgeEvalFile> {
  const file = join(promptsDir, 'knowledge-eval', `${language}.${set}.yaml`);
  const parsed = evalFileSchema.safeParse(parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.language !== language) throw new Error(`${file}: says language ${parsed.data.language}, expected ${language}`);
  return parsed.data;
}
