// Every environment variable the service reads, parsed once at start. A bad value stops the boot
// with a message that names the variable.
import { z } from 'zod';
import { parseStaffHours, StaffHoursError } from './domain/staff-hours.ts';
import { DEFAULT_SCRYPT_N, isScryptN, MAX_SCRYPT_N, MIN_SCRYPT_N } from './console/auth/password-hash.ts';

const durationMs = z.coerce.number().int().nonnegative();
const flag = z.enum(['true', 'false', '1', '0'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1');
const hourRange = z
  .string()
  .regex(/^([01]?\d|2[0-4])-([01]?\d|2[0-4])$/, 'must be a range of whole hours such as 9-20 (or 21-8 across midnight)')
  .transform((v) => {
    const [startHour, endHour] = v.split('-').map(Number) as [number, number];
    return { startHour, endHour };
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback by default; set 0.0.0.0 behind a reverse proxy or in a container. */
  HOST: z.string().default('127.0.0.1'),
  /**
   * Which proxies' X-Forwarded-For / -Proto to believe (fastify trustProxy): false (default), true
   * (any: only when nothing else can reach the service), a hop count, or a comma list of IPs/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => parseTrustProxy(value, ctx)),
  /** Who may embed the pages in a frame (CSP frame-ancestors): 'none' (default), 'self', or origins such as https://shop.example.com. */
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .default("'none'")
    // .env files drop the quotes: none and self mean 'none' and 'self'.
    .transform((v) =>
      v
        .split(/\s+/)
        .map((source) => (source === 'none' || source === 'self' ? `'${source}'` : source))
        .join(' '),
    )
    .refine((v) => /^('none'|('self'|https?:\/\/[\w.*:-]+)( ('self'|https?:\/\/[\w.*:-]+))*)$/.test(v), "must be 'none', 'self' or space-separated origins such as https://shop.example.com"),
  DATABASE_URL: z
    .string()
    .default('file:./data/care.db')
    .refine((url) => /^(file:|postgres(ql)?:\/\/)/.test(url), 'must start with file: (SQLite) or postgres:// (PostgreSQL)'),
  /** PostgreSQL connections per process, in each of its two pools (the per-message transactions, and Prisma for the rest); the per-message reads share one more. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
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
  /** Bearer token for GET /metrics (and the worker's metrics port); unset → metrics are served to loopback clients only. */
  METRICS_TOKEN: z.string().min(16, 'must have at least 16 characters').optional(),
  /** `npm run worker` serves its own metrics on this port (on HOST); unset → no metrics server in the worker. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),

  /** A web chat token stops working this many days after it was last used (sliding); the page then starts a new session. */
  WEBCHAT_SESSION_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  /** New web chat sessions one client IP may start per hour. */
  WEBCHAT_SESSIONS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(30),
  /** Times one conversation may join the staff queue per day; past it the customer is told they are already in line. */
  ESCALATIONS_PER_SESSION_PER_DAY: z.coerce.number().int().positive().default(3),
  /** Live event streams (SSE) at once: per web chat session, per client IP, and in total per process. */
  SSE_MAX_PER_SESSION: z.coerce.number().int().positive().default(5),
  SSE_MAX_PER_IP: z.coerce.number().int().positive().default(50),
  SSE_MAX_TOTAL: z.coerce.number().int().positive().default(10_000),
  /** A comment line on every live stream this often keeps proxies from closing it; each stream re-checks its sign-in or chat session then too. */
  SSE_HEARTBEAT_MS: durationMs.min(1000).max(120_000).default(15_000),

  /** Retention: messages older than this many days are anonymised (never those of open cases); audit entries after RETENTION_DAYS_AUDIT are deleted. */
  RETENTION_DAYS_MESSAGES: z.coerce.number().int().positive().default(730),
  RETENTION_DAYS_AUDIT: z.coerce.number().int().positive().default(1095),

  /** Staff console: the first admin, created at start when no admin exists yet. */
  ADMIN_EMAIL: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must have at least 12 characters').optional(),
  /** How long a staff sign-in lasts. */
  STAFF_SESSION_TTL_MS: durationMs.min(60_000).default(12 * 60 * 60_000),
  /** Failed sign-ins for one email from one IP address before that pair is locked for LOGIN_LOCKOUT_MS. */
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_MS: durationMs.min(1000).default(15 * 60_000),
  /** Failed sign-ins for one email from all addresses in LOGIN_LOCKOUT_MS past which every further try waits longer (progressive delay); a correct password from an address that has not failed still gets in. */
  LOGIN_EMAIL_CEILING: z.coerce.number().int().positive().default(50),
  /**
   * scrypt's N for new staff password hashes: each hash, and each sign-in check, takes 128·N·8 bytes
   * and time in proportion (2^17: 128 MiB, about half a second). Stored hashes keep their own N and
   * still verify after a change; a lower one is replaced at the next sign-in once this is raised.
   */
  STAFF_PASSWORD_SCRYPT_N: z.coerce.number().refine(isScryptN, `must be a power of two from ${MIN_SCRYPT_N} to ${MAX_SCRYPT_N}, such as 16384, 32768, 65536 or 131072`).default(DEFAULT_SCRYPT_N),
  /** When people answer: outside these hours an escalation becomes a callback at the next opening. End may be 24:00. */
  STAFF_HOURS: z.string().default('09:00-21:00'),
  /** ISO weekdays staff work (1 = Monday … 7 = Sunday), e.g. 1-5 or 1-5,7. */
  STAFF_DAYS: z.string().default('1-7'),
  /** The IANA time zone of STAFF_HOURS. */
  STAFF_TIMEZONE: z.string().default('Asia/Shanghai'),
  /** A Telegram group (or chat) id; when set and Telegram runs, each new escalation is posted there with a Claim button. */
  STAFF_TELEGRAM_CHAT_ID: z
    .string()
    .regex(/^-?\d{1,20}$/, 'must be a numeric Telegram chat id such as -1001234567890')
    .optional(),

  /**
   * The NLU parses each message on a worker thread of its own, off the event loop: worth it where
   * the machine has a core to spare for it (the thread holds its own copy of the models).
   */
  NLU_THREAD: flag.default(false),
  /** Follow-up jobs (callbacks, revisits, greetings, check-ins) run inside this process; set false where `npm run worker` runs them. */
  JOBS_IN_PROCESS: flag.default(true),
  /** How often the outbox relay turns due FollowUp rows into queue jobs. */
  FOLLOWUP_RELAY_INTERVAL_MS: durationMs.min(50).default(1000),
  /** Rows due within this window are queued ahead (as delayed jobs); later ones stay only in the database. */
  FOLLOWUP_LOOKAHEAD_MS: durationMs.default(10 * 60_000),
  /** Follow-ups per queue job, and batches one worker process runs at once. */
  FOLLOWUP_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  FOLLOWUP_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  /** Sends in flight at once within one batch. */
  FOLLOWUP_PARALLEL_SENDS: z.coerce.number().int().min(1).max(200).default(16),
  /** A worker holds a follow-up this long while sending; after that (a crashed worker) another takes it over. */
  FOLLOWUP_LEASE_MS: durationMs.min(100).default(60_000),
  /** Tries per follow-up on an unreachable channel, with exponential backoff from FOLLOWUP_RETRY_BASE_MS. */
  FOLLOWUP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  FOLLOWUP_RETRY_BASE_MS: durationMs.min(10).default(30_000),
  /** BullMQ job lock: a worker silent this long is presumed dead and its batch runs again elsewhere. */
  FOLLOWUP_JOB_LOCK_MS: durationMs.min(500).default(30_000),
  /** Follow-up sends per second (all workers together) on Bot Framework (both endpoints together) and web chat; Telegram uses TELEGRAM_*. */
  FOLLOWUP_RATE_BOTFRAMEWORK: z.coerce.number().positive().default(50),
  FOLLOWUP_RATE_WEBCHAT: z.coerce.number().positive().default(500),
  /** A due callback no one from staff took up within this time is missed: its priority rises and supervisors see it. */
  CALLBACK_GRACE_MS: durationMs.min(1000).default(15 * 60_000),
  /** Revisit delay after a commitment is fulfilled; unset → revisitDelayMinutes in the policy file. */
  REVISIT_DELAY_MS: durationMs.optional(),
  /** Greetings go out in the customer's local daytime (whole hours, their time zone), never in quiet hours. */
  GREETING_HOURS: hourRange.prefault('9-20'),
  QUIET_HOURS: hourRange.prefault('21-8'),
  /** How many days ahead greetings are planned (rows written; each customer gets each greeting once). */
  GREETING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(3),
  /** Gift code included in A-tier customers' greetings. */
  GREETING_GIFT_CODE_A: z.string().trim().min(1).max(64).optional(),
  /** How often greetings and check-ins are planned. */
  FOLLOWUP_PLAN_INTERVAL_MS: durationMs.min(1000).default(60 * 60_000),
  /** A customer silent this long gets a check-in (lifecycle: decline). A-tier customers also get a monthly contact. */
  OUTREACH_SILENT_MS: durationMs.min(1000).default(90 * 24 * 60 * 60_000),
  /** Ask customers to rate a chat (1–5 and an optional comment) when staff close a conversation they served. */
  CSAT_ENABLED: flag.default(true),
  /** Also when the bot resolved a conversation alone (the customer thanks or says goodbye after a bot answer, never with people). */
  CSAT_AFTER_BOT: flag.default(false),
  /** A rating that cannot go out within this long of the chat's end (quiet hours, an outage) is stale: cancelled as expired. */
  CSAT_ASK_WITHIN_MS: durationMs.min(60_000).default(4 * 60 * 60_000),

  /**
   * LLM mode: with LLM_MODEL and an endpoint (LLM_BASE_URL, or OPENAI_API_KEY for OpenAI itself) the
   * bot understands and phrases with an OpenAI-compatible model; without them it runs on the embedded NLU.
   */
  LLM_MODEL: z.string().trim().min(1).optional(),
  LLM_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  /** openai (OpenAI, vLLM, Ollama, llama.cpp …) or azure (Azure OpenAI: LLM_BASE_URL is the resource endpoint, LLM_MODEL the deployment). */
  LLM_PROVIDER: z.enum(['openai', 'azure']).default('openai'),
  AZURE_OPENAI_API_VERSION: z.string().default('2024-10-21'),
  /** The whole model budget of one turn: past it the customer gets the embedded answer. The conversation's lock is renewed meanwhile, so it sets no limit here. */
  LLM_TURN_BUDGET_MS: durationMs.min(100).max(60_000, 'must stay under a minute: the customer is waiting for the answer').default(1800),
  /** Retries of a failed or invalid model call, within the turn budget. */
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Consecutive failures that open the circuit breaker, and how long it stays open. */
  LLM_BREAKER_FAILURES: z.coerce.number().int().min(1).default(3),
  LLM_BREAKER_COOLDOWN_MS: durationMs.default(30_000),
  /** Phone numbers, emails, ID and card numbers are masked before text leaves the service unless true. */
  LLM_SEND_PII: flag.default(false),
  /** Stream long replies to web chat (live draft) and Telegram (edited in place). */
  LLM_STREAM: flag.default(true),
  /** Prompt files used: prompts/llm/<name>.<version>.md. */
  LLM_PROMPT_VERSION: z
    .string()
    .regex(/^v\d+$/, 'must look like v1')
    .default('v1'),
  /** Price per 1,000 tokens in US dollars, for the cost shown in the console (0: not priced). */
  LLM_PRICE_INPUT_PER_1K: z.coerce.number().nonnegative().default(0),
  LLM_PRICE_OUTPUT_PER_1K: z.coerce.number().nonnegative().default(0),

  /** Telegram: the channel starts when a bot token is set. */
  TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  /** A self-hosted Bot API server (or the local emulator in tests). */
  TELEGRAM_API_ROOT: z.string().url().default('https://api.telegram.org'),
  /** Public HTTPS URL of POST /api/telegram/webhook; unset → long polling. */
  TELEGRAM_WEBHOOK_URL: z.string().url().optional(),
  /** Checked against the X-Telegram-Bot-Api-Secret-Token header of every webhook call. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'use 1–256 of A-Z a-z 0-9 _ -')
    .optional(),
  /**
   * Outbound pacing, kept in Redis for every instance and worker together: at most one message per
   * chat per this many ms, this many per second overall, and this many per minute in a group chat.
   */
  TELEGRAM_PER_CHAT_INTERVAL_MS: durationMs.default(1000),
  TELEGRAM_GLOBAL_PER_SECOND: z.coerce.number().int().positive().default(30),
  TELEGRAM_PER_GROUP_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Long polling runs on one instance at a time, under a lease in Redis renewed every third of this; another takes over within about 1⅓ × this of its death. */
  TELEGRAM_POLLING_LEASE_MS: z.coerce.number().int().min(1_000).default(10_000),

  /** Microsoft Bot Framework (Azure Bot resource). All unset → anonymous, for local use only. */
  MicrosoftAppId: z.string().optional(),
  MicrosoftAppPassword: z.string().optional(),
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MicrosoftAppTenantId: z.string().optional(),
  CertificateThumbprint: z.string().optional(),
  CertificatePrivateKey: z.string().optional(),
  /** Where the keys that sign channel tokens are published (default: Bot Framework's public cloud); /api/messages only. */
  BotOpenIdMetadata: z.string().url().optional(),
  /**
   * The Entra authority the Agents SDK endpoint (/api/agents/messages) signs in at and takes the keys
   * of Entra-issued channel tokens from (default https://login.microsoftonline.com; .us for US Government).
   */
  AGENTS_AUTHORITY_ENDPOINT: z.string().url().optional(),
  /** Without MicrosoftAppId, /api/messages and /api/agents/messages answer 401 unless this is true: anonymous activities, replies only to loopback serviceUrls (the Bot Framework Emulator). */
  BOTFRAMEWORK_ALLOW_ANONYMOUS: flag.default(false),
  /** Activities per minute per client IP on /api/messages, and again on /api/agents/messages. */
  BOTFRAMEWORK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),

  /** CRM: the shared secret a shop signs POST /api/integrations/orders with (HMAC-SHA256); unset → that endpoint answers 503. */
  ORDERS_WEBHOOK_SECRET: z.string().min(16, 'must have at least 16 characters').optional(),
  /** The rules of the computed segments (ABC tier, lifecycle, loyalty). */
  SEGMENTS_FILE: z.string().default('./config/segments.yaml'),
  /** The SLA targets per customer tier (first staff reply, resolution; staff minutes) and when a timer turns amber. */
  SLA_FILE: z.string().default('./config/sla.yaml'),
  /** How often SLA breaches and overrun promised waits are looked for, wherever the follow-up planner runs (one pass per interval across processes); 0 → never. */
  SLA_CHECK_INTERVAL_MS: durationMs.refine((v) => v === 0 || v >= 1000, 'must be 0 (off) or at least 1000').default(60_000),
  /** A conversation routing assigned and its assignee did not open within this long returns to the queue (checked every fifth of it, at most a minute apart, wherever the follow-up planner runs); 0 → never. */
  ASSIGNMENT_TIMEOUT_MS: durationMs.refine((v) => v === 0 || v >= 5000, 'must be 0 (off) or at least 5000').default(5 * 60_000),
  /** A bot or staff reply its channel (Telegram, Bot Framework) has not confirmed within this long is sent again by the delivery sweeper (a crash between commit and send). */
  DELIVERY_RETRY_AFTER_MS: durationMs.refine((v) => v >= 1000, 'must be at least 1000').default(60_000),
  /** How often each app instance looks for replies waiting for their channel. */
  DELIVERY_SWEEP_INTERVAL_MS: durationMs.refine((v) => v >= 200, 'must be at least 200').default(10_000),
  /** Sweeper sends of a reply before it is marked undelivered and its conversation queued for staff. */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  /** When segments are recomputed for every customer (cron, in STAFF_TIMEZONE): nightly by default. */
  SEGMENTS_RECOMPUTE_CRON: z.string().trim().min(9).default('30 2 * * *'),
  /** A profile card field not confirmed for this many days is flagged for review in the console. */
  CARD_FIELD_STALE_DAYS: z.coerce.number().int().positive().default(365),
  /** Numbers written without a country code (imports, console edits, searches) are read as this region's (ISO 3166 code). */
  DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as CN or US')
    .default('CN'),

  /** Outgoing webhooks may go to loopback, private and link-local addresses, and over plain http (local receivers, tests); never on a shared network. */
  WEBHOOKS_ALLOW_PRIVATE: flag.default(false),
  /** Attempts per webhook delivery, the first included; retries wait WEBHOOKS_RETRY_BASE_MS, then five times longer each time (at most 12 h). */
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOKS_RETRY_BASE_MS: durationMs.min(10).default(10_000),
  /** A receiver that has not answered within this long has failed the attempt. */
  WEBHOOKS_TIMEOUT_MS: durationMs.min(100).max(60_000).default(10_000),
  /** Webhook deliveries one worker process sends at once. */
  WEBHOOKS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),

  /** How often complaint bursts are looked for, wherever the follow-up planner runs (one pass per interval across processes); 0 → never. */
  CRISIS_DETECT_INTERVAL_MS: durationMs.refine((v) => v === 0 || v >= 1000, 'must be 0 (off) or at least 1000').default(60_000),
  /** The recent window whose complaints are counted per category, product and keyword. */
  CRISIS_WINDOW_MS: durationMs.min(60_000).default(60 * 60_000),
  /** The period before the window that gives each key its normal rate. */
  CRISIS_BASELINE_MS: durationMs.min(60_000).default(14 * 24 * 60 * 60_000),
  /** Fewest complaints in the window that can make a signal, however quiet the key was. */
  CRISIS_MIN_COUNT: z.coerce.number().int().min(1).default(5),
  /** Smallest expected count used: a key new to the baseline still needs a real burst. */
  CRISIS_MIN_EXPECTED: z.coerce.number().positive().default(0.5),
  /** A window count is a burst when its chance under the key's normal (Poisson) rate is below this. */
  CRISIS_ALPHA: z.coerce.number().gt(0).lt(1).default(0.001),
  /** And at least this many times the expected count (a busy key's peak hour is no crisis). */
  CRISIS_MIN_RATIO: z.coerce.number().min(1).default(3),
});

export type Config = z.infer<typeof schema>;
export type TrustProxy = boolean | number | string[];

/** TRUST_PROXY → fastify's trustProxy: a boolean, a hop count, or the addresses/CIDRs of the proxies. */
function parseTrustProxy(value: string, ctx: z.RefinementCtx): TrustProxy {
  const v = value.trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = list.filter((item) => !/^[\da-fA-F.:]+(\/\d{1,3})?$/.test(item) && !['loopback', 'linklocal', 'uniquelocal'].includes(item));
  if (bad.length) ctx.addIssue({ code: 'custom', message: `must be false, true, a hop count or a comma list of IPs/CIDRs (not ${bad.join(', ')})` });
  return list;
}

/** Every variable the service reads (documented, one by one, in .env.example). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema
    .refine((c) => !c.TELEGRAM_WEBHOOK_URL || c.TELEGRAM_WEBHOOK_SECRET, {
      path: ['TELEGRAM_WEBHOOK_SECRET'],
      message: 'is required when TELEGRAM_WEBHOOK_URL is set, so forged webhook calls can be refused',
    })
    .refine((c) => !c.LLM_MODEL || c.LLM_BASE_URL || c.OPENAI_API_KEY, {
      path: ['LLM_BASE_URL'],
      message: 'LLM_MODEL is set: also set LLM_BASE_URL (a local or Azure endpoint) or OPENAI_API_KEY (OpenAI)',
    })
    .refine((c) => c.LLM_PROVIDER !== 'azure' || !c.LLM_MODEL || (c.LLM_BASE_URL && c.OPENAI_API_KEY), {
      path: ['LLM_PROVIDER'],
      message: 'azure needs LLM_BASE_URL (https://<resource>.openai.azure.com) and OPENAI_API_KEY (the resource key)',
    })
    .refine((c) => !c.ADMIN_EMAIL === !c.ADMIN_PASSWORD, {
      path: ['ADMIN_PASSWORD'],
      message: 'set ADMIN_EMAIL and ADMIN_PASSWORD together (or neither)',
    })
    .superRefine((c, ctx) => {
      try {
        parseStaffHours(c.STAFF_HOURS, c.STAFF_DAYS, c.STAFF_TIMEZONE);
      } catch (error) {
        if (!(error instanceof StaffHoursError)) throw error;
        ctx.addIssue({ code: 'custom', path: ['STAFF_HOURS'], message: `${error.message} (STAFF_HOURS, STAFF_DAYS, STAFF_TIMEZONE)` });
      }
    })
    // An empty value (`REDIS_URL=` in a .env file) means unset, not an invalid value.
    .safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`invalid configuration — ${problems.join('; ')}`);
}
