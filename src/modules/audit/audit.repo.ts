import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { GENESIS_HASH, type StoredAuditRow } from './audit.chain.js';
import type { AuditNames, AuditRowView } from './audit.describe.js';
import { inSubtree } from '../cases/case-filter.repo.js';

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
    /**
     * Records matching a filter, newest first, each with what a reader needs joined to it: the actor's name
     * and role, the case it belongs to (resolved at read time: the chain's rows are never changed) and the
     * object's own name. `total` counts all matches.
     */
    async search(f: AuditSearch): Promise<{ items: (AuditRowView & { prevHash: string; hash: string })[]; total: number }> {
      const where = searchWhere(f);
      const [items, total] = await Promise.all([
        sql<SearchRow>`
          ${resolved(f)}
          select r.id, r.at, r.prev_hash, r.hash, r.actor_id, r.actor_name, u.display_name as actor_display_name, u.role as actor_role,
                 r.action, r.entity, r.entity_id, r.before, r.after, r.case_id, c.case_no,
                 case r.entity
                   when 'case_task' then (select t.title from case_tasks t where t.id = r.entity_id::uuid)
                   when 'case_document' then (select d.doc_no from case_documents d where d.id = r.entity_id::uuid)
                   when 'supervision_notice' then (select n.notice_no from supervision_notices n where n.id = r.entity_id::uuid)
                   when 'user' then (select o.display_name || '(' || o.username || ')' from users o where o.id = r.entity_id::uuid)
                   when 'case_import' then (select i.filename from case_imports i where i.id = r.entity_id::uuid)
                 end as object_name
          from r left join cases c on c.id = r.case_id left join users u on u.id = r.actor_id
          where ${where}
          order by r.id desc limit ${f.limit} offset ${f.offset}`.execute(db.q),
        sql<{ n: string | number }>`
          ${resolved(f)}
          select count(*) as n from r left join cases c on c.id = r.case_id left join users u on u.id = r.actor_id
          where ${where}`.execute(db.q),
      ]);
      return {
        items: items.rows.map((r) => ({
          id: Number(r.id),
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          actorDisplayName: r.actor_display_name,
          actorRole: r.actor_role,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: r.before,
          after: r.after,
          caseId: r.case_id,
          caseNo: r.case_no,
          objectName: r.object_name,
          prevHash: r.prev_hash,
          hash: r.hash,
        })),
        total: Number(total.rows[0]?.n ?? 0),
      };
    },
    /** Case numbers, people's names, divisions' names and papers' numbers of the ids a page of records mentions. */
    async names(ids: { cases: string[]; users: string[]; divisions: string[]; documents: string[] }): Promise<AuditNames> {
      const [cases, users, divisions, documents] = await Promise.all([
        ids.cases.length ? db.q.selectFrom('cases').select(['id', 'case_no']).where('id', 'in', ids.cases).execute() : [],
        ids.users.length ? db.q.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', ids.users).execute() : [],
        ids.divisions.length ? db.q.selectFrom('divisions').select(['code', 'name']).where('code', 'in', ids.divisions).execute() : [],
        ids.documents.length ? db.q.selectFrom('case_documents').select(['id', 'doc_no']).where('id', 'in', ids.documents).execute() : [],
      ]);
      return {
        cases: new Map(cases.map((c) => [c.id, c.case_no])),
        users: new Map(users.map((u) => [u.id, `${u.display_name}(${u.username})`])),
        divisions: new Map(divisions.map((d) => [d.code, d.name])),
        documents: new Map(documents.map((d) => [d.id, d.doc_no])),
      };
    },
    /** Everybody who may appear as an actor, for the person filter. */
    async people() {
      return db.q.selectFrom('users').select(['id', 'username', 'display_name', 'role', 'division_code']).orderBy('role').orderBy('username').execute();
    },
    /** The ids between two records (both included) of alerts about this reader, whose text he may not read. */
    async hiddenFrom(readerId: string, fromId: number, toId: number): Promise<Set<number>> {
      const rows = await sql<{ id: number | string }>`
        select a.id from audit_log a
        where a.id between ${fromId} and ${toId} and a.entity = 'alert'
          and exists (select 1 from alerts al where al.id::text = a.entity_id and ${readerId}::uuid = any(al.user_ids))`.execute(db.q);
      return new Set(rows.rows.map((r) => Number(r.id)));
    },
    /** A case by its number or id: what an export is named after. */
    async caseByRef(ref: string): Promise<{ id: string; caseNo: string } | null> {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
      const r = await db.q
        .selectFrom('cases')
        .select(['id', 'case_no'])
        .where(uuid ? 'id' : 'case_no', '=', ref)
        .executeTakeFirst();
      return r ? { id: r.id, caseNo: r.case_no } : null;
    },
    /** A person by username or id. */
    async userByRef(ref: string): Promise<{ id: string; username: string; displayName: string } | null> {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
      const r = await db.q
        .selectFrom('users')
        .select(['id', 'username', 'display_name'])
        .where(uuid ? 'id' : 'username', '=', ref)
        .executeTakeFirst();
      return r ? { id: r.id, username: r.username, displayName: r.display_name } : null;
    },
    async caseIdByNo(caseNo: string): Promise<string | null> {
      return (await db.q.selectFrom('cases').select('id').where('case_no', '=', caseNo).executeTakeFirst())?.id ?? null;
    },
    async divisionPath(code: string): Promise<string | null> {
      return (await db.q.selectFrom('divisions').select('path').where('code', '=', code).executeTakeFirst())?.path ?? null;
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;

/** What the audit view filters by (audit.service.ts turns the query into this). */
export interface AuditSearch {
  actorId?: string;
  role?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  /** Records of the cases in this division's subtree (a town and its villages). */
  divisionPath?: string;
  /** This case's complete record: its own records and those of its photos, tasks, papers and notices. */
  caseId?: string;
  /** At or after. */
  from?: Date;
  /** Before (exclusive). */
  to?: Date;
  /**
   * Who reads: the records of an alert about this person (his id among the alert's user_ids) are left out, so
   * nobody learns through the log what the supervision found about him (the alerts inbox hides them too).
   */
  readerId?: string;
  limit: number;
  offset: number;
}

interface SearchRow {
  id: number | string;
  at: Date | string;
  actor_id: string | null;
  actor_name: string | null;
  actor_display_name: string | null;
  actor_role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  case_id: string | null;
  case_no: string | null;
  object_name: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The records with the conditions on the log's own columns applied, each with the case it belongs to:
 * a photo, task, paper or notice names its case in its own table (its record's entity_id is its own id).
 */
function resolved(f: AuditSearch) {
  const conds = [sql`true`];
  if (f.actorId) conds.push(sql`a.actor_id = ${f.actorId}::uuid`);
  if (f.action) conds.push(sql`a.action = ${f.action}`);
  if (f.entity) conds.push(sql`a.entity = ${f.entity}`);
  if (f.entityId) conds.push(sql`a.entity_id = ${f.entityId}`);
  if (f.from) conds.push(sql`a.at >= ${f.from}`);
  if (f.to) conds.push(sql`a.at < ${f.to}`);
  if (f.readerId) {
    conds.push(sql`not (a.entity = 'alert' and exists (
      select 1 from alerts al where al.id::text = a.entity_id and ${f.readerId}::uuid = any(al.user_ids)))`);
  }
  if (f.caseId) {
    // the case's own records and those of everything it holds, found from the case's side (a few ids)
    const id = f.caseId;
    conds.push(sql`(
      (a.entity = 'case' and a.entity_id = ${id})
      or (a.entity = 'photo' and a.entity_id in (select p.id::text from photos p where p.case_id = ${id}::uuid))
      or (a.entity = 'case_task' and a.entity_id in (select t.id::text from case_tasks t where t.case_id = ${id}::uuid))
      or (a.entity = 'case_document' and a.entity_id in (select d.id::text from case_documents d where d.case_id = ${id}::uuid))
      or (a.entity = 'supervision_notice' and a.entity_id in (select n.id::text from supervision_notices n where n.case_id = ${id}::uuid)))`);
  }
  return sql`with r as (
    select a.*,
      case a.entity
        when 'case' then a.entity_id::uuid
        when 'photo' then (select p.case_id from photos p where p.id = a.entity_id::uuid)
        when 'case_task' then (select t.case_id from case_tasks t where t.id = a.entity_id::uuid)
        when 'case_document' then (select d.case_id from case_documents d where d.id = a.entity_id::uuid)
        when 'supervision_notice' then (select n.case_id from supervision_notices n where n.id = a.entity_id::uuid)
      end as case_id
    from audit_log a
    where ${sql.join(conds, sql` and `)}
  )`;
}

/** The conditions on what the records were joined to: the actor's role, the case's place. */
function searchWhere(f: AuditSearch) {
  const conds = [sql`true`];
  if (f.role) conds.push(sql`u.role = ${f.role}`);
  if (f.divisionPath) conds.push(inSubtree('c.division_path', f.divisionPath));
  return sql.join(conds, sql` and `);
}
