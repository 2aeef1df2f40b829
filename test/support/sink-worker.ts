// A follow-up worker process whose customers live on the loopback sink channel: the real worker,
// relay and store, started from the environment as `npm run worker` would, plus the sink. Tests
// and the greetings benchmark spawn it (and kill it with SIGKILL) to prove nothing is lost or sent
// twice. Prints "ready" on stdout once it takes jobs.
//   SINK_URL=http://127.0.0.1:port  SINK_RATE=2000 (per second, optional)  JOB_PARTS=worker,relay

import { pino } from 'pino';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { loadContent } from '../../src/content/load-content.ts';
import { sinkChannel } from './sink-channel.ts';
import { TEST_CACHE_DIR } from './paths.ts';

const sinkUrl = process.env.SINK_URL;
if (!sinkUrl) throw new Error('SINK_URL is required');
const parts = new Set((process.env.JOB_PARTS ?? 'worker,relay').split(','));
const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
const content = await loadContent({ promptsDir: config.PROMPTS_DIR, policyFile: config.POLICY_FILE, cacheDir: process.env.CONTENT_CACHE_DIR ?? TEST_CACHE_DIR });
const app = await createApp(config, {
  logger: pino({ level: process.env.WORKER_LOG_LEVEL ?? 'warn' }),
  content,
  jobs: { worker: parts.has('worker'), relay: parts.has('relay'), planner: parts.has('planner') },
});
app.followUpSender.addChannel(sinkChannel(sinkUrl, process.env.SINK_RATE ? Number(process.env.SINK_RATE) : undefined));
process.stdout.write('ready\n');
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
