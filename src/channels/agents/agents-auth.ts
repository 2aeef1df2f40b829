// How the Agents SDK channel proves who it is and checks who calls it, from the same MicrosoftApp*
// settings as /api/messages. The SDK's configuration is built here, from config.ts, so that it does
// not pick settings out of the environment by itself (it would, given none).

import type { AuthConfiguration } from '@microsoft/agents-hosting';
import type { Config } from '../../config.ts';

export type AgentsCredentials = Pick<Config, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId' | 'CertificateThumbprint' | 'AGENTS_AUTHORITY_ENDPOINT'>;

/** The SDK's name for the connection its CloudAdapter uses by default. */
const CONNECTION = 'serviceConnection';

/**
 * Why the SDK cannot sign in with these settings, or undefined when it can. It takes a client
 * secret or a managed identity; botbuilder's certificate settings (a thumbprint and a key) have no
 * counterpart there (it wants certificate files).
 */
export function unusableCredentials(config: AgentsCredentials): string | undefined {
  if (!config.MicrosoftAppId || config.MicrosoftAppType === 'UserAssignedMSI' || config.MicrosoftAppPassword) return undefined;
  return (
    'the Agents SDK endpoint (/api/agents/messages) signs in with MicrosoftAppPassword or a user-assigned managed identity ' +
    `(MicrosoftAppType=UserAssignedMSI)${config.CertificateThumbprint ? '; certificate credentials work on /api/messages only' : ''}`
  );
}

/**
 * The SDK's AuthConfiguration: one connection for every serviceUrl, issuers checked (the SDK
 * leaves that off by default). Without MicrosoftAppId the connection has no client id: the route
 * then checks no token (anonymous mode) and the SDK sends without one.
 */
export function agentsAuthConfiguration(config: AgentsCredentials): AuthConfiguration {
  const managedIdentity = config.MicrosoftAppType === 'UserAssignedMSI';
  // As botbuilder does: a multi-tenant bot (the default type) signs in at the botframework.com tenant, whatever MicrosoftAppTenantId says.
  const tenantId = config.MicrosoftAppType === 'SingleTenant' || managedIdentity ? config.MicrosoftAppTenantId : undefined;
  const connection: AuthConfiguration = {
    validateIssuer: true,
    ...(config.MicrosoftAppId ? { clientId: config.MicrosoftAppId } : {}),
    ...(managedIdentity ? { authType: 'UserManagedIdentity' } : {}),
    ...(!managedIdentity && config.MicrosoftAppPassword ? { authType: 'ClientSecret', clientSecret: config.MicrosoftAppPassword } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(config.AGENTS_AUTHORITY_ENDPOINT ? { authorityEndpoint: config.AGENTS_AUTHORITY_ENDPOINT } : {}),
  };
  return { ...connection, connections: new Map([[CONNECTION, connection]]), connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }] };
}
