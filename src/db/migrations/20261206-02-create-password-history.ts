import { sql, type Kysely } from 'kysely';

// Accounts as MLPS level 3 expects: a password an admin set must be changed at first login; a new password
// may not repeat one of the last five (their argon2 hashes are kept, never the passwords); a session ends
// after a time without requests (idle timeout) as well as at its absolute end.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column must_change_password boolean not null default false`.execute(db);
  await sql`alter table users add column password_changed_at timestamptz`.execute(db);
  await sql`
    create table password_history (
      id bigserial primary key,
      user_id uuid not null references users(id),
      password_hash text not null,
      set_at timestamptz not null
    )`.execute(db);
  await sql`create index password_history_user_idx on password_history (user_id, set_at desc)`.execute(db);
  await sql`alter table sessions add column last_seen_at timestamptz`.execute(db);
  await sql`update sessions set last_seen_at = created_at`.execute(db);
  await sql`alter table sessions alter column last_seen_at set not null`.execute(db);
  await sql`alter table sessions add column address text`.execute(db);
}
