// Staff passwords hashed with scrypt (node:crypto) and a random salt per password, stored in a
// versioned, self-describing format so the cost can be raised without breaking old hashes:
//   scrypt$2$N=131072,r=8,p=1$<salt base64>$<hash base64>
// Version 1 (N=16384) hashes still verify; `needsRehash` tells sign-in to store a current one.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const VERSION = '2';
/** Versions this module can still verify; anything else never matches. */
const READABLE_VERSIONS = new Set(['1', '2']);
const COST = { N: 131_072, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
// scrypt needs 128·N·r bytes (128 MiB at the current cost); node refuses above maxmem (32 MiB by default).
const MAX_MEMORY = 2 * 128 * COST.N * COST.r;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return format(salt, key);
}

/** True when `password` matches `stored`; false for a wrong password or a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(actual, parsed.key);
}

/** True when `stored` was made with an older version or a lower cost than new hashes get. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.version !== VERSION || parsed.cost.N < COST.N || parsed.cost.r < COST.r || parsed.cost.p < COST.p;
}

/** A hash no password matches, checked when the email is unknown so both answers take as long. */
export const UNMATCHABLE_HASH = format(Buffer.alloc(SALT_BYTES), Buffer.alloc(KEY_LENGTH));

function format(salt: Buffer, key: Buffer): string {
  return ['scrypt', VERSION, `N=${COST.N},r=${COST.r},p=${COST.p}`, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  version: string;
  cost: { N: number; r: number; p: number };
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | null {
  const [scheme, version, params, salt64, hash64] = stored.split('$');
  if (scheme !== 'scrypt' || !version || !READABLE_VERSIONS.has(version) || !params || !salt64 || !hash64) return null;
  const cost = Object.fromEntries(
    params
      .split(',')
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k, Number(v)]),
  );
  const key = Buffer.from(hash64, 'base64');
  // A cost needing more memory than maxmem would make scrypt throw: not a hash we made.
  if (!cost.N || !cost.r || !cost.p || 128 * cost.N * cost.r >= MAX_MEMORY || key.length === 0) return null;
  return { version, cost: { N: cost.N, r: cost.r, p: cost.p }, salt: Buffer.from(salt64, 'base64'), key };
}
