// A follow-up worker process whose customers live on the loopback sink channel: the real worker
// process (src/jobs/worker-process.ts, what `npm run worker` runs) started from the environment,
// plus the sink. Tests and the greetings benchmark spawn it (and kill it with SIGKILL) to prove
// nothing is lost or sent twice. Prints "ready" on stdout once it takes jobs.
//   SINK_URL=http://127.0.0.1:port  SINK_RATE=2000 (per second, optional)  JOB_PARTS=worker,relay

import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startWorkerProcess } from '../../src/jobs/worker-process.ts';
import { sinkChannel } from './sink-channel.ts';

const sinkUrl = process.env.SINK_URL;
if (!sinkUrl) throw new Error('SINK_URL is required');
const parts = new Set((process.env.JOB_PARTS ?? 'worker,relay').split(','));
const config = loadConfig({ LOG_LEVEL: 'silent', ...process.env });
if (!config.REDIS_URL) throw new Error('REDIS_URL is required');
const worker = await startWorkerProcess(
  { ...config, REDIS_URL: config.REDIS_URL },
  {
    logger: pino({ level: process.env.WORKER_LOG_LEVEL ?? 'warn' }),
    parts: { worker: parts.has('worker'), relay: parts.has('relay'), planner: parts.has('planner') },
  },
);
worker.followUpSender.addChannel(sinkChannel(sinkUrl, process.env.SINK_RATE ? Number(process.env.SINK_RATE) : undefined));
process.stdout.write('ready\n');
const stop = () => void worker.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
