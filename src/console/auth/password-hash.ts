// Staff passwords hashed with scrypt (node:crypto) and a random salt per password, stored in a
// versioned, self-describing format so the cost can change without breaking old hashes:
//   scrypt$2$N=131072,r=8,p=1$<salt base64>$<hash base64>
// Version 1 (N=16384) hashes still verify; `needsRehash` tells sign-in to store a current one.
// New hashes get N = STAFF_PASSWORD_SCRYPT_N (2^17 unless set); a stored hash names its own N, so
// it verifies whatever the setting is now.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const VERSION = '2';
/** Versions this module can still verify; anything else never matches. */
const READABLE_VERSIONS = new Set(['1', '2']);
/** scrypt's N for new hashes unless STAFF_PASSWORD_SCRYPT_N says otherwise: 128 MiB and ~0.5 s per hash or check. */
export const DEFAULT_SCRYPT_N = 131_072;
/** The least N accepted: 16 MiB, scrypt's own advice for interactive sign-ins (and version 1's cost). */
export const MIN_SCRYPT_N = 16_384;
/** The most: what one sign-in may take is bounded by it (and maxmem below is sized for it). */
export const MAX_SCRYPT_N = DEFAULT_SCRYPT_N;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
// scrypt needs 128·N·r bytes (128 MiB at the most); node refuses above maxmem (32 MiB by default).
const MAX_MEMORY = 2 * 128 * MAX_SCRYPT_N * R;

interface Cost {
  N: number;
  r: number;
  p: number;
}

/** True for an N new hashes may use: a power of two from MIN_SCRYPT_N to MAX_SCRYPT_N. */
export function isScryptN(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_SCRYPT_N && n <= MAX_SCRYPT_N && (n & (n - 1)) === 0;
}

function costOf(scryptN: number): Cost {
  if (!isScryptN(scryptN)) throw new RangeError(`scrypt N must be a power of two from ${MIN_SCRYPT_N} to ${MAX_SCRYPT_N}, not ${scryptN}`);
  return { N: scryptN, r: R, p: P };
}

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new hash of `password` at cost `scryptN` (STAFF_PASSWORD_SCRYPT_N; the default when not given). */
export async function hashPassword(password: string, scryptN: number = DEFAULT_SCRYPT_N): Promise<string> {
  const cost = costOf(scryptN);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost, KEY_LENGTH);
  return format(cost, salt, key);
}

/** True when `password` matches `stored` (at the cost `stored` names); false for a wrong password or a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const actual = await derive(password, parsed.salt, parsed.cost, parsed.key.length);
  return timingSafeEqual(actual, parsed.key);
}

/** True when `stored` was made with an older version or a lower cost than new hashes get at `scryptN`. */
export function needsRehash(stored: string, scryptN: number = DEFAULT_SCRYPT_N): boolean {
  const parsed = parse(stored);
  const current = costOf(scryptN);
  return !parsed || parsed.version !== VERSION || parsed.cost.N < current.N || parsed.cost.r < current.r || parsed.cost.p < current.p;
}

/** A hash no password matches, as costly as a new one at `scryptN`: checked when the email is unknown so both answers take as long. */
export function unmatchableHash(scryptN: number = DEFAULT_SCRYPT_N): string {
  return format(costOf(scryptN), Buffer.alloc(SALT_BYTES), Buffer.alloc(KEY_LENGTH));
}

function format(cost: Cost, salt: Buffer, key: Buffer): string {
  return ['scrypt', VERSION, `N=${cost.N},r=${cost.r},p=${cost.p}`, salt.toString('base64'), key.toString('base64')].join('$');
}

interface ParsedHash {
  version: string;
  cost: Cost;
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
