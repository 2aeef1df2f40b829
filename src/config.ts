// Every environment variable the service reads, parsed once at start. A bad value stops the boot
// with a message that names the variable.
import { z } from 'zod';

const durationMs = z.coerce.number().int().nonnegative();

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('file:./data/care.db')
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), 'must start with file: (SQLite) or postgres:// (PostgreSQL)'),
  REDIS_URL: z.string().url().optional(),
  /** Where the embedded redis-server keeps its files when REDIS_URL is unset. */
  DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().default('care:'),
  POLICY_FILE: z.string().default('./config/policy.yaml'),
  PROMPTS_DIR: z.string().default('./prompts'),
  /** Replies are refused above this many characters of customer text. */
  MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(4000),
  /** A customer back after this long mid-complaint is reminded where we were. */
  SILENCE_RESUME_MS: durationMs.default(30 * 60_000),
  /** Requests per minute per client IP on the public API. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
}
