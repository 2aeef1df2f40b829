import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { logDestination } from '../../src/log-destination.ts';

describe('log destination', () => {
  it('has each line written by the time the log call returns (no thread pool, nothing held back)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-destination-')), 'service.log');
    const destination = logDestination(file);
    const logger = pino({ level: 'info' }, destination);
    logger.info({ conversationId: 'c-1' }, 'first');
    expect(readFileSync(file, 'utf8')).toContain('"msg":"first"');
    logger.warn('second');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['first', 'second']);
    (destination as unknown as { end(): void }).end();
  });
});
