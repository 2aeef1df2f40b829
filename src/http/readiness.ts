// Readiness (GET /readyz): may this instance take traffic? The store answers a trivial query,
// Redis answers PING, and every migration this code ships is applied. Each check has a deadline,
// so a hung dependency reads as failed instead of holding the probe.

export interface ReadinessProbes {
  /** Resolves when the store answers a trivial query. */
  database(): Promise<unknown>;
  /** Resolves with Redis's answer to PING. */
  redis(): Promise<string>;
  /** The migrations this code ships that the database has not applied. */
  pendingMigrations(): Promise<string[]>;
}

export type CheckResult = 'ok' | 'failed' | 'pending';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; redis: CheckResult; migrations: CheckResult };
}

const CHECK_TIMEOUT_MS = 2000;

export async function checkReadiness(probes: ReadinessProbes, timeoutMs = CHECK_TIMEOUT_MS): Promise<Readiness> {
  const [database, redis, migrations] = await Promise.all([
    within(probes.database(), timeoutMs).then(
      () => 'ok' as const,
      () => 'failed' as const,
    ),
    within(probes.redis(), timeoutMs).then(
      (answer) => (answer === 'PONG' ? 'ok' : 'failed'),
      () => 'failed' as const,
    ),
    within(probes.pendingMigrations(), timeoutMs).then(
      (pending) => (pending.length ? 'pending' : 'ok'),
      () => 'failed' as const,
    ),
  ]);
  return { ready: database === 'ok' && redis === 'ok' && migrations === 'ok', checks: { database, redis, migrations } };
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
