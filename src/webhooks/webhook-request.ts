// One HTTP POST of a webhook to the address that was checked (webhook-target.ts): the connection
// goes to that address while the Host header and TLS name stay the URL's, no redirect is
// followed, no connection is reused, and the whole exchange has a deadline.

import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedTarget } from './webhook-target.ts';

export type PostOutcome = { statusCode: number } | { error: string };

/** The most of a receiver's answer read (and thrown away) before the connection is cut. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function postWebhook(target: ResolvedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostOutcome> {
  const { url, address, family } = target;
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: pinned,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'care-bot-webhooks/1' },
      },
      (response) => {
        settle({ statusCode: response.statusCode ?? 0 });
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on('error', () => {});
        response.on('end', () => clearTimeout(deadline));
        response.on('close', () => clearTimeout(deadline));
      },
    );
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('error', (err) => {
      clearTimeout(deadline);
      settle({ error: err.message || String(err) });
    });
    request.end(body);
  });
}
