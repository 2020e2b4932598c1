import { sql, type Kysely } from 'kysely';

// In-app notifications (assignments, notices, returned closings …): one row per recipient.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notifications (
      id uuid primary key,
      user_id uuid not null references users(id),
      kind text not null,
      title text not null,
      body text,
      case_id uuid references cases(id),
      created_at timestamptz not null,
      read_at timestamptz
    )`.execute(db);
  await sql`create index notification_user_idx on notifications (user_id, created_at desc)`.execute(db);
  await sql`create index notification_unread_idx on notifications (user_id) where read_at is null`.execute(db);
}
