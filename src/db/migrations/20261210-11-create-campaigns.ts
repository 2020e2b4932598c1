import { sql, type Kysely } from 'kysely';

// Campaigns (专项整治, docs/campaigns.md): a named drive with a scope (divisions and/or a drawn area), a
// period and a target list of items. Its items are cases of kind `campaign_item` (same registry, workflow,
// photos and audit), linked by `cases.campaign_id`; the responsible unit of an item (a town, a department,
// 供电公司 …) is `extra.responsibleUnit`, and `extra.ref` the item's own number in the campaign's ledger
// (杆号 …), unique per campaign so that importing the same file again changes nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table campaigns (
      id uuid primary key,
      name text not null check (length(name) between 1 and 100),
      description text,
      -- the divisions the campaign covers (codes; empty: the whole city)
      scope_divisions text[] not null default '{}',
      -- a drawn area (WGS84), optional
      scope_area geometry(MultiPolygon, 4326),
      starts_on date not null,
      ends_on date not null,
      -- the units items may be given to (suggestions in the forms; any text is accepted)
      units text[] not null default '{}',
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_on >= starts_on),
      unique (name)
    )`.execute(db);
  await sql`alter table cases add column campaign_id uuid references campaigns(id)`.execute(db);
  await sql`create index cases_campaign_idx on cases (campaign_id, status) where campaign_id is not null`.execute(db);
  await sql`create unique index cases_campaign_ref_uq on cases (campaign_id, (extra->>'ref')) where campaign_id is not null and (extra->>'ref') is not null`.execute(db);
}
