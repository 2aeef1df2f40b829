// A local stand-in for login.botframework.com: serves the OpenID configuration and a JWKS with a
// freshly generated RSA key, and signs channel tokens with it (RS256, built with node:crypto).

import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';

export interface ChannelTokenClaims {
  /** The bot's MicrosoftAppId. */
  aud: string;
  /** Must equal the activity's serviceUrl. */
  serviceurl: string;
  iss?: string;
  /** Seconds from now until expiry (negative: already expired). */
  expiresIn?: number;
}

export class OpenIdIssuer {
  private readonly kid = randomUUID();
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** Not published: tokens signed with it must be refused. */
  private readonly strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  private readonly server: Server;
  private metadataUrlValue = '';

  /** `endorsements`: the channels this key may sign for (checked against the activity's channelId). */
  private constructor(private readonly endorsements: string[]) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
    this.server = createServer((req, res) => this.serve(req, res));
  }

  static async start(endorsements: string[] = ['webchat', 'emulator', 'msteams', 'directline']): Promise<OpenIdIssuer> {
    const issuer = new OpenIdIssuer(endorsements);
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    const { port } = issuer.server.address() as AddressInfo;
    issuer.metadataUrlValue = `http://127.0.0.1:${port}/.well-known/openid-configuration`;
    return issuer;
  }

  /** Where the bot finds the OpenID configuration (the BotOpenIdMetadata setting). */
  get metadataUrl(): string {
    return this.metadataUrlValue;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const base = `http://${req.headers.host}`;
    if (req.url === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: CHANNEL_TOKEN_ISSUER, jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/keys' || req.url?.endsWith('/discovery/v2.0/keys')) {
      // The second: where Entra publishes a tenant's keys, `${authority}/discovery/v2.0/keys` (the Agents SDK looks there).
      const jwk = this.publicKey.export({ format: 'jwk' });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [{ ...jwk, kty: 'RSA', use: 'sig', kid: this.kid, endorsements: this.endorsements }] }));
    } else {
      res.writeHead(404).end();
    }
  }

  /** A channel token signed with the published key. */
  token(claims: ChannelTokenClaims): string {
    return this.signWith(this.privateKey, claims);
  }

  /** A token that names the published key id but is signed with another key. */
  forgedToken(claims: ChannelTokenClaims): string {
    return this.signWith(this.strangerKey, claims);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private signWith(key: KeyObject, { expiresIn = 3600, iss = CHANNEL_TOKEN_ISSUER, ...claims }: ChannelTokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const header = encode({ alg: 'RS256', typ: 'JWT', kid: this.kid });
    const payload = encode({ ...claims, iss, iat: now, nbf: now - 60, exp: now + expiresIn });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
