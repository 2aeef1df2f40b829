// How long HTTP requests take, by method, route pattern and status class. The children are kept
// per route and method once seen (routes are the server's own, a bounded set), so a request costs a
// lookup and an observation.

import { Histogram, type Registry } from 'prom-client';
import { OTHER } from './label-sets.ts';

/** Requests that matched no route: one series for all of them, whatever URL was asked. */
const UNMATCHED = 'unmatched';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Index = the status code's first digit. */
const STATUS_CLASSES = ['', '1xx', '2xx', '3xx', '4xx', '5xx'];
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Indexed by the status code's first digit. */
type ByStatus = (Histogram.Internal<string> | undefined)[];

export class HttpDurations {
  private readonly histogram: Histogram;
  private readonly children = new Map<string, Map<string, ByStatus>>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'care_http_request_duration_seconds',
      help: 'HTTP request durations by method, route pattern and status class',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  observe(method: string, route: string | undefined, statusCode: number, seconds: number): void {
    const routeLabel = route ?? UNMATCHED;
    const methodLabel = METHODS.has(method) ? method : OTHER;
    let byMethod = this.children.get(routeLabel);
    if (!byMethod) this.children.set(routeLabel, (byMethod = new Map()));
    let byStatus = byMethod.get(methodLabel);
    if (!byStatus) byMethod.set(methodLabel, (byStatus = this.statusChildren(methodLabel, routeLabel)));
    (byStatus[Math.floor(statusCode / 100)] ?? this.histogram.labels(methodLabel, routeLabel, OTHER)).observe(seconds);
  }

  private statusChildren(method: string, route: string): ByStatus {
    // Index 0 has no class: a status outside 100–599 falls through to `other`.
    return STATUS_CLASSES.map((status) => (status ? this.histogram.labels(method, route, status) : undefined));
  }
}
