// Staff accounts of the console, on Prisma (off the per-message hot path). Role, name, password
// and disabled changes are audited in the same transaction as the change.

import { randomUUID } from 'node:crypto';
import { parseStaffRole, type NewStaff, type StaffChanges, type StaffRecord, type StaffStore } from '../console/ports.ts';
import { DomainError, isDomainError } from '../domain/domain-error.ts';
import type { Db } from './db-types.ts';

interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  online: boolean;
  capacity: number;
  telegramUserId: string | null;
  createdAt: Date;
}

export class PrismaStaffStore implements StaffStore {
  constructor(private readonly db: Db) {}

  async findByEmail(email: string): Promise<(StaffRecord & { passwordHash: string }) | null> {
    const row = await this.db.staff.findUnique({ where: { email: email.toLowerCase() } });
    return row ? { ...toStaff(row), passwordHash: row.passwordHash } : null;
  }

  async findById(id: string): Promise<StaffRecord | null> {
    const row = await this.db.staff.findUnique({ where: { id } });
    return row ? toStaff(row) : null;
  }

  async findByTelegramUserId(telegramUserId: string): Promise<StaffRecord | null> {
    const row = await this.db.staff.findUnique({ where: { telegramUserId } });
    return row ? toStaff(row) : null;
  }

  async list(): Promise<StaffRecord[]> {
    const rows = await this.db.staff.findMany({ orderBy: { email: 'asc' } });
    return rows.map(toStaff);
  }

  async create(staff: NewStaff, actorId: string | null): Promise<StaffRecord> {
    try {
      const row = await this.db.$transaction(async (tx) => {
        const created = await tx.staff.create({ data: { ...staff, email: staff.email.toLowerCase() } });
        await tx.auditLog.create({
          data: {
            id: randomUUID(),
            actorType: actorId ? 'staff' : 'system',
            actorId,
            action: 'staff.created',
            entity: 'Staff',
            entityId: created.id,
            details: JSON.stringify({ email: created.email, name: created.name, role: created.role }),
          },
        });
        return created;
      });
      return toStaff(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('conflict', `a staff account with email ${staff.email} already exists`, { cause: error });
      throw error;
    }
  }

  async update(id: string, changes: StaffChanges, actorId: string): Promise<StaffRecord | null> {
    try {
      return await this.applyUpdate(id, changes, actorId);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('conflict', `another staff account is already linked to Telegram user ${changes.telegramUserId ?? ''}`, { cause: error });
      throw error;
    }
  }

  private async applyUpdate(id: string, changes: StaffChanges, actorId: string): Promise<StaffRecord | null> {
    return this.db.$transaction(async (tx) => {
      const before = await tx.staff.findUnique({ where: { id } });
      if (!before) return null;
      const after = await tx.staff.update({ where: { id }, data: changes });
      const diff: Record<string, { from: unknown; to: unknown } | 'changed'> = {};
      for (const field of ['name', 'role', 'disabled', 'online', 'capacity', 'telegramUserId'] as const) {
        if (changes[field] !== undefined && before[field] !== after[field]) diff[field] = { from: before[field], to: after[field] };
      }
      if (changes.passwordHash !== undefined) diff.password = 'changed';
      if (Object.keys(diff).length > 0) {
        await tx.auditLog.create({
          data: {
            id: randomUUID(),
            actorType: 'staff',
            actorId,
            action: diff.role ? 'staff.role_changed' : 'staff.updated',
            entity: 'Staff',
            entityId: id,
            details: JSON.stringify(diff),
          },
        });
      }
      return toStaff(after);
    });
  }

  async upgradePasswordHash(id: string, current: string, stronger: string): Promise<boolean> {
    const { count } = await this.db.staff.updateMany({ where: { id, passwordHash: current }, data: { passwordHash: stronger } });
    return count === 1;
  }

  async createFirstAdmin(staff: NewStaff): Promise<boolean> {
    if ((await this.db.staff.count({ where: { role: 'admin' } })) > 0) return false;
    try {
      // Two instances starting together both see no admin; the unique email lets only one insert.
      await this.create({ ...staff, role: 'admin' }, null);
      return true;
    } catch (error) {
      if (isDomainError(error, 'conflict')) return false;
      throw error;
    }
  }
}

function toStaff(row: StaffRow): StaffRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: parseStaffRole(row.role),
    disabled: row.disabled,
    online: row.online,
    capacity: row.capacity,
    telegramUserId: row.telegramUserId,
    createdAt: row.createdAt,
  };
}

/** Prisma's code for a unique constraint violation, with or without a driver adapter. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}
