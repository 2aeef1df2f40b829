// What a benchmark run registers is undone when it ends, and nothing registered late is forgotten.

import { describe, expect, it } from 'vitest';
import { RunResources } from '../../bench/run-resources.ts';

describe('bench RunResources', () => {
  it('runs the cleanups last to first when released', async () => {
    const resources = new RunResources();
    const ran: string[] = [];
    resources.onRelease(async () => void ran.push('database'));
    resources.onRelease(async () => void ran.push('client'));
    await resources.release();
    expect(ran).toEqual(['client', 'database']);
  });

  it('runs a cleanup registered once the run is stopping at once, and refuses it', async () => {
    const resources = new RunResources();
    const released = resources.release({ hurry: true });
    const ran: string[] = [];
    expect(() => resources.onRelease(async () => void ran.push('late cluster'))).toThrow('the run is stopping');
    expect(ran).toEqual(['late cluster']);
    await released;
  });
});
