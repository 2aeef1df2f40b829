// The editable content is complete: every sentence the code asks for exists in both languages,
// the knowledge base is big enough, and the migrations match the schema.

import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testContent } from '../support/test-app.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'generated' ? [] : sourceFiles(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('content', () => {
  it('has every phrase the code uses in Chinese and English', async () => {
    const { phrases: book } = await testContent();
    const phrases: Record<string, { zh?: unknown; en?: unknown }> = Object.fromEntries(book.keys().map((key) => [key, { zh: book.say(key, 'zh'), en: book.say(key, 'en') }]));
    const used = new Set<string>();
    for (const file of sourceFiles('src')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bt|say|isLabel|allLanguages)\(\s*'([a-z_]+\.[a-z_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((key) => !phrases[key]?.zh || !phrases[key]?.en);
    expect(missing).toEqual([]);
  });

  it('has every templated phrase family complete (topics, acknowledgements, options, hand-offs)', async () => {
    const { phrases } = await testContent();
    const families = {
      topic: ['product_quality', 'delivery', 'billing', 'service_attitude', 'other'],
      ack: ['calm', 'annoyed', 'angry', 'victimized'],
      option: ['refund', 'replacement', 'repair', 'reship', 'voucher', 'investigation'],
      handoff: ['safety', 'victimized', 'angry', 'asked_for_person', 'no_agreement', 'repeated_misunderstanding', 'internal_error', 'a_tier_green_channel'],
      fact: ['orderNumber', 'product', 'problem', 'want', 'date', 'amount'],
      ask: ['orderNumber', 'product', 'problem', 'want', 'date', 'amount'],
      // The handoff summary for staff (src/domain/flow/handoff-summary.ts).
      'handoff.summary.reason': ['safety', 'victimized', 'angry', 'asked_for_person', 'no_agreement', 'repeated_misunderstanding', 'internal_error', 'a_tier_green_channel', 'other'],
      'handoff.summary.emotion': ['calm', 'annoyed', 'angry', 'victimized'],
      'handoff.summary.category': ['product_quality', 'delivery', 'billing', 'service_attitude', 'other'],
      'handoff.summary.fact': ['orderNumber', 'product', 'problem', 'want', 'date', 'amount'],
      'handoff.summary.want': ['refund', 'replacement', 'repair', 'apology', 'compensation'],
      'handoff.summary': ['who_named', 'who_anonymous', 'complaint', 'facts', 'no_facts', 'fact', 'unknown', 'separator', 'quoted', 'offered', 'refused', 'chosen', 'last'],
    };
    for (const [family, members] of Object.entries(families)) {
      for (const member of members) for (const language of ['zh', 'en'] as const) expect(phrases.say(`${family}.${member}`, language)).not.toBe('');
    }
  });

  it('ships a bilingual knowledge base of at least 25 entries', async () => {
    const { knowledge } = await testContent();
    expect(knowledge.entries.length).toBeGreaterThanOrEqual(25);
    for (const entry of knowledge.entries) {
      expect(entry.answer.zh).toMatch(/\p{Script=Han}/u);
      expect(entry.answer.en).toMatch(/[a-z]/i);
    }
  });

  it('has migrations for both databases that match prisma/schema.prisma', () => {
    const sqliteSnapshot = readFileSync('prisma/migrations/sqlite/schema.snapshot.prisma', 'utf8');
    expect(sqliteSnapshot).toBe(readFileSync('prisma/schema.prisma', 'utf8'));
    const derived = execFileSync('node', ['-e', "import('./scripts/prisma-schemas.mjs').then(m => process.stdout.write(m.writePostgresSchema()))"], { encoding: 'utf8' });
    expect(readFileSync('prisma/migrations/postgres/schema.snapshot.prisma', 'utf8')).toBe(derived);
  });
});
