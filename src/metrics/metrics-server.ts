// A tiny HTTP server for a process without one (`npm run worker`): GET /metrics, under the same
// access rules as the app's (src/metrics/scrape-access.ts), anything else 404. Errors answer in the
// service's usual {error:{code,message}} shape.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { MetricsText } from '../http/http-metrics.ts';
import { isForwarded, scrapeAccess } from './scrape-access.ts';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** METRICS_TOKEN; unset → loopback clients only. */
  token: string | undefined;
  scrape: () => Promise<MetricsText>;
  logger: Logger;
}

export interface MetricsServer {
  /** http://host:port, as bound. */
  url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => void answer(request, response, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  options.logger.info({ url: `${url}/metrics` }, 'serving metrics');
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, options: MetricsServerOptions): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) return fail(response, 404, 'not_found', `no route for ${request.method} ${path}`);
  const verdict = scrapeAccess({ authorization: request.headers.authorization, socketAddress: request.socket.remoteAddress, forwarded: isForwarded(request.headers) }, options.token);
  if (!verdict.allowed) {
    if (verdict.status === 401) response.setHeader('www-authenticate', 'Bearer');
    return fail(response, verdict.status, verdict.code, verdict.message);
  }
  try {
    const { contentType, text } = await options.scrape();
    response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : text);
  } catch (err) {
    options.logger.error({ err }, 'metrics: could not gather them');
    fail(response, 500, 'internal', 'the metrics could not be gathered; see the worker log');
  }
}

function fail(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: { code, message } }));
}
