// The bot's sentences in both languages, without the NLU and knowledge models: what a process that
// only writes to customers (the follow-up worker) needs of the content.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Phrasebook, type PhraseTable } from '../domain/phrasebook.ts';
import { ContentError, readYaml } from './read-yaml.ts';

const phraseSchema = z.record(z.string(), z.object({ zh: z.union([z.string(), z.array(z.string()).min(1)]), en: z.union([z.string(), z.array(z.string()).min(1)]) }));

/** prompts/replies.yaml, prompts/follow-ups.yaml and each channel's own sentences in prompts/channels/*.yaml. */
export async function loadPhrasebook(promptsDir: string): Promise<Phrasebook> {
  const channelDir = join(promptsDir, 'channels');
  const channelFiles = await readdir(channelDir).then(
    (files) => files.filter((f) => f.endsWith('.yaml')).sort(),
    () => [],
  );
  const tables = await Promise.all(
    [join(promptsDir, 'replies.yaml'), join(promptsDir, 'follow-ups.yaml'), ...channelFiles.map((f) => join(channelDir, f))].map((file) => readYaml(file, phraseSchema)),
  );
  const merged: z.infer<typeof phraseSchema> = {};
  for (const table of tables) {
    for (const [key, value] of Object.entries(table)) {
      if (key in merged) throw new ContentError(`the phrase "${key}" is defined twice under ${promptsDir}`);
      merged[key] = value;
    }
  }
  return new Phrasebook(merged as PhraseTable);
}
