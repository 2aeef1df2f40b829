// The service in a process of its own that counts how often Prisma's query compiler (WebAssembly,
// from a generated client) is compiled in it. Prisma compiles it once per process, and a vitest
// worker runs many test files in one process, so only a fresh process can tell what loads it.
// Reads DATABASE_URL, REDIS_URL and REDIS_PREFIX; prints "ready <base URL>" once it listens, then
// answers each line on stdin with one line on stdout:
//   compiles            → how many compiles so far
//   customers <id>      → how many customers have that id, by a Prisma query

import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loadContent } from '../../src/content/load-content.ts';
import { TEST_CACHE_DIR } from './paths.ts';

let compiles = 0;
const NativeModule = WebAssembly.Module;
WebAssembly.Module = class RecordingModule extends NativeModule {
  constructor(bytes: BufferSource) {
    super(bytes);
    if ((new Error().stack ?? '').includes('generated')) compiles += 1;
  }
};

const config = loadConfig({
  ...process.env,
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: TEST_CACHE_DIR,
  LOG_LEVEL: 'silent',
  STAFF_HOURS: '00:00-24:00',
  JOBS_IN_PROCESS: 'false',
});
const content = await loadContent({ promptsDir: 'prompts', policyFile: 'config/policy.yaml', cacheDir: TEST_CACHE_DIR });
const app = await createApp(config, { logger: pino({ level: 'silent' }), content });
const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
await app.startChannels();
process.stdout.write(`ready ${address}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  const [command, argument] = line.trim().split(' ');
  if (command === 'compiles') process.stdout.write(`${compiles}\n`);
  else if (command === 'customers') process.stdout.write(`${await app.database.db.customer.count({ where: { id: argument ?? '' } })}\n`);
  else process.stdout.write(`unknown command ${line}\n`);
}
await app.close();
await content.nlu.close();
