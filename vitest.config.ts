import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Each worker process runs its test files one after another in one module graph: the service's
    // modules (Prisma clients, NLU, fastify) load once per worker instead of once per file, which
    // took longer than most files' tests. Every file still starts its own apps, databases and key
    // prefixes; a file that changes something process-wide (process.env, a global) puts it back in
    // afterAll, and a test about what a process loads runs one of its own (lazy-prisma.test.ts).
    isolate: false,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        // expect.poll waits for something the service does on its own (a live event, a job, a page
        // update); on a busy 2-core machine that can take longer than vitest's default second.
        test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000, expect: { poll: { timeout: 10_000 } } },
      },
      {
        extends: true,
        // One file at a time: two at once saved about a minute here but doubled single waits under
        // a load of ~12 on two cores, too close to the polls' limits on a slower machine.
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false, expect: { poll: { timeout: 15_000 } } },
      },
    ],
  },
});
