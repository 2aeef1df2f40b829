// Long Telegram replies are cut where a reader would cut them, never inside a character.

import { describe, expect, it } from 'vitest';
import { splitText, TELEGRAM_TEXT_LIMIT } from '../../src/channels/telegram/split-text.ts';

describe('splitText', () => {
  it('leaves a text within the limit whole', () => {
    expect(splitText('Hello there.')).toEqual(['Hello there.']);
    expect(splitText('x'.repeat(TELEGRAM_TEXT_LIMIT))).toHaveLength(1);
  });

  it('cuts between paragraphs first, then lines, sentences and words', () => {
    expect(splitText('aaaa aaaa\n\nbbbb\nbbbb', 14)).toEqual(['aaaa aaaa', 'bbbb\nbbbb']);
    expect(splitText('aaaa aaaa\nbbbb bbbb', 14)).toEqual(['aaaa aaaa', 'bbbb bbbb']);
    expect(splitText('One two. Three four five', 14)).toEqual(['One two.', 'Three four', 'five']);
    expect(splitText('我很抱歉。我们马上处理这个问题', 8)).toEqual(['我很抱歉。', '我们马上处理这个', '问题']);
    expect(splitText('alpha beta gamma delta', 12)).toEqual(['alpha beta', 'gamma delta']);
  });

  it('never splits a surrogate pair, even without any boundary', () => {
    const text = '😀'.repeat(10); // 20 UTF-16 code units
    const parts = splitText(text, 5);
    expect(parts.join('')).toBe(text);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(5);
      expect(part).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it('keeps every part of a 10,000-character text within the limit and loses no word', () => {
    const text = Array.from({ length: 1500 }, (_, i) => `word${i}${i % 40 === 39 ? '.\n' : ' '}`).join('');
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= TELEGRAM_TEXT_LIMIT)).toBe(true);
    // No tiny parts: every cut but the last falls in the second half of the window.
    expect(parts.slice(0, -1).every((p) => p.length >= TELEGRAM_TEXT_LIMIT / 2 - 1)).toBe(true);
    expect(parts.join(' ').split(/\s+/)).toEqual(text.trim().split(/\s+/));
  });
});
