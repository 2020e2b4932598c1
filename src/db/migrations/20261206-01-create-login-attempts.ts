import { sql, type Kysely } from 'kysely';

// Every login attempt (查询留痕 of the front door): the account lockout and the per-address limit count
// from here, so every app process sees the same counts. An account locked after repeated failures
// carries the time it opens again.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table login_attempts (
      id bigserial primary key,
      username text not null,
      address text not null,
      succeeded boolean not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index login_attempts_user_idx on login_attempts (username, at desc)`.execute(db);
  await sql`create index login_attempts_address_idx on login_attempts (address, at desc) where not succeeded`.execute(db);
  await sql`alter table users add column locked_until timestamptz`.execute(db);
}
