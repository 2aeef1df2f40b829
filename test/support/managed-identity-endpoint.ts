// A local stand-in for Azure App Service's managed identity endpoint (IDENTITY_ENDPOINT with the
// IDENTITY_HEADER secret), where MSAL gets the token a bot with MicrosoftAppType=UserAssignedMSI
// sends to the Bot Connector. Answers every well-formed request with a fresh opaque token.

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenRequest {
  resource: string;
  clientId: string;
}

export class ManagedIdentityEndpoint {
  readonly secret = randomUUID();
  readonly requests: TokenRequest[] = [];
  /** Every token handed out; the connector should see one of them. */
  readonly tokens: string[] = [];
  private readonly server: Server;
  private endpointValue = '';

  private constructor() {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/msi/token' || req.headers['x-identity-header'] !== this.secret) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
      const request = { resource: url.searchParams.get('resource') ?? '', clientId: url.searchParams.get('client_id') ?? '' };
      this.requests.push(request);
      const token = `msi-${randomUUID()}`;
      this.tokens.push(token);
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ access_token: token, expires_on: String(expiresOn), resource: request.resource, token_type: 'Bearer', client_id: request.clientId }));
    });
  }

  static async start(): Promise<ManagedIdentityEndpoint> {
    const endpoint = new ManagedIdentityEndpoint();
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    const { port } = endpoint.server.address() as AddressInfo;
    endpoint.endpointValue = `http://127.0.0.1:${port}/msi/token`;
    return endpoint;
  }

  /** The environment App Service gives a process with a managed identity (MSAL reads it from process.env). */
  get environment(): Record<'IDENTITY_ENDPOINT' | 'IDENTITY_HEADER', string> {
    return { IDENTITY_ENDPOINT: this.endpointValue, IDENTITY_HEADER: this.secret };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
