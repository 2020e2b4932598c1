import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { GENESIS_HASH, type StoredAuditRow } from './audit.chain.js';

// Any constant works; it only has to be the same in every app process sharing the database.
const AUDIT_APPEND_LOCK = 7_331_001;

export function auditRepo(db: Database) {
  /** The PostgreSQL transactions that already hold the append lock (it is held until they end). */
  const locked = new WeakSet<object>();
  return {
    /**
     * Appends one record after the current head. On PostgreSQL a transaction-scoped advisory lock
     * serialises appends across all processes: it is held until the writing transaction commits or
     * rolls back, so the next writer reads this record as its head. PGlite is one connection whose
     * transactions the driver already runs one at a time, so no lock is needed there.
     * The lock is taken once per transaction: a second record in the same transaction (a case and its
     * photos) already holds it. The hash is computed in SQL from the head it actually read:
     * sha256(prev_hash || '\n' || body).
     */
    async append(r: Omit<StoredAuditRow, 'id' | 'prevHash' | 'hash'>, body: string): Promise<{ id: number; hash: string }> {
      if (!db.inTransaction) throw new Error('an audit record is appended inside a transaction');
      const trx = db.q;
      if (db.driver === 'postgres' && !locked.has(trx)) {
        await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`.execute(trx);
        locked.add(trx);
      }
      const res = await sql<{ id: number; hash: string }>`
        insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash)
        select ${r.at}::timestamptz, ${r.actorId}::uuid, ${r.actorName}, ${r.action}, ${r.entity}, ${r.entityId},
               ${r.before === null || r.before === undefined ? null : JSON.stringify(r.before)}::jsonb,
               ${r.after === null || r.after === undefined ? null : JSON.stringify(r.after)}::jsonb,
               h.prev, encode(sha256(convert_to(h.prev || E'\n' || ${body}::text, 'UTF8')), 'hex')
        from (select coalesce((select hash from audit_log order by id desc limit 1), ${GENESIS_HASH}::text) as prev) h
        returning id, hash`.execute(db.q);
      return res.rows[0];
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
