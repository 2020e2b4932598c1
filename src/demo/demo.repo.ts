import { sql } from 'kysely';
import type { Database } from '../db/database.js';

/** The tables the demo replay writes most: their secondary indexes are dropped for the replay and built after it. */
const BUSY_TABLES = ['cases', 'case_history', 'case_events', 'audit_log', 'photos', 'notifications', 'jobs', 'case_tasks', 'supervision_notices'];

/** The statements of the demo seeder that no product repo has (a bulk load's index handling). */
export function demoRepo(db: Database) {
  return {
    /**
     * Drops the non-unique secondary indexes of the busy tables and returns the statements that build them
     * again. Unique indexes and keys stay: they are the rules the replay obeys.
     */
    async dropSecondaryIndexes(): Promise<string[]> {
      const r = await sql<{ name: string; def: string }>`
        select i.indexname as name, i.indexdef as def
        from pg_indexes i
        join pg_class c on c.relname = i.indexname and c.relnamespace = 'public'::regnamespace
        join pg_index x on x.indexrelid = c.oid
        where i.schemaname = 'public' and not x.indisunique and not x.indisprimary
          and i.tablename = any(${BUSY_TABLES}::text[])
        order by i.indexname`.execute(db.q);
      for (const { name } of r.rows) await sql.raw(`drop index ${JSON.stringify(name)}`).execute(db.q);
      return r.rows.map((x) => x.def);
    },
    /** Runs index definitions returned by `dropSecondaryIndexes`. */
    async buildIndexes(defs: string[]) {
      for (const def of defs) await sql.raw(def).execute(db.q);
    },
  };
}
