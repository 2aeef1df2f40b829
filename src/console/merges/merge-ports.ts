// Staff merging two profile cards of one person, undoing it, and finding cards that look alike.

export interface MergeRecord {
  id: string;
  keptId: string;
  mergedId: string;
  /** A staff id, or 'system' for a merge a verified phone made. */
  by: string;
  createdAt: Date;
  undoneAt: Date | null;
}

export interface DuplicateGroup {
  /** What the cards share. */
  match: 'phone' | 'email';
  value: string;
  customers: { id: string; name: string | null; phone: string | null; email: string | null; createdAt: Date }[];
}

export interface MergeStore {
  /** Joins `mergedId` into `keptId` (audited as the staff member's); throws DomainError (not_found, conflict, invalid_request). */
  merge(keptId: string, mergedId: string, staffId: string, now: Date): Promise<MergeRecord>;
  /** Undoes a merge (audited); throws DomainError when there is no such merge or it was undone already. */
  undo(mergeId: string, staffId: string, now: Date): Promise<MergeRecord>;
  /** Merges a card took part in, newest first. */
  mergesOf(customerId: string): Promise<MergeRecord[]>;
  /** Live cards sharing a phone or an email address, a page of groups. */
  duplicates(page: number, pageSize: number): Promise<{ groups: DuplicateGroup[]; total: number }>;
}
