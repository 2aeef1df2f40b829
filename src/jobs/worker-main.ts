// `npm run worker`: a process that only runs follow-up jobs (sending worker, outbox relay,
// planner) and the daily retention sweep — start as many as the volume needs, beside app
// instances started with JOBS_IN_PROCESS=false. It talks to customers through the same channel
// code as the app, but neither serves the API (only its metrics, on WORKER_METRICS_PORT) nor polls
// Telegram, and loads none of the conversation engine (see worker-process.ts).

import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { closeOnSignal } from '../close-on-signal.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { startWorkerProcess } from './worker-process.ts';
import { logDestination } from '../log-destination.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, logDestination());

try {
  const config = loadConfig();
  if (!config.REDIS_URL) {
    throw new ConfigError('REDIS_URL: npm run worker needs the Redis your app instances use (with the embedded defaults, npm start runs the jobs itself)');
  }
  const worker = await startWorkerProcess({ ...config, REDIS_URL: config.REDIS_URL }, { logger: logger.child({ role: 'worker' }, { level: config.LOG_LEVEL }) });
  logger.info({ concurrency: config.FOLLOWUP_CONCURRENCY, batch: config.FOLLOWUP_BATCH_SIZE }, 'follow-up worker ready');
  closeOnSignal(() => worker.close(), logger, 'worker shutting down (finishing the batches in hand)');
} catch (error) {
  if (error instanceof ConfigError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start the worker');
  process.exit(1);
}
