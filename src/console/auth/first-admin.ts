// Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start when no admin exists yet.
// Idempotent, and safe when several instances start together (see StaffStore.createFirstAdmin).

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { StaffStore } from '../ports.ts';
import { hashPassword } from './password-hash.ts';

export async function ensureFirstAdmin(staff: StaffStore, admin: { email?: string | undefined; password?: string | undefined }, logger: Logger): Promise<void> {
  if (!admin.email || !admin.password) return;
  const created = await staff.createFirstAdmin({
    id: randomUUID(),
    email: admin.email,
    name: admin.email.split('@')[0] ?? 'admin',
    role: 'admin',
    passwordHash: await hashPassword(admin.password),
  });
  if (created) logger.info({ email: admin.email }, 'created the first staff admin from ADMIN_EMAIL');
}
