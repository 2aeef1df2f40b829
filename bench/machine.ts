// One line on the machine a benchmark ran on, so its figures are never quoted without it.

import { cpus, loadavg, release, totalmem } from 'node:os';

export function describeMachine(): string {
  const processors = cpus();
  const models = [...new Set(processors.map((cpu) => cpu.model.trim()))].join(' + ') || 'unknown CPU';
  const load = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  return `${processors.length} × ${models}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ${process.platform} ${release()}, node ${process.version}; load average ${load}`;
}
