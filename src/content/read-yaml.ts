// Reads one YAML content file and checks it against its schema, so a typo is reported with its file.

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export class ContentError extends Error {
  override readonly name = 'ContentError';
}

export async function readYaml<T extends z.ZodTypeAny>(file: string, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ContentError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContentError(`${file}: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}
