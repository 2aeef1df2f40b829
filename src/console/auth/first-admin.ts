// Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start when no admin exists yet.
// Idempotent, and safe when several instances start together (see StaffStore.createFirstAdmin).
// A password the staff password rules refuse stops the start, naming the rule.

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ConfigError } from '../../config.ts';
import type { StaffStore } from '../ports.ts';
import type { StaffPasswords } from './staff-passwords.ts';
import { passwordProblem } from './password-policy.ts';

export async function ensureFirstAdmin(staff: StaffStore, passwords: StaffPasswords, admin: { email?: string | undefined; password?: string | undefined }, logger: Logger): Promise<void> {
  if (!admin.email || !admin.password) return;
  // Only checked when it would be used: once an admin exists, ADMIN_PASSWORD is ignored.
  if ((await staff.list()).some((s) => s.role === 'admin')) return;
  const problem = passwordProblem(admin.password, admin.email);
  if (problem) throw new ConfigError(`invalid configuration — ADMIN_PASSWORD: the password ${problem}; choose another for the first admin`);
  const created = await staff.createFirstAdmin({
    id: randomUUID(),
    email: admin.email,
    name: admin.email.split('@')[0] ?? 'admin',
    role: 'admin',
    passwordHash: await passwords.hash(admin.password),
  });
  if (created) logger.info({ email: admin.email }, 'created the first staff admin from ADMIN_EMAIL');
}
