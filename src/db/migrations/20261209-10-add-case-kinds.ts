import { sql, type Kysely } from 'kysely';

// Item kinds on the case engine (docs/item-kinds.md): every case so far is an illegal building
// (`violation`); waterlogging points (积水点) and campaign items share the registry, the workflow, photos
// and audit. A kind's extra fields live in `extra`; the history keeps the kind so that as-of figures can
// count illegal buildings only; each kind other than violation counts its numbers on its own (JS-2026-…).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cases add column kind text not null default 'violation' check (kind in ('violation','campaign_item','waterlogging'))`.execute(db);
  await sql`alter table cases add column extra jsonb not null default '{}'::jsonb`.execute(db);
  await sql`alter table case_history add column kind text not null default 'violation'`.execute(db);
  // the disposal choices of every kind (the kind itself checks that a case takes one of its own)
  await sql`alter table cases drop constraint if exists cases_disposal_class_check`.execute(db);
  await sql`alter table cases add constraint cases_disposal_class_check
    check (disposal_class in ('demolish','remedy','defer','dredging','drainage_works','pumping'))`.execute(db);
  await sql`create table item_counters (prefix text not null, year integer not null, last_no integer not null, primary key (prefix, year))`.execute(db);
  // lists and figures of the other kinds; the violations' own indexes keep serving them (most rows)
  await sql`create index case_kind_found_idx on cases (kind, found_at desc) where kind <> 'violation'`.execute(db);
}
