// Where a webhook may go. A receiver URL is checked when it is registered and again before every
// delivery, after DNS: a name that resolves to a loopback, private, link-local or otherwise
// non-public address is refused (unless WEBHOOKS_ALLOW_PRIVATE), and the request then connects
// to the very address that was checked, so a DNS answer that changes in between (rebinding)
// cannot redirect it.

import { lookup as dnsLookup } from 'node:dns/promises';
import { classifyAddress } from './address-class.ts';

export interface TargetRules {
  /** WEBHOOKS_ALLOW_PRIVATE: any address, and plain http, are allowed (local receivers, tests). */
  allowPrivate: boolean;
}

/** Every address a name resolves to (the system resolver, as node's HTTP client would ask it). */
export type ResolveAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemResolveAll: ResolveAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** A URL that may never receive webhooks (its scheme, its host's address); not worth retrying. */
export class WebhookTargetRefused extends Error {
  override readonly name = 'WebhookTargetRefused';
}

export interface ResolvedTarget {
  url: URL;
  /** The checked address the request connects to. */
  address: string;
  family: 4 | 6;
}

const MAX_URL_LENGTH = 2000;

/**
 * Why this URL may not receive webhooks, judged on its text alone (scheme, credentials, a literal
 * address or localhost), or null. Names are looked up by resolveWebhookTarget.
 */
export function urlRefusal(text: string, rules: TargetRules): string | null {
  if (text.length > MAX_URL_LENGTH) return `the URL is longer than ${MAX_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a valid absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && rules.allowPrivate)) {
    return url.protocol === 'http:' ? 'use https (plain http is allowed only with WEBHOOKS_ALLOW_PRIVATE=true)' : `the ${url.protocol.replace(':', '')} scheme is not allowed; use https`;
  }
  if (url.username || url.password) return 'the URL must not carry a user name or password';
  if (rules.allowPrivate) return null;
  const host = url.hostname.replace(/\.$/, '');
  const kind = classifyAddress(host);
  if (kind !== undefined && kind !== 'public') return `${host} is a ${kind} address; webhooks go only to public addresses`;
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is a loopback name; webhooks go only to public addresses`;
  return null;
}

/**
 * The address to deliver to: the URL's literal address, or its name's first address once every
 * address it resolves to is public. Throws WebhookTargetRefused for a refused target; a failed
 * lookup throws the resolver's error (worth retrying).
 */
export async function resolveWebhookTarget(text: string, rules: TargetRules, resolveAll: ResolveAll = systemResolveAll): Promise<ResolvedTarget> {
  const refusal = urlRefusal(text, rules);
  if (refusal) throw new WebhookTargetRefused(refusal);
  const url = new URL(text);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (classifyAddress(host) !== undefined) return { url, address: host, family: host.includes(':') ? 6 : 4 };
  const addresses = await resolveAll(host);
  const first = addresses[0];
  if (!first) throw new Error(`${host} resolves to no address`);
  if (!rules.allowPrivate) {
    const refused = addresses.find((a) => classifyAddress(a.address) !== 'public');
    if (refused) throw new WebhookTargetRefused(`${host} resolves to ${refused.address}, a ${classifyAddress(refused.address) ?? 'non-public'} address; webhooks go only to public addresses`);
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** How long registration waits for a name's addresses before taking the URL on trust (checked again at delivery). */
const REGISTRATION_LOOKUP_MS = 3_000;

/**
 * Why an admin may not register this URL, or null: its text (urlRefusal), or a name that resolves
 * to a non-public address now. A name that does not resolve (yet) is taken: every delivery checks again.
 */
export async function registrationRefusal(text: string, rules: TargetRules, resolveAll: ResolveAll = systemResolveAll): Promise<string | null> {
  const refusal = urlRefusal(text, rules);
  if (refusal || rules.allowPrivate) return refusal;
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), REGISTRATION_LOOKUP_MS);
  });
  try {
    await Promise.race([resolveWebhookTarget(text, rules, resolveAll), giveUp]);
    return null;
  } catch (error) {
    return error instanceof WebhookTargetRefused ? error.message : null;
  } finally {
    clearTimeout(timer);
  }
}
