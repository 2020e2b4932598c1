import { sql, type Kysely } from 'kysely';

// Responsibility letters (责任书): per town per year, the signed letter (a file in the blob store), the
// responsible people and the targets; progress against the targets is computed from the registry, never stored.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table responsibility_letters (
      id uuid primary key,
      town_code text not null references divisions(code),
      year integer not null check (year between 2000 and 2100),
      title text not null,
      signed_on date,
      -- [{name, post, phone}]: the town's responsible people (phones masked in every answer)
      people jsonb not null default '[]'::jsonb,
      -- stock to dispose of in the year: a count, an area (m²), or both
      target_stock_count integer check (target_stock_count >= 0),
      target_stock_area numeric(12,2) check (target_stock_area >= 0),
      target_farmland_zero boolean not null default true,
      -- share (0–1) of the safety-risk cases to be handled (closed) by the year's end
      target_safety_rate numeric(5,4) check (target_safety_rate between 0 and 1),
      -- share (0–1) of the town's campaign items to be completed
      target_campaign_rate numeric(5,4) check (target_campaign_rate between 0 and 1),
      note text,
      file_key text,
      file_mime text,
      file_name text,
      file_bytes integer,
      file_sha256 text,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (town_code, year)
    )`.execute(db);
  await sql`create index responsibility_letters_year on responsibility_letters (year)`.execute(db);
}
