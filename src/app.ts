// Assembles the service from its parts: content → store → Redis → engine → HTTP. Used by
// main.ts, the terminal chat, the tests and the benchmarks, so they all run the same product.

import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { loadContent, type Content } from './content/load-content.ts';
import { RedisConversationLock } from './conversation/conversation-lock.ts';
import { Engine } from './conversation/engine.ts';
import { RedisConversationEvents } from './conversation/events.ts';
import type { Channel } from './channels/channel.ts';
import { ChannelDelivery } from './channels/channel-delivery.ts';
import { createChannels } from './channels/start-channels.ts';
import { ensureFirstAdmin } from './console/auth/first-admin.ts';
import { LoginLimiter } from './console/auth/login-limiter.ts';
import { StaffSessions } from './console/auth/staff-sessions.ts';
import { buildServer } from './http/server.ts';
import { checkRedisPolicy, connectRedis } from './redis/connect-redis.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded-redis.ts';
import { openDatabase, type Database } from './store/database.ts';
import { PrismaConsoleStore } from './store/console-store.ts';
import { SqlConversationStore } from './store/conversations.ts';
import { SqlIdentityStore } from './store/identities.ts';
import { PrismaStaffStore } from './store/staff-store.ts';

export interface App {
  config: Config;
  logger: Logger;
  server: FastifyInstance;
  engine: Engine;
  database: Database;
  redisUrl: string;
  content: Content;
  conversations: SqlConversationStore;
  identities: SqlIdentityStore;
  staff: PrismaStaffStore;
  /** Delivers staff messages and notices on the customer's own channel. */
  delivery: ChannelDelivery;
  events: RedisConversationEvents;
  channels: Channel[];
  /** Starts receiving on the channels that pull (Telegram long polling); call after the server listens. */
  startChannels(): Promise<void>;
  close(): Promise<void>;
}

export interface AppOverrides {
  logger?: Logger;
  clock?: () => Date;
  /** Content already loaded (tests share one to save start time). */
  content?: Content;
  /** Folder name of the embedded Redis (default: the HTTP port), so side-by-side processes don't collide. */
  embeddedRedisName?: string;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? pino({ level: config.LOG_LEVEL });
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((err: unknown) => logger.warn({ err }, 'error while closing'));
  };
  try {
    const content =
      overrides.content ??
      (await loadContent({
        promptsDir: config.PROMPTS_DIR,
        policyFile: config.POLICY_FILE,
        cacheDir: config.DATA_DIR,
        onProgress: (message) => logger.info(message),
      }));
    const database = await openDatabase(config.DATABASE_URL);
    closers.push(() => database.close());
    let embedded: EmbeddedRedis | undefined;
    if (!config.REDIS_URL) {
      embedded = await startEmbeddedRedis({ dataDir: config.DATA_DIR, name: overrides.embeddedRedisName ?? String(config.PORT) });
      closers.push(() => embedded!.stop());
      logger.info({ url: embedded.url }, 'started a local redis-server (set REDIS_URL to use your own)');
    }
    const redisUrl = config.REDIS_URL ?? embedded!.url;
    const redis = connectRedis(redisUrl, logger, 'main');
    const subscriber = connectRedis(redisUrl, logger, 'events');
    closers.push(() => quit(redis), () => quit(subscriber));
    await checkRedisPolicy(redis, logger);
    const events = new RedisConversationEvents(redis, subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad live event'));
    closers.push(() => events.close());
    await events.whenReady();
    const identities = new SqlIdentityStore(database.sql);
    const conversations = new SqlConversationStore(database.sql);
    const engine = new Engine({
      identities,
      conversations,
      content,
      events,
      logger,
      lock: new RedisConversationLock(redis, { prefix: config.REDIS_PREFIX }),
      silenceResumeMs: config.SILENCE_RESUME_MS,
      maxMessageChars: config.MAX_MESSAGE_CHARS,
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    });
    const clock = overrides.clock ?? (() => new Date());
    const staff = new PrismaStaffStore(database.db);
    await ensureFirstAdmin(staff, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, logger);
    const delivery = new ChannelDelivery({ conversations, identities, events, logger, clock });
    const server = await buildServer(
      {
        engine,
        identities,
        conversations,
        events,
        content,
        redis,
        console: {
          staff,
          store: new PrismaConsoleStore(database.db),
          sessions: new StaffSessions(redis, config.REDIS_PREFIX, config.STAFF_SESSION_TTL_MS),
          loginLimiter: new LoginLimiter(redis, { prefix: config.REDIS_PREFIX, maxAttempts: config.LOGIN_MAX_ATTEMPTS, lockoutMs: config.LOGIN_LOCKOUT_MS }),
          delivery,
          phrases: content.phrases,
          clock,
        },
        maxMessageChars: config.MAX_MESSAGE_CHARS,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        checkHealth: async () => ({
          store: await database.sql.query('SELECT 1').then(() => true, () => false),
          redis: await redis.ping().then((r) => r === 'PONG', () => false),
        }),
      },
      logger,
    );
    closers.push(() => server.close());
    const channels = await createChannels({ config, engine, identities, conversations, content, logger, server, redis });
    delivery.attach(channels);
    closers.push(async () => {
      for (const channel of channels) await channel.stop();
    });
    const startChannels = async () => {
      for (const channel of channels) await channel.start();
    };
    return { config, logger, server, engine, database, redisUrl, content, conversations, identities, staff, delivery, events, channels, startChannels, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
