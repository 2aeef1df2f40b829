// Assembles the service from its parts: content → store → Redis → engine → HTTP. Used by
// main.ts, the terminal chat, the tests and the benchmarks, so they all run the same product.

import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { logDestination } from './log-destination.ts';
import { loadContent, type Content } from './content/load-content.ts';
import { loadSegmentRules } from './content/load-segment-rules.ts';
import { loadSlaRules } from './content/load-sla-rules.ts';
import { RedisConversationLock } from './redis/redis-conversation-lock.ts';
import { Engine } from './conversation/engine.ts';
import { RedisEscalationLimit } from './conversation/escalation-limit.ts';
import { RedisConversationEvents } from './redis/redis-conversation-events.ts';
import type { Channel, StaffChat } from './channels/channel.ts';
import { ChannelDelivery } from './channels/channel-delivery.ts';
import { ChannelFollowUpSender } from './channels/follow-up-sender.ts';
import { createChannels } from './channels/start-channels.ts';
import { ensureFirstAdmin } from './console/auth/first-admin.ts';
import { staffPasswords } from './console/auth/staff-passwords.ts';
import { LoginLimiter } from './console/auth/login-limiter.ts';
import { StaffSessionEndings } from './console/auth/staff-session-endings.ts';
import { StaffSessions } from './console/auth/staff-sessions.ts';
import { ConversationRouter } from './console/routing/conversation-router.ts';
import { TelegramClaims } from './console/routing/telegram-claims.ts';
import { routeWaitingAndAnnounce } from './console/routing/route-waiting.ts';
import { AssignmentExpiry } from './console/routing/assignment-expiry.ts';
import { createRecomputeSegments } from './console/segments/recompute-segments.ts';
import type { Escalation } from './conversation/engine.ts';
import { parseStaffHours } from './domain/staff-hours.ts';
import { buildServer } from './http/server.ts';
import { SseStreams } from './http/sse-stream.ts';
import { startFollowUpJobs, type FollowUpJobs } from './jobs/follow-up-jobs.ts';
import { startRetentionJobs } from './jobs/retention-jobs.ts';
import { RetentionSweep } from './jobs/retention-sweep.ts';
import { startSegmentJobs } from './jobs/segment-jobs.ts';
import { FollowUpQueue } from './jobs/follow-up-queue.ts';
import { registerBullBoard } from './console/routes/bull-board.ts';
import { checkRedisPolicy, connectRedis, holdCommandWrites } from './redis/connect-redis.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded-redis.ts';
import { RedisEventTickets } from './redis/event-tickets.ts';
import { RedisWindowCounter } from './redis/window-counter.ts';
import { RedisOnceGuard } from './redis/redis-once-guard.ts';
import { RedisSendPace } from './redis/redis-send-pace.ts';
import { RedisLeadership } from './redis/redis-leadership.ts';
import { openDatabase, type Database } from './store/database.ts';
import { PrismaCaseWorkStore } from './store/case-work-store.ts';
import { CaseWorkEvents } from './console/cases/case-work-events.ts';
import { SqlCustomerBackgroundStore } from './store/customer-background-store.ts';
import { PrismaConsoleStore } from './store/console-store.ts';
import { PrismaCustomerContactStore } from './store/customer-contact-store.ts';
import { SqlCustomerSearchStore } from './store/customer-search-store.ts';
import { SqlConversationStore } from './store/conversations.ts';
import { SqlFollowUpStore } from './store/follow-ups.ts';
import { PrismaOrderStore, SqlCustomerOrderLookup } from './store/order-store.ts';
import { SqlLlmRecords } from './store/llm-records.ts';
import { AppMetrics } from './metrics/app-metrics.ts';
import { countQueuedConversations } from './store/queued-count.ts';
import { pendingMigrationsOf } from './store/migration-status.ts';
import { createLlmAssist } from './llm/create-llm-assist.ts';
import { PrismaFollowUpAdminStore } from './store/follow-up-admin-store.ts';
import { PrismaAuditStore } from './store/audit-store.ts';
import { PrismaPrivacyStore } from './store/privacy-store.ts';
import { SqlMergeStore } from './store/merge-store.ts';
import { SqlImportStore } from './store/import-store.ts';
import { SqlExportStore } from './store/export-store.ts';
import { SqlInsightsStore } from './store/insights-store.ts';
import { ImportProgressBoard } from './console/csv/import-progress.ts';
import { SqlRetentionStore } from './store/retention-store.ts';
import { SqlIdentityStore } from './store/identities.ts';
import { SqlWebchatSessionStore } from './store/webchat-session-store.ts';
import { PrismaRoutingStore } from './store/routing-store.ts';
import { SqlQueueListing } from './store/queue-listing.ts';
import { SqlAssignmentExpiryStore } from './store/assignment-expiry-store.ts';
import { SqlLabelStore } from './store/conversation-labels-store.ts';
import { SqlReadMarkers } from './store/read-markers-store.ts';
import { PrismaStaffStore } from './store/staff-store.ts';
import { SqlSegmentStore } from './store/segment-store.ts';
import { SqlWebhookStore } from './store/webhook-store.ts';
import { startWebhooks, type Webhooks } from './webhooks/start-webhooks.ts';
import { startCrisis, type Crisis } from './crisis/start-crisis.ts';
import { startSla, type Sla } from './sla/start-sla.ts';
import { ApprovalAnnouncer } from './console/approvals/approval-announcer.ts';
import { ApprovalEvents } from './console/approvals/approval-events.ts';
import { PrismaApprovalStore } from './store/approval-store.ts';
import { tierChangeWebhooks } from './webhooks/tier-webhooks.ts';
import { SqlDeliveryStore, UNDELIVERED_PRIORITY, UNDELIVERED_REASON } from './store/delivery-store.ts';
import { RecordedDeliveries } from './channels/recorded-deliveries.ts';
import { DELIVERY_CLAIM_HOLD_MS, DeliverySweeper } from './channels/delivery-sweeper.ts';
import { emitTurnWebhooks } from './webhooks/turn-webhooks.ts';

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
  followUps: SqlFollowUpStore;
  /** Sends follow-ups on the customers' channels; tests and benchmarks add loopback channels to it. */
  followUpSender: ChannelFollowUpSender;
  /** The follow-up worker, relay and planner, when this process runs them (JOBS_IN_PROCESS). */
  jobs: FollowUpJobs | undefined;
  /** The crisis signal: its detector (one pass with detect()), store and live events. */
  crisis: Crisis;
  /** The SLA timers: the pass (one with monitor.check()), the targets and the live breach events. */
  sla: Sla;
  /** The routing assignments' timeout (ASSIGNMENT_TIMEOUT_MS): one pass with check(). */
  assignmentExpiry: AssignmentExpiry;
  /** Outgoing webhooks: the dispatcher, the delivery queue and the sweep of deliveries no job carries. */
  webhooks: Webhooks;
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
  /** Which follow-up job parts to run here; default: all of them when JOBS_IN_PROCESS, else none. */
  jobs?: { worker?: boolean; relay?: boolean; planner?: boolean } | false;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = overrides.logger ?? pino({ level: config.LOG_LEVEL }, logDestination());
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
        nluThread: config.NLU_THREAD,
        onProgress: (message) => logger.info(message),
      }));
    // Content passed in belongs to the caller (tests share one); content loaded here ends with the app.
    if (!overrides.content) closers.push(() => content.nlu.close());
    // Checked at start: a typo in the segment rules stops the start, naming the file and field.
    const segmentRules = await loadSegmentRules(config.SEGMENTS_FILE);
    // So is config/sla.yaml (the SLA targets per tier).
    const slaRules = await loadSlaRules(config.SLA_FILE);
    const database = await openDatabase(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE });
    closers.push(() => database.close());
    let embedded: EmbeddedRedis | undefined;
    if (!config.REDIS_URL) {
      embedded = await startEmbeddedRedis({ dataDir: config.DATA_DIR, name: overrides.embeddedRedisName ?? String(config.PORT) });
      closers.push(() => embedded!.stop());
      logger.info({ url: embedded.url }, 'started a local redis-server (set REDIS_URL to use your own)');
    }
    const redisUrl = config.REDIS_URL ?? embedded!.url;
    // Commands issued in one turn of the event loop (every turn in flight has a few) leave in one write.
    const redis = holdCommandWrites(connectRedis(redisUrl, logger, 'main'));
    const subscriber = connectRedis(redisUrl, logger, 'events');
    closers.push(
      () => quit(redis),
      () => quit(subscriber),
    );
    await checkRedisPolicy(redis, logger);
    const events = new RedisConversationEvents(redis, subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad live event'));
    closers.push(() => events.close());
    await events.whenReady();
    const identities = new SqlIdentityStore(database.sql);
    const conversations = new SqlConversationStore(database.sql);
    const clock = overrides.clock ?? (() => new Date());
    // Outgoing webhooks are announced here and delivered wherever the follow-up worker runs.
    const webhookStore = new SqlWebhookStore(database.sql);
    const webhookJobs = overrides.jobs ?? (config.JOBS_IN_PROCESS ? {} : false);
    const webhooks = startWebhooks({ config, redisUrl, store: webhookStore, logger, clock, worker: webhookJobs !== false && webhookJobs.worker !== false });
    closers.push(() => webhooks.close());
    const routing = new PrismaRoutingStore(database.db);
    const router = new ConversationRouter(routing, logger, clock);
    // Replies a channel sends itself are confirmed here; what it never confirms, the sweeper sends again.
    const deliveryStore = new SqlDeliveryStore(database.sql);
    const deliveries = new RecordedDeliveries({
      store: deliveryStore,
      events,
      logger,
      clock,
      queue: { priority: UNDELIVERED_PRIORITY, reason: UNDELIVERED_REASON },
      onQueued: async (conversationId) => void (await router.routeQueued(conversationId)),
    });
    // The Telegram channel (and so its staff chat) exists only once the server does; bound then.
    const staffChat: { port?: StaffChat } = {};
    // The crisis and SLA alerts' line to that chat, when there is one.
    const staffChatNotice = config.STAFF_TELEGRAM_CHAT_ID ? { staffChat: async (text: string) => staffChat.port?.notice(text) } : {};
    // The crisis signal: detected where the follow-up planner runs; every app keeps the open incidents for the bot.
    const crisis = await startCrisis({
      config,
      sql: database.sql,
      redis,
      subscriber,
      webhooks: webhooks.dispatcher,
      phrases: content.phrases,
      logger,
      clock,
      detect: webhookJobs !== false && webhookJobs.planner !== false,
      ...staffChatNotice,
    });
    closers.push(() => crisis.close());
    const onEscalated = async (conversationId: string, escalation: Escalation): Promise<void> => {
      await router.routeQueued(conversationId);
      if (staffChat.port) void alertStaff(staffChat.port, conversations, conversationId, escalation, logger);
    };
    // This app's Prometheus metrics (GET /metrics); the queue length is counted at each scrape.
    const metrics = new AppMetrics({ countQueued: () => countQueuedConversations(database.sql), logger });
    const llmRecords = new SqlLlmRecords(database.sql, clock);
    const assist = config.LLM_MODEL ? await createLlmAssist(config, content, llmRecords, logger, metrics.llm) : undefined;
    const staffHours = parseStaffHours(config.STAFF_HOURS, config.STAFF_DAYS, config.STAFF_TIMEZONE);
    const engine = new Engine({
      identities,
      conversations,
      content,
      events,
      logger,
      lock: new RedisConversationLock(redis, {
        prefix: config.REDIS_PREFIX,
        // The lock is renewed while a turn runs, so the model's budget needs no room under its expiry; a
        // turn waiting for another instance's turn of the same conversation waits out a whole turn.
        waitMs: Math.max(20_000, config.LLM_TURN_BUDGET_MS + 10_000),
        onLockLost: (conversationKey, err) => logger.warn({ err, identityId: conversationKey }, 'conversation lock lapsed during a turn; its version check still guards the write'),
      }),
      silenceResumeMs: config.SILENCE_RESUME_MS,
      deliveryRetryAfterMs: config.DELIVERY_RETRY_AFTER_MS,
      maxMessageChars: config.MAX_MESSAGE_CHARS,
      staffHours,
      onEscalated,
      onTurnCommitted: (turn) => {
        emitTurnWebhooks(turn, webhooks.dispatcher);
        metrics.ratings.countRatings(turn.effects);
      },
      escalationLimit: new RedisEscalationLimit(redis, { prefix: config.REDIS_PREFIX, perDay: config.ESCALATIONS_PER_SESSION_PER_DAY }),
      orders: new SqlCustomerOrderLookup(database.sql.quick),
      metrics: metrics.conversations,
      openIncidents: () => crisis.incidents.current(),
      ratingAfterBot: config.CSAT_ENABLED && config.CSAT_AFTER_BOT,
      ...(assist ? { assist, assistBudgetMs: config.LLM_TURN_BUDGET_MS } : {}),
      ...(overrides.clock ? { clock: overrides.clock } : {}),
    });
    const staff = new PrismaStaffStore(database.db);
    const passwords = staffPasswords(config.STAFF_PASSWORD_SCRYPT_N);
    await ensureFirstAdmin(staff, passwords, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }, logger);
    const delivery = new ChannelDelivery({ conversations, identities, events, logger, clock, metrics: metrics.conversations, deliveries, deliveryRetryAfterMs: config.DELIVERY_RETRY_AFTER_MS });
    // SLA timers: breaches looked for where the follow-up planner runs; every app passes them to its consoles.
    const sla = await startSla({
      config,
      rules: slaRules,
      hours: staffHours,
      promisedMinutes: content.policy.handoffWaitMinutes,
      sql: database.sql,
      redis,
      subscriber,
      webhooks: webhooks.dispatcher,
      phrases: content.phrases,
      delivery,
      conversations,
      logger,
      clock,
      metrics: metrics.sla,
      check: webhookJobs !== false && webhookJobs.planner !== false,
      ...staffChatNotice,
    });
    closers.push(() => sla.close());
    // Assignments nobody opened in time go back to the queue: looked for where the follow-up planner runs.
    const assignmentExpiry = new AssignmentExpiry({
      store: new SqlAssignmentExpiryStore(database.sql),
      redis,
      redisPrefix: config.REDIS_PREFIX,
      timeoutMs: config.ASSIGNMENT_TIMEOUT_MS,
      route: (conversationId, avoid) => router.routeQueued(conversationId, { avoid }),
      events,
      logger,
      clock,
    });
    if (webhookJobs !== false && webhookJobs.planner !== false) assignmentExpiry.start();
    closers.push(() => assignmentExpiry.stop());
    // Approval requests and decisions reach every instance's consoles; the customer is told as staff messages are delivered.
    const approvalEvents = new ApprovalEvents(redis, subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad approval event'));
    closers.push(() => approvalEvents.close());
    await approvalEvents.start();
    const approvalAnnouncer = new ApprovalAnnouncer({ events: approvalEvents, conversations, delivery, phrases: content.phrases, webhooks: webhooks.dispatcher, logger, ...staffChatNotice });
    const consoleStore = new PrismaConsoleStore(database.db, { clock, cardStaleDays: config.CARD_FIELD_STALE_DAYS, askRatingOnClose: config.CSAT_ENABLED });
    // Shares the live events' subscriber connection: one connection holds both subscriptions.
    const sessionEndings = new StaffSessionEndings(redis, subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad staff session ending'));
    closers.push(() => sessionEndings.close());
    await sessionEndings.start();
    const caseEvents = new CaseWorkEvents(redis, subscriber, config.REDIS_PREFIX, (err) => logger.warn({ err }, 'bad case work event'));
    closers.push(() => caseEvents.close());
    await caseEvents.start();
    const consoleSessions = new StaffSessions(redis, config.REDIS_PREFIX, config.STAFF_SESSION_TTL_MS, sessionEndings);
    const segments = new SqlSegmentStore(database.sql, segmentRules, tierChangeWebhooks(webhooks.dispatcher));
    const recomputeSegments = createRecomputeSegments({ store: segments, redis, redisPrefix: config.REDIS_PREFIX, logger, clock });
    const server = await buildServer(
      {
        engine,
        identities,
        conversations,
        events,
        content,
        redis,
        webchat: {
          sessions: new SqlWebchatSessionStore(database.sql),
          tickets: new RedisEventTickets(redis, config.REDIS_PREFIX),
          sessionStarts: new RedisWindowCounter(redis, `${config.REDIS_PREFIX}webchat:session-starts:`, 60 * 60_000),
          sessionStartsPerHour: config.WEBCHAT_SESSIONS_PER_IP_PER_HOUR,
          sessionTtlMs: config.WEBCHAT_SESSION_TTL_DAYS * 24 * 60 * 60_000,
          clock,
        },
        sse: new SseStreams({ perSession: config.SSE_MAX_PER_SESSION, perIp: config.SSE_MAX_PER_IP, total: config.SSE_MAX_TOTAL }, config.SSE_HEARTBEAT_MS),
        console: {
          staff,
          store: consoleStore,
          sessions: consoleSessions,
          passwords,
          loginLimiter: new LoginLimiter(redis, { prefix: config.REDIS_PREFIX, maxAttempts: config.LOGIN_MAX_ATTEMPTS, lockoutMs: config.LOGIN_LOCKOUT_MS, emailCeiling: config.LOGIN_EMAIL_CEILING }),
          delivery,
          phrases: content.phrases,
          clock,
          cases: new PrismaCaseWorkStore(database.db, config.REVISIT_DELAY_MS ?? content.policy.revisitDelayMinutes * 60_000),
          caseEvents,
          customerBackground: new SqlCustomerBackgroundStore(database.sql),
          routing,
          queue: { listing: new SqlQueueListing(database.sql, config.DEFAULT_PHONE_REGION), labels: new SqlLabelStore(database.sql), reads: new SqlReadMarkers(database.sql) },
          followUps: new PrismaFollowUpAdminStore(database.db),
          privacy: new PrismaPrivacyStore(database.db),
          audit: new PrismaAuditStore(database.db),
          segments,
          recomputeSegments,
          customers: {
            search: new SqlCustomerSearchStore(database.sql, config.DEFAULT_PHONE_REGION),
            contacts: new PrismaCustomerContactStore(database.db),
            phoneRegion: config.DEFAULT_PHONE_REGION,
          },
          merges: new SqlMergeStore(database.sql),
          imports: {
            store: new SqlImportStore(database.sql),
            progress: new ImportProgressBoard(redis, config.REDIS_PREFIX),
            phoneRegion: config.DEFAULT_PHONE_REGION,
            // Segments follow an import's new data before the import answers; a failed run is logged and the nightly one catches up.
            afterImport: async (summary) => {
              await recomputeSegments({ trigger: 'import', wait: true }).catch((err: unknown) => logger.error({ err, importId: summary.importId }, 'segments not recomputed after an import'));
            },
          },
          exports: new SqlExportStore(database.sql, config.DEFAULT_PHONE_REGION),
          webhooks: { store: webhookStore, dispatcher: webhooks.dispatcher, rules: webhooks.rules },
          insights: new SqlInsightsStore(database.sql, { messageRetentionDays: config.RETENTION_DAYS_MESSAGES, clock }),
          crisis: { store: crisis.store, events: crisis.events, incidents: crisis.incidents, windowMs: crisis.windowMs },
          sla: { rules: sla.rules, hours: sla.hours, events: sla.events },
          approvals: { store: new PrismaApprovalStore(database.db), events: approvalEvents, announcer: approvalAnnouncer },
        },
        maxMessageChars: config.MAX_MESSAGE_CHARS,
        staffHours,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        redisPrefix: config.REDIS_PREFIX,
        trustProxy: config.TRUST_PROXY,
        frameAncestors: config.FRAME_ANCESTORS,
        orders: { store: new PrismaOrderStore(database.db), webhookSecret: config.ORDERS_WEBHOOK_SECRET, phoneRegion: config.DEFAULT_PHONE_REGION },
        checkHealth: async () => ({
          store: await database.sql.query('SELECT 1').then(
            () => true,
            () => false,
          ),
          redis: await redis.ping().then(
            (r) => r === 'PONG',
            () => false,
          ),
        }),
        readiness: { database: () => database.sql.query('SELECT 1'), redis: () => redis.ping(), pendingMigrations: pendingMigrationsOf(database.sql, database.provider) },
        metrics,
        metricsToken: config.METRICS_TOKEN,
      },
      logger,
    );
    closers.push(() => server.close());
    const staffClaims = new TelegramClaims({
      staff,
      store: consoleStore,
      conversations,
      events,
      delivery,
      phrases: content.phrases,
      clock,
      routeWaiting: () => routeWaitingAndAnnounce(router, events, logger),
    });
    const channels = await createChannels({
      config,
      engine,
      identities,
      conversations,
      content,
      logger,
      server,
      once: new RedisOnceGuard(redis, config.REDIS_PREFIX),
      pace: new RedisSendPace(redis, config.REDIS_PREFIX),
      leadership: new RedisLeadership(redis, config.REDIS_PREFIX, logger),
      deliveries,
      staffClaims,
    });
    delivery.attach(channels);
    sla.startChecking();
    staffChat.port = channels.find((c) => c.staffChat)?.staffChat;
    closers.push(async () => {
      for (const channel of channels) await channel.stop();
    });
    const sweeper = new DeliverySweeper({
      store: deliveryStore,
      ledger: deliveries,
      channels: () => channels,
      logger,
      clock,
      intervalMs: config.DELIVERY_SWEEP_INTERVAL_MS,
      // Long enough for a paced send to finish, so a slow send is never claimed (and sent) twice.
      holdMs: Math.max(config.DELIVERY_RETRY_AFTER_MS, DELIVERY_CLAIM_HOLD_MS),
      maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    });
    // Stopped before the channels it sends through (closers run in reverse).
    closers.push(() => sweeper.stop());
    const followUps = new SqlFollowUpStore(database.sql);
    const followUpSender = new ChannelFollowUpSender();
    followUpSender.attach(channels);
    const jobParts = overrides.jobs ?? (config.JOBS_IN_PROCESS ? {} : false);
    const jobs = jobParts
      ? await startFollowUpJobs({
          config,
          redisUrl,
          redis,
          store: followUps,
          sender: followUpSender,
          events,
          phrases: content.phrases,
          logger,
          clock,
          parts: jobParts,
          onQueued: async (conversationId) => void (await router.routeQueued(conversationId)),
          metrics: metrics.followUps,
        })
      : undefined;
    // Closed before the channels and stores it sends through (closers run in reverse).
    if (jobs) closers.push(() => jobs.close());
    // The daily retention sweep is scheduled wherever the follow-up jobs run, and worked where their worker is.
    const retention = jobParts
      ? startRetentionJobs({
          redisUrl,
          redisPrefix: config.REDIS_PREFIX,
          logger,
          clock,
          timeZone: config.STAFF_TIMEZONE,
          worker: jobParts.worker !== false,
          sweep: new RetentionSweep({
            store: new SqlRetentionStore(database.sql),
            logger,
            messageDays: config.RETENTION_DAYS_MESSAGES,
            auditDays: config.RETENTION_DAYS_AUDIT,
            ratingAskWithinMs: config.CSAT_ASK_WITHIN_MS,
          }),
        })
      : undefined;
    if (retention) closers.push(() => retention.close());
    // So is the segments' recomputation (SEGMENTS_RECOMPUTE_CRON).
    const segmentJobs = jobParts
      ? startSegmentJobs({
          redisUrl,
          redisPrefix: config.REDIS_PREFIX,
          recompute: recomputeSegments,
          logger,
          cron: config.SEGMENTS_RECOMPUTE_CRON,
          timeZone: config.STAFF_TIMEZONE,
          worker: jobParts.worker !== false,
        })
      : undefined;
    if (segmentJobs) closers.push(() => segmentJobs.close());
    // The admins' BullMQ dashboard shows the shared queue whether or not this process works it.
    const dashboardQueue = jobs?.queue ?? new FollowUpQueue(redis, config.REDIS_PREFIX);
    if (!jobs) closers.push(() => dashboardQueue.close());
    await registerBullBoard(server, {
      queues: [dashboardQueue.queue, ...(retention ? [retention.queue] : []), ...(segmentJobs ? [segmentJobs.queue] : []), webhooks.queue.queue],
      sessions: consoleSessions,
      findStaff: (id) => staff.findById(id),
    });
    const startChannels = async () => {
      for (const channel of channels) await channel.start();
      sweeper.start();
    };
    return {
      config,
      logger,
      server,
      engine,
      database,
      redisUrl,
      content,
      conversations,
      identities,
      staff,
      delivery,
      events,
      channels,
      followUps,
      followUpSender,
      jobs,
      crisis,
      sla,
      assignmentExpiry,
      webhooks,
      startChannels,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Posts the escalation to the Telegram staff chat; best effort, logged when it fails. */
async function alertStaff(staffChat: StaffChat, conversations: SqlConversationStore, conversationId: string, escalation: Escalation, logger: Logger): Promise<void> {
  try {
    const loaded = await conversations.loadConversation(conversationId);
    if (!loaded) return;
    const { conversation, customer } = loaded;
    await staffChat.alert({ conversationId, customerName: customer.name, tier: customer.tier, channel: conversation.channel, reason: escalation.reason, summary: escalation.summary });
  } catch (err) {
    logger.warn({ err, conversationId }, 'could not alert the staff chat');
  }
}

async function quit(redis: Redis): Promise<void> {
  await redis.quit().catch(() => redis.disconnect());
}
