// Staff sessions in Redis: a random 32-byte id (the cookie) → who signed in and the CSRF token
// of the session. Sessions expire on their own; a staff member's sessions can be ended at once
// (sign-out everywhere after a password change or when the account is disabled), and every ended
// session is announced so the live streams it holds close.

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { StaffSessionEndings } from './staff-session-endings.ts';

export interface StaffSession {
  id: string;
  staffId: string;
  csrfToken: string;
}

export class StaffSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly endings?: StaffSessionEndings,
  ) {}

  async create(staffId: string): Promise<StaffSession> {
    const session: StaffSession = { id: randomBytes(32).toString('base64url'), staffId, csrfToken: randomBytes(32).toString('base64url') };
    await this.redis
      .multi()
      .set(this.key(session.id), JSON.stringify({ staffId, csrfToken: session.csrfToken }), 'PX', this.ttlMs)
      .sadd(this.indexKey(staffId), session.id)
      .pexpire(this.indexKey(staffId), this.ttlMs)
      .exec();
    return session;
  }

  async get(id: string): Promise<StaffSession | null> {
    const raw = await this.redis.get(this.key(id));
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { staffId: string; csrfToken: string };
    return { id, staffId: parsed.staffId, csrfToken: parsed.csrfToken };
  }

  async destroy(session: StaffSession): Promise<void> {
    await this.redis.multi().del(this.key(session.id)).srem(this.indexKey(session.staffId), session.id).exec();
    await this.endings?.announce([session.id]);
  }

  /** Ends every session of this staff member. */
  async destroyAll(staffId: string): Promise<void> {
    const ids = await this.redis.smembers(this.indexKey(staffId));
    await this.redis.del(this.indexKey(staffId), ...ids.map((id) => this.key(id)));
    await this.endings?.announce(ids);
  }

  /** Calls `ended` once this session is destroyed, on whichever instance. Returns the function that stops watching. */
  onEnded(sessionId: string, ended: () => void): () => void {
    return this.endings?.watch(sessionId, ended) ?? (() => {});
  }

  get ttl(): number {
    return this.ttlMs;
  }

  private key(id: string): string {
    return `${this.prefix}staff:session:${id}`;
  }

  private indexKey(staffId: string): string {
    return `${this.prefix}staff:sessions-of:${staffId}`;
  }
}
