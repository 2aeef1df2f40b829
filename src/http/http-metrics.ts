// What the HTTP server reports to the metrics and serves at GET /metrics: a port, so the server and
// its routes know no metrics library (src/metrics/ implements it).

/** The metrics as Prometheus scrapes them. */
export interface MetricsText {
  contentType: string;
  text: string;
}

export interface HttpMetrics {
  /**
   * A response went out. `route` is the matched route's pattern (`/api/staff/customers/:id`), never
   * the raw URL, so the label values stay a bounded set; undefined when no route matched.
   */
  requestDone(method: string, route: string | undefined, statusCode: number, seconds: number): void;
  /** Every metric of this process, gathered now. */
  scrape(): Promise<MetricsText>;
}
