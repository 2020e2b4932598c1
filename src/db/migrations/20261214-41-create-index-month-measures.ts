import { sql, type Kysely } from 'kysely';

// A finished period's measures per village (docs/scale.md, "A month-end summary per village"): a run reads
// them instead of scanning the whole history again, and a county's rerun recomputes only that county's villages.
// `period` is the key ('2026-10', '2026-Q3'): a quarter ends with its last month but its period measures (new cases
// on basic farmland) are the quarter's. `params` is the definition's three parameters ('f12q120r90'). No foreign key
// to divisions: going live deletes every row when the divisions or boundaries change.
//
// index_measures_forgotten: rows deleted (a case moved, photo evidence written late, divisions replaced), with the
// deleting transaction's id, so that a run whose snapshot did not see that transaction does not store them again.
//
// case_event_division_changed_idx: the cases that ever changed village (a handful), which a county's scoped
// statement reads besides the cases now in the county (their earlier months count where they stood then).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table index_month_measures (
      period text not null,
      period_end timestamptz not null,
      params text not null,
      division_code text not null,
      county_code text not null,
      measures jsonb not null,
      computed_at timestamptz not null,
      primary key (period, params, division_code)
    )`.execute(db);
  await sql`create index index_month_measures_county_idx on index_month_measures (county_code, period)`.execute(db);
  await sql`create index index_month_measures_village_idx on index_month_measures (division_code, period_end)`.execute(db);
  await sql`
    create table index_measures_forgotten (
      id bigserial primary key,
      division_code text,
      after timestamptz,
      xid bigint not null,
      at timestamptz not null
    )`.execute(db);
  await sql`create index index_measures_forgotten_at_idx on index_measures_forgotten (at)`.execute(db);
  await sql`create index case_event_division_changed_idx on case_events (case_id) where kind = 'division_changed'`.execute(db);
}
