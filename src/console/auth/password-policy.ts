// What a staff password must be, checked wherever one is set (account creation, an admin's reset,
// a person's own change, ADMIN_PASSWORD at first start):
// - at least 12 characters once spaces at either end are dropped and runs of spaces count as one
//   (so twelve spaces, or "a" and "b" far apart, are refused; passphrases with spaces are fine);
// - not one of the common passwords in config/common-passwords.txt (case and spaces ignored);
// - not built on the email address: with the address and its local part taken out, what is left
//   must still have 12 characters (for alice@… "alice" does not count, so "alice2024" + 3 fails).

import { readFileSync } from 'node:fs';
import { DomainError } from '../../domain/domain-error.ts';

export const MIN_PASSWORD_CHARS = 12;
const COMMON_PASSWORDS_FILE = new URL('../../../config/common-passwords.txt', import.meta.url);

let common: ReadonlySet<string> | undefined;

/** The shipped list, read once; lines starting with "# " are comments. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('# '))
      .map((line) => line.trim()),
  );
  return common;
}

/** Why `password` may not be used by the staff member with this email; undefined when it may. */
export function passwordProblem(password: string, email?: string): string | undefined {
  const plain = normalise(password);
  if (charCount(plain) < MIN_PASSWORD_CHARS) return `must have at least ${MIN_PASSWORD_CHARS} characters, not counting spaces at either end or repeated spaces`;
  if (isCommon(plain)) return 'is one of the most common passwords; choose a longer or less predictable one (a few unrelated words work well)';
  if (email) {
    const address = email.trim().toLowerCase();
    const local = address.split('@')[0] ?? '';
    // One or two letters say nothing about a password that happens to contain them.
    const rest = normalise(without(without(plain, address), local.length >= 3 ? local : ''));
    if (rest !== plain && charCount(rest) < MIN_PASSWORD_CHARS) {
      return `must not be built on the email address: without "${local}" it still needs ${MIN_PASSWORD_CHARS} characters`;
    }
  }
  return undefined;
}

/** Throws a 400 naming the rule a new staff password breaks. */
export function refuseWeakPassword(password: string, email: string, field = 'body.password'): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new DomainError('invalid_request', `${field}: the password ${problem}`);
}

function normalise(password: string): string {
  return password.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

function charCount(text: string): number {
  return [...text].length;
}

function isCommon(plain: string): boolean {
  const list = commonPasswords();
  return list.has(plain) || list.has(plain.replace(/ /g, ''));
}

function without(text: string, part: string): string {
  return part ? text.split(part).join(' ') : text;
}
