import { sql, type Kysely } from 'kysely';

// The audit chain's append as one function, so a transaction writes all its audit records in one statement
// (at commit, beside its other deferred writes; see Database.atCommit).
//
// It takes the transaction-scoped advisory lock that serialises appends across app processes, and only then
// reads the head: a VOLATILE function takes a fresh snapshot for each statement it runs (READ COMMITTED), so
// the head it reads is the one the previous holder of the lock committed. (In one plain statement the lock
// would come too late: its snapshot is taken before the lock is granted.) The lock is held until commit, so
// record ids follow the chain. Each record's hash is sha256(prev_hash || '\n' || body), body being the
// canonical text the application computed (audit.chain.ts), and the records chain in the order given.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function audit_append(lock_key bigint, genesis text, records jsonb) returns integer
    language plpgsql volatile as $fn$
    declare
      prev text;
      next_hash text;
      r jsonb;
      n integer := 0;
    begin
      perform pg_advisory_xact_lock(lock_key);
      select hash into prev from audit_log order by id desc limit 1;
      prev := coalesce(prev, genesis);
      for r in select value from jsonb_array_elements(records) loop
        next_hash := encode(sha256(convert_to(prev || E'\n' || (r->>'body'), 'UTF8')), 'hex');
        insert into audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after, prev_hash, hash)
        values ((r->>'at')::timestamptz, (r->>'actorId')::uuid, r->>'actorName', r->>'action', r->>'entity', r->>'entityId',
                nullif(r->'before', 'null'::jsonb), nullif(r->'after', 'null'::jsonb), prev, next_hash);
        prev := next_hash;
        n := n + 1;
      end loop;
      return n;
    end
    $fn$`.execute(db);
}
