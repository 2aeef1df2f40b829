// What the HTTP routes may use, assembled by the composition root.

import type { Redis } from 'ioredis';
import type { WebchatServices } from '../channels/webchat/webchat-services.ts';
import type { TrustProxy } from '../config.ts';
import type { ConsoleServices } from '../console/console-services.ts';
import type { Content } from '../content/load-content.ts';
import type { Engine } from '../conversation/engine.ts';
import type { ConversationEvents } from '../conversation/events.ts';
import type { ConversationStore, IdentityStore } from '../conversation/ports.ts';
import type { OrderStore } from '../console/orders/order-ports.ts';
import type { StaffHours } from '../domain/staff-hours.ts';
import type { HttpMetrics } from './http-metrics.ts';
import type { ReadinessProbes } from './readiness.ts';
import type { SseStreams } from './sse-stream.ts';

export interface HttpServices {
  engine: Engine;
  identities: IdentityStore;
  conversations: ConversationStore;
  events: ConversationEvents;
  content: Content;
  /** Web chat sessions (expiry, live-stream tickets, how many a client network may start). */
  webchat: WebchatServices;
  /** The live event streams (SSE) open in this process, with their caps. */
  sse: SseStreams;
  /** The staff console's stores, sessions and delivery. */
  console: ConsoleServices;
  /** Shared Redis (rate limits). */
  redis: Redis;
  /** True when the store and Redis answer. */
  checkHealth: () => Promise<{ store: boolean; redis: boolean }>;
  /** What GET /readyz asks: the store, Redis and the applied migrations. */
  readiness: ReadinessProbes;
  /** Request durations, and the text GET /metrics serves. */
  metrics: HttpMetrics;
  /** METRICS_TOKEN: the bearer token GET /metrics asks for; unset → loopback clients only. */
  metricsToken: string | undefined;
  maxMessageChars: number;
  /** When people answer (STAFF_HOURS, STAFF_DAYS, STAFF_TIMEZONE), shown in the web chat's header. */
  staffHours: StaffHours;
  rateLimitPerMinute: number;
  /** Prefix of every Redis key (REDIS_PREFIX). */
  redisPrefix: string;
  /** Which proxies' forwarded headers to believe (TRUST_PROXY): decides request.ip and request.protocol. */
  trustProxy: TrustProxy;
  /** CSP frame-ancestors (FRAME_ANCESTORS). */
  frameAncestors: string;
  /** The shop's orders: the staff API and the signed webhook (no secret → the webhook answers 503). */
  orders: { store: OrderStore; webhookSecret: string | undefined; phoneRegion: string };
}
