// How the bot proves who it is and checks who calls it. Built from the MicrosoftApp* settings;
// with none set, the endpoint is closed unless BOTFRAMEWORK_ALLOW_ANONYMOUS opens it for local use.

import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Logger } from 'pino';
import type { BotCredentials } from './botframework-mode.ts';

/**
 * `BotOpenIdMetadata`: where the keys that sign channel tokens are published (default
 * https://login.botframework.com/v1/.well-known/openidconfiguration). Tests point it at a local
 * key server; sovereign clouds and air-gapped proxies set it too.
 */
function endpointSettings(config: BotCredentials): ConfigurationBotFrameworkAuthenticationOptions {
  if (!config.BotOpenIdMetadata) return {};
  // Once one endpoint is given, botbuilder takes none of its public-cloud defaults: name them all.
  return {
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ToBotFromChannelOpenIdMetadataUrl: config.BotOpenIdMetadata,
  };
}

/** The authentication CloudAdapter uses, from the MicrosoftApp* settings (unset ones are left out). */
export function createBotAuthentication(config: BotCredentials, logger: Logger): BotFrameworkAuthentication {
  const settings = Object.fromEntries(
    (['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'CertificateThumbprint', 'CertificatePrivateKey'] as const).flatMap((key) =>
      config[key] ? [[key, config[key]]] : [],
    ),
  ) as ConfigurationBotFrameworkAuthenticationOptions;
  return new TokenErrorsAsUnauthorized(new ConfigurationBotFrameworkAuthentication({ ...settings, ...endpointSettings(config) }), logger);
}

/** jsonwebtoken's errors for a bad signature, a malformed token, an expired or not-yet-valid one. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder lets a token with a bad signature or a malformed token escape as a plain error, which
 * CloudAdapter answers with 500 (and the channel retries). Those are the caller's fault: this
 * wrapper turns them into AuthenticationError, which CloudAdapter answers with 401. The reverse for
 * unreachable signing keys, which botbuilder reports as an AuthenticationError: that is ours, so 500.
 */
class TokenErrorsAsUnauthorized extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw this.asUnauthorized(error, { channelId: activity.channelId, activityId: activity.id });
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw this.asUnauthorized(error, { channelId: channelIdHeader });
    }
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  private asUnauthorized(error: unknown, where: Record<string, string | undefined>): unknown {
    if (error instanceof AuthenticationError && error.statusCode >= 500) {
      // The signing keys could not be fetched: our problem, not the caller's. A 500 lets the channel retry.
      this.logger.error({ ...where, err: error }, 'could not load the Bot Framework signing keys');
      return new Error(error.message, { cause: error });
    }
    if (error instanceof AuthenticationError) {
      this.logger.warn({ ...where, reason: error.message }, 'refused a Bot Framework request: not authenticated');
      return error;
    }
    if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
      this.logger.warn({ ...where, reason: error.message }, 'refused a Bot Framework request: bad token');
      return new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
    }
    this.logger.error({ ...where, err: error }, 'could not authenticate a Bot Framework request');
    return error;
  }
}
