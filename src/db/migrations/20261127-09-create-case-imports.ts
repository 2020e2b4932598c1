import { sql, type Kysely } from 'kysely';

// 存量普查导入: an uploaded census ledger (Excel), the outcome of each of its rows, and on every case the
// import that brought it (so "the cases of this import" is one indexed filter).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table case_imports (
      id uuid primary key,
      filename text not null,
      file_key text not null,
      file_sha256 text not null,
      file_size integer not null,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      total_rows integer not null,
      rows_done integer not null default 0,
      created_count integer not null default 0,
      rejected_count integer not null default 0,
      error text,
      requested_by uuid not null references users(id),
      -- the uploader's jurisdiction: who else may see the import
      division_code text not null references divisions(code),
      division_path text not null,
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index case_import_created_idx on case_imports (created_at desc)`.execute(db);

  // one row per spreadsheet row handled: its case, or why it was rejected. The primary key is what makes a
  // retried job skip the rows it already handled (a row's case and this record commit together).
  await sql`
    create table case_import_rows (
      import_id uuid not null references case_imports(id),
      row_no integer not null,
      case_id uuid references cases(id),
      reasons jsonb,
      raw jsonb not null,
      primary key (import_id, row_no)
    )`.execute(db);

  await sql`alter table cases add column import_id uuid references case_imports(id)`.execute(db);
  await sql`create index case_import_idx on cases (import_id) where import_id is not null`.execute(db);
}
