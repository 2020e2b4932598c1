import { sql, type Insertable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CaseImportRowsTable, CaseImportsTable } from '../../db/schema.js';

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const importColumns = [
  'i.id',
  'i.filename',
  'i.file_key',
  'i.file_sha256',
  'i.file_size',
  'i.status',
  'i.total_rows',
  'i.rows_done',
  'i.created_count',
  'i.rejected_count',
  'i.error',
  'i.requested_by',
  'i.division_code',
  'i.division_path',
  'i.created_at',
  'i.started_at',
  'i.finished_at',
] as const;

export function importsRepo(db: Database) {
  const base = () =>
    db.q
      .selectFrom('case_imports as i')
      .innerJoin('users as u', 'u.id', 'i.requested_by')
      .innerJoin('divisions as d', 'd.code', 'i.division_code')
      .select(importColumns)
      .select(['u.display_name as requested_by_name', 'd.name as division_name']);
  return {
    insert: (row: Insertable<CaseImportsTable>) => db.q.insertInto('case_imports').values(row).execute(),

    byId: (id: string) => base().where('i.id', '=', id).executeTakeFirst(),

    /** Imports whose uploader's jurisdiction lies inside `scopePath`, newest first. */
    list: (scopePath: string, limit: number) =>
      base()
        .where((eb) => eb.or([eb('i.division_path', '=', scopePath), eb('i.division_path', 'like', `${likeEscape(scopePath)}/%`)]))
        .orderBy('i.created_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(limit)
        .execute(),

    setStatus: (id: string, patch: { status: 'running' | 'done' | 'failed'; started_at?: Date; finished_at?: Date | null; error?: string | null }) =>
      db.q.updateTable('case_imports').set(patch).where('id', '=', id).execute(),

    /** Progress from the rows handled so far (the truth, also after a retry). */
    async refreshProgress(id: string) {
      await sql`
        update case_imports i set
          rows_done = r.done, created_count = r.created, rejected_count = r.done - r.created
        from (select count(*)::int as done, count(case_id)::int as created from case_import_rows where import_id = ${id}) r
        where i.id = ${id}`.execute(db.q);
    },

    /** Row numbers already handled (a retried job skips them). */
    async handledRows(id: string): Promise<Set<number>> {
      const rows = await db.q.selectFrom('case_import_rows').select('row_no').where('import_id', '=', id).execute();
      return new Set(rows.map((r) => r.row_no));
    },

    insertRow: (row: Insertable<CaseImportRowsTable>) => db.q.insertInto('case_import_rows').values(row).execute(),

    /** A rejected row; a second record of the same row (a retry racing another worker) is ignored. */
    insertRejected: (row: Insertable<CaseImportRowsTable>) =>
      db.q
        .insertInto('case_import_rows')
        .values(row)
        .onConflict((oc) => oc.columns(['import_id', 'row_no']).doNothing())
        .execute(),

    /** Marks a case as brought by an import (in the transaction that creates it). */
    linkCase: (caseId: string, importId: string) => db.q.updateTable('cases').set({ import_id: importId }).where('id', '=', caseId).execute(),

    rejectedRows: (id: string, limit: number) =>
      db.q.selectFrom('case_import_rows').select(['row_no', 'reasons', 'raw']).where('import_id', '=', id).where('case_id', 'is', null).orderBy('row_no').limit(limit).execute(),
  };
}
export type ImportsRepo = ReturnType<typeof importsRepo>;
export type ImportRow = NonNullable<Awaited<ReturnType<ImportsRepo['byId']>>>;
