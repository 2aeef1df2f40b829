// A loopback TCP proxy that keeps what clients send, chunk by chunk: one chunk is what one write
// of the client carried (small writes on loopback arrive whole), so a test can see how a driver
// batches its messages without timing anything.

import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TcpTap {
  /** The proxy's URL: `url` with host and port replaced. */
  url: string;
  /** Every chunk clients sent since the last clear, in order. */
  sent: Buffer[];
  clear(): void;
  close(): Promise<void>;
}

/** Proxies to the host and port of `url` (e.g. a postgresql:// URL). */
export async function startTcpTap(url: string): Promise<TcpTap> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const tap: Omit<TcpTap, 'url'> & { url: string } = {
    url: '',
    sent: [],
    clear: () => {
      tap.sent = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      tap.sent.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as AddressInfo).port);
  tap.url = proxied.toString();
  return tap;
}
