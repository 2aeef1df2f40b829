// The Agents SDK endpoint signs in with the same MicrosoftApp* settings as /api/messages, mapped
// to the SDK's own configuration here (pure: nothing is loaded or fetched).

import { describe, expect, it } from 'vitest';
import { agentsAuthConfiguration, unusableCredentials } from '../../src/channels/agents/agents-auth.ts';
import { withoutNulls } from '../../src/channels/agents/without-nulls.ts';

const APP_ID = '00000000-0000-4000-8000-000000000001';

describe('the Agents SDK sign-in settings', () => {
  it('signs a single-tenant bot in with its secret at its own tenant, and checks issuers', () => {
    const auth = agentsAuthConfiguration({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's3cret', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: 'contoso-tenant' });
    expect(auth).toMatchObject({ clientId: APP_ID, clientSecret: 's3cret', authType: 'ClientSecret', tenantId: 'contoso-tenant', validateIssuer: true });
    expect([...auth.connections!.values()]).toEqual([expect.objectContaining({ clientId: APP_ID, authType: 'ClientSecret' })]);
    expect(auth.connectionsMap).toEqual([{ serviceUrl: '*', connection: 'serviceConnection' }]);
  });

  it('signs a multi-tenant bot in at the botframework.com tenant, as botbuilder does, whatever tenant is set', () => {
    const auth = agentsAuthConfiguration({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's3cret', MicrosoftAppTenantId: 'contoso-tenant' });
    expect(auth.tenantId).toBeUndefined();
  });

  it('uses the managed identity of a UserAssignedMSI bot, never a password', () => {
    const auth = agentsAuthConfiguration({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'left-over', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' });
    expect(auth).toMatchObject({ clientId: APP_ID, authType: 'UserManagedIdentity', tenantId: 't' });
    expect(auth.clientSecret).toBeUndefined();
  });

  it('takes the authority from AGENTS_AUTHORITY_ENDPOINT (sovereign clouds)', () => {
    expect(agentsAuthConfiguration({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's', AGENTS_AUTHORITY_ENDPOINT: 'https://login.microsoftonline.us' }).authorityEndpoint).toBe(
      'https://login.microsoftonline.us',
    );
  });

  it('has no client id without MicrosoftAppId (anonymous or closed)', () => {
    expect(agentsAuthConfiguration({}).clientId).toBeUndefined();
  });

  it('names the settings it cannot sign in with: an app id with a certificate only', () => {
    expect(unusableCredentials({ MicrosoftAppId: APP_ID, CertificateThumbprint: 'AB12' })).toMatch(/MicrosoftAppPassword.*certificate credentials work on \/api\/messages only/);
    expect(unusableCredentials({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 's' })).toBeUndefined();
    expect(unusableCredentials({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' })).toBeUndefined();
    expect(unusableCredentials({})).toBeUndefined();
  });
});

describe('JSON nulls as absent fields', () => {
  it('drops null members at any depth and keeps everything else', () => {
    expect(withoutNulls({ a: null, b: { c: null, d: 0, e: '' }, f: [null, { g: null, h: false }], i: 'x' })).toEqual({ b: { d: 0, e: '' }, f: [null, { h: false }], i: 'x' });
  });
});
