// Staff passwords hashed with scrypt (node:crypto) and a random salt per password, stored in a
// versioned, self-describing format so the cost can be raised later without breaking old hashes:
//   scrypt$1$N=16384,r=8,p=1$<salt base64>$<hash base64>

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const VERSION = '1';
const COST = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return ['scrypt', VERSION, `N=${COST.N},r=${COST.r},p=${COST.p}`, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a hash it cannot read. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, version, params, salt64, hash64] = stored.split('$');
  if (scheme !== 'scrypt' || version !== VERSION || !params || !salt64 || !hash64) return false;
  const cost = Object.fromEntries(params.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)]));
  const expected = Buffer.from(hash64, 'base64');
  if (!cost.N || !cost.r || !cost.p || expected.length === 0) return false;
  const actual = await derive(password, Buffer.from(salt64, 'base64'), { N: cost.N, r: cost.r, p: cost.p }, expected.length);
  return timingSafeEqual(actual, expected);
}

/** A hash no password matches, checked when the email is unknown so both answers take as long. */
export const UNMATCHABLE_HASH = `scrypt$${VERSION}$N=${COST.N},r=${COST.r},p=${COST.p}$${Buffer.alloc(SALT_BYTES).toString('base64')}$${Buffer.alloc(KEY_LENGTH).toString('base64')}`;
