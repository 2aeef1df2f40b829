// Composes a process that only runs jobs (`npm run worker`, the benchmark's and the tests' sink
// workers): the SQL store, Redis, the bot's sentences and send-only channels, the follow-up jobs,
// the outgoing webhook deliveries and the retention sweep. Unlike createApp it loads no NLU or knowledge models, no HTTP server, no
// engine and no Prisma client (opened only if a callback ever needs routing to a person) — its only
// listener is the metrics endpoint, when WORKER_METRICS_PORT is set — and it
// publishes live events without subscribing to everyone's: a sender's memory and CPU go to sending.

import type { Logger } from 'pino';
import { ChannelFollowUpSender } from '../channels/follow-up-sender.ts';
import { createSendingChannels } from '../channels/sending-channels.ts';
import type { Channel } from '../channels/channel.ts';
import type { Config } from '../config.ts';
import { loadPhrasebook } from '../content/load-phrases.ts';
import { loadSegmentRules } from '../content/load-segment-rules.ts';
import { loadSlaRules } from '../content/load-sla-rules.ts';
import { readYaml } from '../content/read-yaml.ts';
import { policySchema } from '../domain/policy.ts';
import { parseStaffHours } from '../domain/staff-hours.ts';
import { ChannelDelivery } from '../channels/channel-delivery.ts';
import { startSla, type Sla } from '../sla/start-sla.ts';
import { AssignmentExpiry } from '../console/routing/assignment-expiry.ts';
import { SqlAssignmentExpiryStore } from '../store/assignment-expiry-store.ts';
import { SqlConversationStore } from '../store/conversations.ts';
import { startMetricsServer } from '../metrics/metrics-server.ts';
import { WorkerMetrics } from '../metrics/worker-metrics.ts';
import { createRecomputeSegments } from '../console/segments/recompute-segments.ts';
import { RedisConversationEvents } from '../redis/redis-conversation-events.ts';
import { checkRedisPolicy, connectRedis, holdCommandWrites } from '../redis/connect-redis.ts';
import { RedisSendPace } from '../redis/redis-send-pace.ts';
import { openPrisma, openSqlDatabase } from '../store/database.ts';
import { SqlFollowUpStore } from '../store/follow-ups.ts';
import { SqlIdentityStore } from '../store/identities.ts';
import { SqlRetentionStore } from '../store/retention-store.ts';
import { SqlSegmentStore } from '../store/segment-store.ts';
import { SqlWebhookStore } from '../store/webhook-store.ts';
import { startWebhooks } from '../webhooks/start-webhooks.ts';
import { startCrisis, type Crisis } from '../crisis/start-crisis.ts';
import { tierChangeWebhooks } from '../webhooks/tier-webhooks.ts';
import type { SqlDriver } from '../store/sql/sql-driver.ts';
import { startFollowUpJobs, type FollowUpJobs } from './follow-up-jobs.ts';
import { startRetentionJobs } from './retention-jobs.ts';
import { RetentionSweep } from './retention-sweep.ts';
import { startSegmentJobs } from './segment-jobs.ts';
import { RecordedDeliveries } from '../channels/recorded-deliveries.ts';
import { SqlDeliveryStore, UNDELIVERED_PRIORITY, UNDELIVERED_REASON } from '../store/delivery-store.ts';

export interface WorkerProcessOptions {
  logger: Logger;
  /** Which follow-up job parts to run; default all three. */
  parts?: { worker?: boolean; relay?: boolean; planner?: boolean };
  clock?: () => Date;
}

export interface WorkerProcess {
  sql: SqlDriver;
  /** Sends follow-ups on the customers' channels; tests and benchmarks add loopback channels to it. */
  followUpSender: ChannelFollowUpSender;
  jobs: FollowUpJobs;
  /** Where the metrics are served (WORKER_METRICS_PORT set), e.g. http://127.0.0.1:9465. */
  metricsUrl: string | undefined;
  /** The crisis signal's detector here (one pass with detect()). */
  crisis: Crisis;
  /** The SLA pass here (one with monitor.check()). */
  sla: Sla;
  close(): Promise<void>;
}

export async function startWorkerProcess(config: Config & { REDIS_URL: string }, options: WorkerProcessOptions): Promise<WorkerProcess> {
  const { logger } = options;
  const clock = options.clock ?? (() => new Date());
  const closers: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((err: unknown) => logger.warn({ err }, 'error while closing'));
  };
  try {
    const phrases = await loadPhrasebook(config.PROMPTS_DIR);
    const segmentRules = await loadSegmentRules(config.SEGMENTS_FILE);
    const slaRules = await loadSlaRules(config.SLA_FILE);
    // The wait promised at the handoff, which the SLA pass tells customers has passed.
    const { handoffWaitMinutes } = await readYaml(config.POLICY_FILE, policySchema);
    const { sql } = await openSqlDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
    closers.push(() => sql.close());
    // The commands of the sends under way in one turn of the event loop (receipts, live events, send
    // slots) go to Redis in one write.
    const redis = holdCommandWrites(connectRedis(config.REDIS_URL, logger, 'worker-main'));
    closers.push(() => redis.quit().catch(() => redis.disconnect()));
    await checkRedisPolicy(redis, logger);
    // Publish only: the subscriber connection is never used, as this process listens to no one's events.
    const events = new RedisConversationEvents(redis, redis, config.REDIS_PREFIX);
    const identities = new SqlIdentityStore(sql);
    // The app instances' own send pace: what goes out from here shares Telegram's limits with their live replies.
    const pace = new RedisSendPace(redis, config.REDIS_PREFIX);
    const channels: Channel[] = await createSendingChannels({ config, identities, logger, pace, phrases });
    closers.push(async () => {
      for (const channel of channels) await channel.stop();
    });
    const followUpSender = new ChannelFollowUpSender();
    followUpSender.attach(channels);
    const prisma = lazyPrisma(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
    closers.push(() => prisma.close());
    const parts = options.parts ?? {};
    // Webhook deliveries are worked where the follow-up worker is; the nightly segments announce tier changes.
    const webhooks = startWebhooks({ config, redisUrl: config.REDIS_URL, store: new SqlWebhookStore(sql), logger, clock, worker: parts.worker !== false });
    closers.push(() => webhooks.close());
    // Complaint bursts are looked for where the planner runs; the consoles hear of them through Redis,
    // the staff's Telegram chat straight from here.
    // Crisis and SLA notices to the staff's Telegram chat, paced like every other Telegram message.
    const staffChatPort = channels.find((channel) => channel.staffChat)?.staffChat;
    const staffChat = parts.planner !== false && staffChatPort ? (text: string) => staffChatPort.notice(text) : undefined;
    const crisis = await startCrisis({ config, sql, redis, webhooks: webhooks.dispatcher, phrases, logger, clock, detect: parts.planner !== false, ...(staffChat ? { staffChat } : {}) });
    closers.push(() => crisis.close());
    const metrics = config.WORKER_METRICS_PORT ? new WorkerMetrics() : undefined;
    // SLA breaches are looked for where the planner runs too; a customer's delay notice goes out as the console's notices do.
    const conversations = new SqlConversationStore(sql);
    // Tracked like the app's: a notice the channel never confirms is sent again by the apps' delivery sweeper.
    const deliveries = new RecordedDeliveries({ store: new SqlDeliveryStore(sql), events, logger, clock, queue: { priority: UNDELIVERED_PRIORITY, reason: UNDELIVERED_REASON } });
    const delivery = new ChannelDelivery({ conversations, identities, events, logger, clock, deliveries, deliveryRetryAfterMs: config.DELIVERY_RETRY_AFTER_MS });
    delivery.attach(channels);
    const sla = await startSla({
      config,
      rules: slaRules,
      hours: parseStaffHours(config.STAFF_HOURS, config.STAFF_DAYS, config.STAFF_TIMEZONE),
      promisedMinutes: handoffWaitMinutes,
      sql,
      redis,
      webhooks: webhooks.dispatcher,
      phrases,
      delivery,
      conversations,
      logger,
      clock,
      check: parts.planner !== false,
      staffChat,
      metrics: metrics?.sla,
    });
    closers.push(() => sla.close());
    sla.startChecking();
    /** Routes a conversation waiting in the staff queue (Prisma opened the first time one does). */
    const routeQueued = async (conversationId: string, options: { avoid?: string } = {}) => {
      const [{ ConversationRouter }, { PrismaRoutingStore }, db] = await Promise.all([import('../console/routing/conversation-router.ts'), import('../store/routing-store.ts'), prisma.open()]);
      return new ConversationRouter(new PrismaRoutingStore(db), logger, clock).routeQueued(conversationId, options);
    };
    // Assignments nobody opened in time go back to the queue, looked for where the planner runs (as the SLA pass).
    const assignmentExpiry = new AssignmentExpiry({
      store: new SqlAssignmentExpiryStore(sql),
      redis,
      redisPrefix: config.REDIS_PREFIX,
      timeoutMs: config.ASSIGNMENT_TIMEOUT_MS,
      route: (conversationId, avoid) => routeQueued(conversationId, { avoid }),
      events,
      logger,
      clock,
    });
    if (parts.planner !== false) assignmentExpiry.start();
    closers.push(() => assignmentExpiry.stop());
    const jobs = await startFollowUpJobs({
      config,
      redisUrl: config.REDIS_URL,
      redis,
      store: new SqlFollowUpStore(sql),
      sender: followUpSender,
      events,
      phrases,
      logger,
      clock,
      parts,
      // A due callback (or a staff task) put a conversation in the staff queue: route it to someone.
      onQueued: async (conversationId) => void (await routeQueued(conversationId)),
      ...(metrics ? { metrics: metrics.followUps } : {}),
    });
    closers.push(() => jobs.close());
    const retention = startRetentionJobs({
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      logger,
      clock,
      timeZone: config.STAFF_TIMEZONE,
      worker: parts.worker !== false,
      sweep: new RetentionSweep({
        store: new SqlRetentionStore(sql),
        logger,
        messageDays: config.RETENTION_DAYS_MESSAGES,
        auditDays: config.RETENTION_DAYS_AUDIT,
        ratingAskWithinMs: config.CSAT_ASK_WITHIN_MS,
      }),
    });
    closers.push(() => retention.close());
    const segments = startSegmentJobs({
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      recompute: createRecomputeSegments({ store: new SqlSegmentStore(sql, segmentRules, tierChangeWebhooks(webhooks.dispatcher)), redis, redisPrefix: config.REDIS_PREFIX, logger, clock }),
      logger,
      cron: config.SEGMENTS_RECOMPUTE_CRON,
      timeZone: config.STAFF_TIMEZONE,
      worker: parts.worker !== false,
    });
    closers.push(() => segments.close());
    const metricsServer =
      metrics && config.WORKER_METRICS_PORT
        ? await startMetricsServer({ port: config.WORKER_METRICS_PORT, host: config.HOST, token: config.METRICS_TOKEN, scrape: () => metrics.scrape(), logger })
        : undefined;
    if (metricsServer) closers.push(() => metricsServer.close());
    return { sql, followUpSender, jobs, metricsUrl: metricsServer?.url, crisis, sla, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The Prisma client, opened on first use (a generated client costs tens of MB), closed with the process. */
function lazyPrisma(url: string, poolSize: number): { open(): ReturnType<typeof openPrisma>; close(): Promise<void> } {
  let opened: ReturnType<typeof openPrisma> | undefined;
  return {
    open: () =>
      (opened ??= openPrisma(url, { poolSize }).catch((error: unknown) => {
        opened = undefined; // tried again by the next conversation to route
        throw error;
      })),
    close: async () => {
      if (opened) await (await opened).$disconnect();
    },
  };
}
