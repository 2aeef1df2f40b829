// A pino logger for the benchmarks that counts the warnings and errors the app logs, by message,
// so a run can report (or fail on) what went wrong inside the service under test. With a `level`
// below warn (the app's LOG_LEVEL), the lines down to it are written to /dev/null the way `npm start`
// writes them to stdout, so a run pays for the request log a deployed service writes.

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { logDestination } from '../src/log-destination.ts';

export function countingLogger(level: pino.LevelWithSilent = 'warn') {
  const seen = new Map<string, number>();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        let msg = line;
        try {
          const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
          msg = `${parsed.msg ?? ''}${parsed.err?.message ? ` — ${parsed.err.message}` : ''}`;
        } catch {
          // keep the raw line
        }
        seen.set(msg.slice(0, 300), (seen.get(msg.slice(0, 300)) ?? 0) + 1);
      }
      done();
    },
  });
  // 'silent' has no number: like warn and above, it leaves only the counted lines.
  const logsBelowWarn = (pino.levels.values[level] ?? Infinity) < (pino.levels.values.warn ?? 0);
  if (!logsBelowWarn) return { logger: pino({ level: 'warn' }, stream), seen };
  const written = logDestination('/dev/null');
  return {
    logger: pino(
      { level },
      pino.multistream([
        { level, stream: written },
        { level: 'warn', stream },
      ]),
    ),
    seen,
  };
}
