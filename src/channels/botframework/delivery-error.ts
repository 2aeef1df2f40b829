// Why a message the bot started itself did not reach the customer.

/** `refused`: without credentials the bot sends only to loopback serviceUrls, and this one is not. */
export type DeliveryErrorCode = 'no_reference' | 'unreachable' | 'refused' | 'failed';

/** A proactive message could not be delivered; `unreachable` means the identity is now marked so. */
export class BotFrameworkDeliveryError extends Error {
  override readonly name = 'BotFrameworkDeliveryError';
  constructor(
    readonly code: DeliveryErrorCode,
    readonly identityId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
