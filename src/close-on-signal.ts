// Graceful shutdown for the service's processes (npm start, npm run worker): on SIGINT or SIGTERM,
// once, log, close everything (work in hand finishes) and exit.

import type { Logger } from 'pino';

export function closeOnSignal(close: () => Promise<void>, logger: Logger, message: string): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, message);
    await close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
