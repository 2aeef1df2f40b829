// One instance of the service under test, in a process of its own: the real app (createApp, default
// settings, follow-up jobs in process) listening on a free loopback port. Started by bench/pipeline.ts
// with its settings as one JSON argument; it answers the coordinator over IPC (bench/child-server.ts).

import { z } from 'zod';
import { serveChild } from './child-server.ts';
import { countingLogger } from './counting-logger.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

const LOOPBACK = '127.0.0.1';

const settingsSchema = z.object({
  /** The app's environment (DATABASE_URL, REDIS_URL …), read instead of process.env so a stray variable cannot change the run. */
  env: z.record(z.string(), z.string()),
  /** Folder name of the embedded redis-server, when this instance starts one. */
  redisName: z.string().regex(/^[\w-]+$/),
  profileDir: z.string().optional(),
});

export type AppProcessSettings = z.infer<typeof settingsSchema>;

const settings = settingsSchema.safeParse(JSON.parse(process.argv[2] ?? 'null'));
const profileDir = settings.success ? settings.data.profileDir : undefined;

await serveChild(
  async () => {
    if (!settings.success) throw new Error(`bad settings argument: ${settings.error.message}`);
    const { env, redisName } = settings.data;
    const config = loadConfig(env);
    const logs = countingLogger(config.LOG_LEVEL);
    const app = await createApp(config, { logger: logs.logger, embeddedRedisName: redisName });
    try {
      await app.server.listen({ port: 0, host: LOOPBACK });
      await app.startChannels();
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.server.address();
    if (typeof address !== 'object' || !address) throw new Error(`unexpected listen address ${String(address)}`);
    const jobs = app.jobs ? 'follow-up jobs in process (worker, relay, planner)' : 'no follow-up jobs in process';
    return {
      ready: { port: address.port, redisUrl: app.redisUrl, details: `${config.DATABASE_URL.startsWith('file:') ? 'SQLite' : 'PostgreSQL'}, ${jobs}` },
      close: () => app.close(),
      logged: () => logs.seen,
    };
  },
  { ...(profileDir ? { profileDir } : {}), profileName: 'app' },
);
