// A loopback TCP proxy that keeps what clients send, chunk by chunk: one chunk is what one write
// of the client carried (small writes on loopback arrive whole), so a test can see how a driver
// batches its messages without timing anything. It can also cut connections: all of them now, or
// the one that is about to send a chunk a test picks, or refuse new ones for a while.

import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface TcpTap {
  /** The proxy's URL: `url` with host and port replaced. */
  url: string;
  /** Every chunk clients sent since the last clear, in order. */
  sent: Buffer[];
  clear(): void;
  /** When set and true for a chunk, that chunk is not passed on and its connection is cut. */
  cutWhen: ((chunk: Buffer) => boolean) | undefined;
  /** Cuts every open connection (the proxy goes on accepting new ones). */
  cutAll(): void;
  /** While true, every new connection is closed at once; `refused` counts them. */
  refusing: boolean;
  refused: number;
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
    cutWhen: undefined,
    refusing: false,
    refused: 0,
    cutAll: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((client) => {
    if (tap.refusing) {
      tap.refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (tap.cutWhen?.(chunk)) {
        client.destroy();
        upstream.destroy();
        return;
      }
      tap.sent.push(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
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
