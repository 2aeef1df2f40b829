// The one error type for outcomes a caller can act on: a closed set of codes (the `code` of the
// public `{ error: { code, message } }` answer), a message a person can read and the cause.
// Turned into an HTTP answer in exactly one place (src/http/error-handler.ts).

export const DOMAIN_ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'text_too_long',
  'empty_text',
  'unauthorized',
  'forbidden',
  'conflict',
  'not_found',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for a DomainError with this code (an expected refusal, not a fault). */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}
