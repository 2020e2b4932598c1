import { sql, type Kysely } from 'kysely';

// The governance index (无违建治理指数): versioned indicator definitions, runs per period, and one result
// row per division and run. A run keeps a copy of the definition it used and its Monte Carlo seed, so it
// can be recomputed exactly as it was.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table index_definitions (
      version integer primary key,
      label text not null,
      body jsonb not null,
      note text,
      created_by uuid references users(id),
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table index_runs (
      id uuid primary key,
      period text not null,
      period_start timestamptz not null,
      period_end timestamptz not null,
      definition_version integer not null references index_definitions(version),
      definition jsonb not null,
      options jsonb not null,
      seed bigint not null,
      status text not null check (status in ('queued','running','done','failed')),
      error text,
      summary jsonb,
      requested_by uuid references users(id),
      requested_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index index_run_period_idx on index_runs (period, requested_at)`.execute(db);

  await sql`
    create table index_results (
      run_id uuid not null references index_runs(id) on delete cascade,
      division_code text not null references divisions(code),
      level text not null check (level in ('town','village')),
      parent_code text,
      division_path text not null,
      score double precision not null,
      rank integer not null,
      rank_in_town integer,
      color text not null check (color in ('green','blue','yellow','orange','red')),
      detail jsonb not null,
      primary key (run_id, division_code)
    )`.execute(db);
  await sql`create index index_result_rank_idx on index_results (run_id, level, rank)`.execute(db);
  await sql`create index index_result_path_idx on index_results (run_id, division_path text_pattern_ops)`.execute(db);
}
