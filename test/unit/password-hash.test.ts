import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_SCRYPT_N, needsRehash, unmatchableHash, verifyPassword } from '../../src/console/auth/password-hash.ts';

/** A hash as version 1 of the format stored it (N = 2^14), made without the module under test. */
function versionOneHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 64, { N: 16_384, r: 8, p: 1 });
  return `scrypt$1$N=16384,r=8,p=1$${salt.toString('base64')}$${key.toString('base64')}`;
}

describe('staff password hashing', () => {
  it('stores a version-2 scrypt hash (N = 2^17) with its own salt, so equal passwords hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).toMatch(/^scrypt\$2\$N=131072,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(a).not.toBe(b);
    expect(needsRehash(a)).toBe(false);
  });

  it('accepts the password and refuses anything else, a tampered hash included', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace('scrypt$2$', 'scrypt$9$'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace('N=131072', 'N=1048576'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'plaintext')).toBe(false);
    expect(await verifyPassword('', unmatchableHash())).toBe(false);
  });

  it('still verifies a version-1 hash and says it should be replaced', async () => {
    const old = versionOneHash('an older staff password');
    expect(await verifyPassword('an older staff password', old)).toBe(true);
    expect(await verifyPassword('another password entirely', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('makes the unknown-email hash as costly as a real one', () => {
    expect(unmatchableHash()).toMatch(/^scrypt\$2\$N=131072,r=8,p=1\$/);
    expect(unmatchableHash(MIN_SCRYPT_N)).toMatch(/^scrypt\$2\$N=16384,r=8,p=1\$/);
  });

  it('hashes at a lower cost when asked, and each hash verifies at the cost it names', async () => {
    const cheap = await hashPassword('a password for a test machine', MIN_SCRYPT_N);
    expect(cheap).toMatch(/^scrypt\$2\$N=16384,r=8,p=1\$/);
    expect(await verifyPassword('a password for a test machine', cheap)).toBe(true);
    expect(await verifyPassword('a password for a test machine!', cheap)).toBe(false);
    // Replaced once the cost is raised; a costlier hash is never lowered.
    expect(needsRehash(cheap, MIN_SCRYPT_N)).toBe(false);
    expect(needsRehash(cheap)).toBe(true);
    const costly = await hashPassword('a password for production');
    expect(needsRehash(costly, MIN_SCRYPT_N)).toBe(false);
    expect(await verifyPassword('a password for production', costly)).toBe(true);
  });

  it('refuses a cost that is not a power of two from 2^14 to 2^17', async () => {
    for (const n of [8192, 20_000, 262_144]) {
      await expect(hashPassword('any password at all', n)).rejects.toThrow(/power of two from 16384 to 131072/);
      expect(() => needsRehash(unmatchableHash(), n)).toThrow(RangeError);
    }
  });
});
