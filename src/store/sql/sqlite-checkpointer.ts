// Copies the WAL back into the database file off the request path. SQLite's own checkpoint runs
// inside whichever COMMIT crosses the WAL's size threshold and ends with an fsync: on the one
// thread that answers customers. Here a worker thread, on a connection of its own, checkpoints
// passively (never blocking the writer) a few times a second; the writer keeps its automatic
// checkpoint only as a backstop, at a much larger WAL, should the worker fall behind or die.

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

export interface Checkpointer {
  stop(): Promise<void>;
}

const EVERY_MS = 200;
/** Pages (4 KiB): the writer checkpoints itself only past ~64 MiB of WAL. */
const BACKSTOP_PAGES = 16_384;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 10000 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next tick tries again */ }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(db: Database.Database, path: string): Checkpointer {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, everyMs: EVERY_MS } });
  // A worker that fails leaves the backstop doing its job; nothing to crash the service for.
  worker.on('error', () => db.pragma('wal_autocheckpoint = 1000'));
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.unref();
  return {
    stop: async () => {
      // Referenced again while it stops: otherwise a process with nothing else to do would exit
      // before the worker's exit (an awaited close that never returns).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
