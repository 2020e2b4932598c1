import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { GENESIS_HASH, type StoredAuditRow } from './audit.chain.js';

// Any constant works; it only has to be the same in every app process sharing the database.
const AUDIT_APPEND_LOCK = 7_331_001;

/** One record to append, with the canonical text its hash covers (audit.chain.ts). */
export type AuditRecord = Omit<StoredAuditRow, 'id' | 'prevHash' | 'hash'> & { body: string };

export function auditRepo(db: Database) {
  return {
    /**
     * Appends the records of the current transaction after the current head, in one statement, right
     * before it commits (`db.atCommit`): `audit_append` (migration 20261128-01) takes the transaction-scoped
     * advisory lock that serialises appends across all processes, then reads the head and chains the
     * records in order: sha256(prev_hash || '\n' || body). The lock is held until commit, so the next
     * writer reads these records as its head. On PGlite (one connection, transactions one at a time) the
     * lock is never contended.
     */
    append(r: AuditRecord): void {
      if (!db.inTransaction) throw new Error('an audit record is appended inside a transaction');
      db.atCommit(
        'audit',
        () => [] as AuditRecord[],
        (records) => (records.length ? sql`select audit_append(${AUDIT_APPEND_LOCK}::bigint, ${GENESIS_HASH}::text, ${JSON.stringify(records)}::jsonb)` : null),
      ).push(r);
    },
    async page(afterId: number, limit: number): Promise<StoredAuditRow[]> {
      const rows = await db.q.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
        prevHash: r.prev_hash,
        hash: r.hash,
      }));
    },
    async list(f: { entity?: string; entityId?: string; limit: number; offset: number }) {
      let q = db.q.selectFrom('audit_log');
      if (f.entity) q = q.where('entity', '=', f.entity);
      if (f.entityId) q = q.where('entity_id', '=', f.entityId);
      const [items, total] = await Promise.all([
        q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(total.n) };
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;
