// .env.example is the operator's reference: every variable the service reads is in it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';

describe('.env.example', () => {
  it('documents every variable the configuration reads', () => {
    const documented = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Za-z][A-Za-z0-9_]*)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
