// The audit log as admins read it: filtered, newest first, paged by a cursor. Implemented in
// src/store/audit-store.ts.

export interface AuditFilter {
  action?: string;
  entity?: string;
  entityId?: string;
  actorId?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
}

/** Where the previous page ended: entries older than this one come next. */
export interface AuditCursor {
  createdAt: Date;
  id: string;
}

export interface AuditEntry {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string | null;
  /** The staff member's name, when the actor is one. */
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string;
  /** As stored: a JSON text. */
  details: string;
}

export interface AuditStore {
  /** At most `limit` entries matching the filter, newest first, after the cursor. */
  list(filter: AuditFilter, page: { limit: number; after?: AuditCursor }): Promise<AuditEntry[]>;
  /** The actions that occur in the log, for the filter's suggestions. */
  actions(): Promise<string[]>;
  /** Records that someone read the log out (the CSV export). */
  record(entry: { actorId: string; action: string; details: Record<string, unknown>; now: Date }): Promise<void>;
}
