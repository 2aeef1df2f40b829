import { describe, expect, it } from 'vitest';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from '../../src/console/auth/password-hash.ts';

describe('staff password hashing', () => {
  it('stores a versioned scrypt hash with its own salt, so equal passwords hash differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here'), hashPassword('same password here')]);
    expect(a).toMatch(/^scrypt\$1\$N=16384,r=8,p=1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(a).not.toBe(b);
  });

  it('accepts the password and refuses anything else, a tampered hash included', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', stored.replace('scrypt$1$', 'scrypt$9$'))).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'plaintext')).toBe(false);
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false);
  });
});
