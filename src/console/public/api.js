/* global fetch */
// The staff API over fetch: session cookie, CSRF token on changes, errors as ApiError with the
// server's code and message. A 401 (session gone) goes to the handler the page registers.

import { state } from './console-state.js';
import { t } from './wording.js';

let sessionLost = () => {};

/** What to do when the session has ended (the page shows the sign-in form). */
export function onSessionLost(handler) {
  sessionLost = handler;
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['x-csrf-token'] = state.csrf;
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, 'network', t('errorNetwork'));
  }
  const text = await response.text();
  let parsed = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = {};
  }
  if (!response.ok) {
    const error = new ApiError(response.status, parsed.error?.code ?? 'http', parsed.error?.message ?? `HTTP ${response.status}`);
    if (response.status === 401 && path !== '/api/staff/login') sessionLost(t('errorSession'));
    throw error;
  }
  return parsed;
}
