import { sql, type Kysely } from 'kysely';

// The workflow's clock and its follow-up: the official calendar (holidays and make-up working days, 调休),
// supervision notices (督办单) for overdue cases with their replies and escalation, and department tasks.
export async function up(db: Kysely<any>): Promise<void> {
  // settings an admin edits (deadline policy, …), one JSON value per key
  await sql`
    create table settings (
      key text primary key,
      value jsonb not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table calendar_days (
      day date primary key,
      kind text not null check (kind in ('holiday','workday')),
      name text not null,
      updated_by uuid references users(id),
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table notice_counters (
      town_code text not null,
      year integer not null,
      last_no integer not null,
      primary key (town_code, year)
    )`.execute(db);

  await sql`
    create table supervision_notices (
      id uuid primary key,
      notice_no text not null unique,
      case_id uuid not null references cases(id),
      town_code text not null references divisions(code),
      division_path text not null,
      level text not null check (level in ('town','city')),
      step text not null,
      reason text not null,
      deadline_missed date not null,
      issued_at timestamptz not null,
      reply_due date not null,
      status text not null check (status in ('open','replied','escalated')),
      reply_text text,
      replied_at timestamptz,
      replied_by uuid references users(id),
      escalated_at timestamptz
    )`.execute(db);
  await sql`create index notice_case_idx on supervision_notices (case_id, issued_at)`.execute(db);
  await sql`create index notice_open_idx on supervision_notices (status, reply_due)`.execute(db);
  await sql`create index notice_path_idx on supervision_notices (division_path text_pattern_ops)`.execute(db);

  await sql`
    create table case_tasks (
      id uuid primary key,
      case_id uuid not null references cases(id),
      department text not null,
      title text not null,
      deadline date not null,
      status text not null check (status in ('open','done')),
      result text,
      created_by uuid references users(id),
      created_at timestamptz not null,
      done_by uuid references users(id),
      done_at timestamptz
    )`.execute(db);
  await sql`create index case_task_case_idx on case_tasks (case_id)`.execute(db);
  await sql`create index case_task_open_idx on case_tasks (department, status)`.execute(db);
}
