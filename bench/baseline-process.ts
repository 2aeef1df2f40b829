// The baseline of the pipeline benchmark in a process of its own: bare fastify with one POST route
// that answers a constant JSON of the web chat's shape, so the ratio shows what the service adds.

import Fastify from 'fastify';
import { serveChild } from './child-server.ts';

const LOOPBACK = '127.0.0.1';
const ANSWER = { ok: true, replies: [{ id: 1, text: 'constant' }], conversation: { status: 'bot' } };

await serveChild(
  async () => {
    const server = Fastify({ logger: false });
    server.post('/baseline', async () => ANSWER);
    await server.listen({ port: 0, host: LOOPBACK });
    const address = server.server.address();
    if (typeof address !== 'object' || !address) throw new Error(`unexpected listen address ${String(address)}`);
    return { ready: { port: address.port, details: 'bare fastify, one POST route' }, close: () => server.close() };
  },
  { profileName: 'baseline' },
);
