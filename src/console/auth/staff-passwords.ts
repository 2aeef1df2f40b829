// Staff password hashing at the cost the service is set to (STAFF_PASSWORD_SCRYPT_N): sign-in,
// password changes, new staff and the first admin all hash through one of these.

import { hashPassword, needsRehash, unmatchableHash, verifyPassword } from './password-hash.ts';

export interface StaffPasswords {
  hash(password: string): Promise<string>;
  /** Whether `password` matches `stored`; without `stored` (an unknown email) it checks one no password matches, at the same cost. */
  verify(password: string, stored: string | undefined): Promise<boolean>;
  /** Whether `stored` is of an older version or a lower cost than new hashes get. */
  needsRehash(stored: string): boolean;
}

export function staffPasswords(scryptN: number): StaffPasswords {
  const unmatchable = unmatchableHash(scryptN);
  return {
    hash: (password) => hashPassword(password, scryptN),
    verify: (password, stored) => verifyPassword(password, stored ?? unmatchable),
    needsRehash: (stored) => needsRehash(stored, scryptN),
  };
}
