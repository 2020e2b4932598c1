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
    /** The chain's head (the highest id) and how many records it has; null when it is empty. */
    async head(): Promise<{ id: number; hash: string; count: number } | null> {
      const last = await db.q.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!last) return null;
      const n = await db.q
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return { id: last.id, hash: last.hash, count: Number(n.n) };
    },
    /**
     * What the chain holds now for anchored record ids: the highest id, each id's hash where the record
     * still exists, and for an id that is gone the highest id below it that exists.
     */
    async anchorFacts(ids: readonly number[]) {
      const unique = [...new Set(ids)];
      const [end, rows] = await Promise.all([
        sql<{ end: number | null }>`select max(id) as "end" from audit_log`.execute(db.q),
        unique.length
          ? sql<{ id: number; hash: string | null; before: number | null }>`
              select a.id, l.hash, case when l.id is null then (select max(b.id) from audit_log b where b.id < a.id) end as before
              from unnest(${unique}::bigint[]) as a(id) left join audit_log l on l.id = a.id`.execute(db.q)
          : Promise.resolve({ rows: [] }),
      ]);
      const hashes = new Map<number, string>();
      const before = new Map<number, number | null>();
      for (const r of rows.rows) {
        if (r.hash !== null) hashes.set(Number(r.id), r.hash);
        else before.set(Number(r.id), r.before === null ? null : Number(r.before));
      }
      const e = end.rows[0]?.end;
      return { end: e === null || e === undefined ? null : Number(e), hashes, before };
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
