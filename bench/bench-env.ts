// Reads the benchmark's BENCH_* knobs from the environment; a bad value stops the run with a
// message that names the variable and what it accepts.

export class BenchEnvError extends Error {
  override readonly name = 'BenchEnvError';
}

export function intEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new BenchEnvError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  return value;
}

export function choiceEnv<T extends string>(name: string, choices: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new BenchEnvError(`${name} must be one of ${choices.join(', ')} (got "${raw}")`);
  return raw as T;
}

/** Space-separated node flags (each `--name` or `--name=value`); unset: `fallback`, set but empty: none. */
export function nodeFlagsEnv(name: string, fallback: readonly string[]): readonly string[] {
  const raw = process.env[name];
  if (raw === undefined) return fallback;
  const flags = raw.split(/\s+/).filter(Boolean);
  const bad = flags.find((flag) => !/^--[\w-]+(=\S+)?$/.test(flag));
  if (bad) throw new BenchEnvError(`${name} must be node flags such as --max-semi-space-size=8, separated by spaces (got "${bad}")`);
  return flags;
}

export function flagEnv(name: string): boolean {
  return choiceEnv(name, ['0', '1'], '0') === '1';
}

/** A postgres:// or postgresql:// URL, or undefined when unset. */
export function postgresUrlEnv(name: string): string | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\/[^/]+\/[^/?]+/.test(raw))
    throw new BenchEnvError(`${name} must be a PostgreSQL URL with a database name, such as postgres://user:password@127.0.0.1:5432/care_bench (got "${redactPassword(raw)}")`);
  return raw;
}

/** A URL fit to print: the password replaced by ***. */
export function redactPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
