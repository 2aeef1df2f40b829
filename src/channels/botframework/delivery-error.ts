// Why a message the bot started itself did not reach the customer.

export type DeliveryErrorCode = 'no_reference' | 'unreachable' | 'failed';

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
