import { sql, type Kysely } from 'kysely';

// The workflow's extras: photos a department sends with its task result, the person a case is assigned
// to (批量分派), and the deadline reminders already sent (one per case, step and deadline).
export async function up(db: Kysely<any>): Promise<void> {
  // a task's photos are photos of the case (same rows, same evidence facts), linked to the task
  await sql`
    create table case_task_photos (
      task_id uuid not null references case_tasks(id),
      photo_id uuid not null references photos(id),
      primary key (task_id, photo_id)
    )`.execute(db);
  await sql`create index case_task_photo_photo_idx on case_task_photos (photo_id)`.execute(db);

  await sql`
    create table case_assignees (
      case_id uuid primary key references cases(id),
      user_id uuid not null references users(id),
      assigned_by uuid references users(id),
      assigned_at timestamptz not null
    )`.execute(db);
  await sql`create index case_assignee_user_idx on case_assignees (user_id)`.execute(db);

  // the sweep's "deadline approaching" notifications: the primary key makes them once per case, step and deadline
  await sql`
    create table deadline_reminders (
      case_id uuid not null references cases(id),
      step text not null,
      deadline date not null,
      sent_at timestamptz not null,
      primary key (case_id, step, deadline)
    )`.execute(db);
}
