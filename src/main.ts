// Composition root for `npm start`: reads the configuration, starts the service, and shuts it
// down gracefully on SIGINT/SIGTERM (in-flight requests finish; Redis child stops last).

import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { createApp, type App } from './app.ts';
import { closeOnSignal } from './close-on-signal.ts';
import { ConfigError, loadConfig } from './config.ts';
import { logDestination } from './log-destination.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, logDestination());

let app: App | undefined;
try {
  const config = loadConfig();
  app = await createApp(config, { logger: logger.child({}, { level: config.LOG_LEVEL }) });
  const address = await app.server.listen({ port: config.PORT, host: config.HOST });
  await app.startChannels();
  logger.info(`customer-care bot ready: web chat at ${address.replace('0.0.0.0', 'localhost')}/ · API docs at /docs`);
  closeOnSignal(() => app!.close(), logger, 'shutting down');
} catch (error) {
  if (error instanceof ConfigError) logger.fatal(error.message);
  else logger.fatal({ err: error }, 'could not start');
  // A start that failed after the app was built (port taken, a channel refused its token) must not
  // leave the embedded redis-server and the database open behind it.
  await app?.close().catch(() => undefined);
  process.exit(1);
}
