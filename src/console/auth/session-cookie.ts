// The staff session cookie, written and read by hand (one cookie, no dependency): httpOnly so
// scripts cannot read it, SameSite=Strict so other sites cannot send it, Secure over TLS.

export const SESSION_COOKIE = 'care_staff';

export function sessionCookie(sessionId: string, options: { maxAgeMs: number; secure: boolean }): string {
  const parts = [`${SESSION_COOKIE}=${sessionId}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.floor(options.maxAgeMs / 1000)}`];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { maxAgeMs: 0, secure });
}

/** The session id from a Cookie header, if it has a well-formed one. */
export function sessionIdFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const pair of cookieHeader.split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name !== SESSION_COOKIE) continue;
    const value = rest.join('=');
    return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
  }
  return undefined;
}
