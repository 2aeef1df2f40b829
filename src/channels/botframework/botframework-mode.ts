// Which way POST /api/messages treats callers, from the settings alone. Kept apart from the
// authentication itself so deciding it does not load botbuilder (~50 MB) in a process that has
// no Bot Framework credentials.

import type { Config } from '../../config.ts';

export type BotCredentials = Pick<
  Config,
  'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId' | 'CertificateThumbprint' | 'CertificatePrivateKey' | 'BotOpenIdMetadata'
>;

/**
 * How POST /api/messages treats callers: `authenticated` checks every channel token (MicrosoftAppId
 * set); `anonymous` takes unauthenticated activities but answers only loopback serviceUrls (the Bot
 * Framework Emulator, BOTFRAMEWORK_ALLOW_ANONYMOUS=true); `closed` refuses everything with 401.
 */
export type BotFrameworkMode = 'authenticated' | 'anonymous' | 'closed';

export function botFrameworkMode(config: BotCredentials & Pick<Config, 'BOTFRAMEWORK_ALLOW_ANONYMOUS'>): BotFrameworkMode {
  if (config.MicrosoftAppId) return 'authenticated';
  return config.BOTFRAMEWORK_ALLOW_ANONYMOUS ? 'anonymous' : 'closed';
}
