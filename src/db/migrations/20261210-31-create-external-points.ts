import { sql, type Kysely } from 'kysely';

// The province's and prefecture's point lists (上级下发点位): the systems that send them with the column mapping
// each list is read with, every import with its per-row report, and every point with its match to a case.
// A point linked to a case is also an external reference of that case (case_external_refs, system = the
// source's code), so a case may carry several references, one per point that names it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table external_sources (
      id uuid primary key,
      -- short stable code, the external reference's system on a case (case_external_refs.system)
      code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name text not null unique,
      -- the registry source of a case made from one of its points
      case_source text not null default 'provincial' check (case_source in ('provincial','prefecture')),
      -- {externalId, lon, lat, address, description, town, foundAt, category}: field → the list's header
      mapping jsonb not null default '{}'::jsonb,
      crs text not null default 'wgs84' check (crs in ('wgs84','gcj02')),
      encoding text not null default 'auto' check (encoding in ('auto','utf-8','gbk')),
      match_radius_m integer not null default 50 check (match_radius_m between 5 and 1000),
      -- the layout the source's list came in (its headers in order, the sheet's name) and where closings are written
      -- back: {headers, sheetName, statusColumn, closedValue, dateColumn, noteColumn}
      export_layout jsonb not null default '{}'::jsonb,
      version integer not null default 1,
      created_by uuid references users(id),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);

  await sql`
    create table external_imports (
      id uuid primary key,
      source_id uuid not null references external_sources(id),
      filename text not null,
      file_key text not null,
      file_sha256 text not null,
      file_size integer not null,
      format text not null,
      encoding text,
      total_rows integer not null,
      -- {new, updated, unchanged, rejected, matched, conflict, unmatched}
      counts jsonb not null,
      -- every row's fate: [{rowNo, externalId, fate, reasons, changes, match}]
      report jsonb not null,
      imported_by uuid not null references users(id),
      imported_at timestamptz not null
    )`.execute(db);
  await sql`create index external_import_source_idx on external_imports (source_id, imported_at desc)`.execute(db);

  await sql`
    create table external_points (
      id uuid primary key,
      source_id uuid not null references external_sources(id),
      external_id text not null,
      -- the row as received: its header → its text, and a hash of it (a changed row is an update)
      raw jsonb not null,
      raw_hash text not null,
      row_no integer,
      lon double precision not null,
      lat double precision not null,
      location geometry(Point, 4326) not null,
      location_geog geography(Point, 4326) not null,
      address text,
      description text,
      town_name text,
      category text,
      found_on text check (found_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      division_code text not null references divisions(code),
      division_path text not null,
      match_status text not null check (match_status in ('matched','conflict','unmatched','new_case')),
      case_id uuid references cases(id),
      -- the cases near it when it was matched: [{caseId, distanceM, score, agrees}]
      candidates jsonb not null default '[]'::jsonb,
      match_note text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      first_import_id uuid references external_imports(id),
      last_import_id uuid references external_imports(id),
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (source_id, external_id),
      check ((match_status in ('matched','new_case')) = (case_id is not null))
    )`.execute(db);
  await sql`create index external_point_status_idx on external_points (source_id, match_status)`.execute(db);
  await sql`create index external_point_case_idx on external_points (case_id)`.execute(db);
  await sql`create index external_point_path_idx on external_points (division_path text_pattern_ops)`.execute(db);
  await sql`create index external_point_geog_gix on external_points using gist (location_geog)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table external_points`.execute(db);
  await sql`drop table external_imports`.execute(db);
  await sql`drop table external_sources`.execute(db);
}
