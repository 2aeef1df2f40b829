// @ts-check
// JSON over fetch for the pages: the session cookie, the CSRF header on every change, and failures
// as ApiError with the server's {error: {code, message}} (or a readable stand-in). A 401 on any
// call but the sign-in itself means the session ended: the page's session-lost hook hears it.
// The web chat has no cookie: it passes its session token per call (Authorization: Bearer).

import { t } from './i18n.js';

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status; 0 when the request never got an answer
   * @param {string} code the server's error code ('network' when unreachable, 'http' when the body said nothing)
   * @param {string} message readable, shown to staff as it is
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * The error a failed answer stands for: the server's code and message when its body has them.
 * @param {number} status
 * @param {unknown} body the parsed JSON body, or anything else
 * @returns {ApiError}
 */
export function errorFromResponse(status, body) {
  const error = typeof body === 'object' && body !== null && 'error' in body ? /** @type {{ error?: { code?: unknown, message?: unknown } }} */ (body).error : undefined;
  const code = typeof error?.code === 'string' ? error.code : 'http';
  const message = typeof error?.message === 'string' && error.message ? error.message : `HTTP ${status}`;
  return new ApiError(status, code, message);
}

/**
 * The body of an answer as JSON; an empty or non-JSON body reads as {}.
 * @param {string} text
 * @returns {unknown}
 */
export function parseBody(text) {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

const settings = {
  csrfHeader: 'x-csrf-token',
  csrfToken: '',
  /** Paths whose 401 is an answer (a wrong password), not a lost session. */
  signInPaths: /** @type {string[]} */ ([]),
  /** @type {(message: string) => void} */
  sessionLost: () => {},
};

/**
 * @param {{ csrfHeader?: string, signInPaths?: string[], onSessionLost?: (message: string) => void }} options
 */
export function configureApi(options) {
  if (options.csrfHeader) settings.csrfHeader = options.csrfHeader;
  if (options.signInPaths) settings.signInPaths = options.signInPaths;
  if (options.onSessionLost) settings.sessionLost = options.onSessionLost;
}

/**
 * The CSRF token sent with every change ('' for none).
 * @param {string} token
 */
export function setCsrfToken(token) {
  settings.csrfToken = token;
}

/**
 * @typedef {object} CallOptions
 * @property {string} [bearer] a token sent as `Authorization: Bearer` (the web chat's session)
 * @property {number} [timeoutMs] give up after this long; the call then fails as unreachable (status 0)
 */

/**
 * Calls the API; resolves with the parsed body, rejects with ApiError.
 * @param {'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'} method
 * @param {string} path
 * @param {unknown} [body]
 * @param {CallOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(method, path, body, options = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && settings.csrfToken) headers[settings.csrfHeader] = settings.csrfToken;
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', t('errorNetwork'));
  }
  const parsed = parseBody(await response.text());
  if (!response.ok) {
    const error = errorFromResponse(response.status, parsed);
    if (response.status === 401 && !settings.signInPaths.includes(path)) settings.sessionLost(t('errorSession'));
    throw error;
  }
  return parsed;
}
