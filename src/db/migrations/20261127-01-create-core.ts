import { sql, type Kysely } from 'kysely';

// The foundation schema: divisions, accounts, the case registry with its history, photos, audit, jobs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists postgis`.execute(db);

  await sql`
    create table divisions (
      code text primary key,
      parent_code text references divisions(code),
      level text not null check (level in ('city','town','village')),
      kind text,
      name text not null,
      short_name text not null,
      -- materialised path of codes ('330482/330482001/...') for subtree filters
      path text not null unique,
      boundary geometry(MultiPolygon, 4326),
      centroid geometry(Point, 4326),
      land_area_km2 numeric(12,2),
      cultivated_area_km2 numeric(12,2),
      population integer,
      boundary_synthetic boolean not null default false,
      population_synthetic boolean not null default false
    )`.execute(db);
  await sql`create index division_boundary_gix on divisions using gist (boundary)`.execute(db);
  await sql`create index division_path_idx on divisions (path text_pattern_ops)`.execute(db);

  await sql`
    create table users (
      id uuid primary key,
      username text not null unique,
      display_name text not null,
      password_hash text,
      role text not null check (role in ('inspector','town_officer','city_office','department','supervisor','admin')),
      division_code text not null references divisions(code),
      department text,
      phone text,
      active boolean not null default true,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table sessions (
      token_hash text primary key,
      user_id uuid not null references users(id),
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index session_user_idx on sessions (user_id)`.execute(db);

  await sql`create table case_counters (year integer primary key, last_no integer not null)`.execute(db);

  await sql`
    create table cases (
      id uuid primary key,
      case_no text not null unique,
      client_id uuid unique,
      -- the point three ways, all written together by the repo: geometry for spatial filters, geography for
      -- metre distances (its own GiST index), and plain lon/lat so reading a case calls no PostGIS function
      location geometry(Point, 4326) not null,
      location_geog geography(Point, 4326) not null,
      lon double precision not null,
      lat double precision not null,
      footprint geometry(MultiPolygon, 4326),
      division_code text not null references divisions(code),
      town_code text not null references divisions(code),
      division_path text not null,
      origin text not null check (origin in ('stock','new')),
      category text not null default 'building',
      area_m2 numeric(12,2),
      floors integer,
      structure text,
      use text,
      land_type text,
      on_cultivated_land boolean not null default false,
      on_basic_farmland boolean not null default false,
      owner_kind text,
      owner_name text,
      owner_id_number text,
      owner_phone text,
      enterprise_name text,
      enterprise_uscc text,
      source text not null,
      address_group text,
      address_house_no text,
      address_text text,
      safety_risk text not null default 'low',
      status text not null,
      disposal_class text check (disposal_class in ('demolish','remedy','defer')),
      remedy_ref text,
      defer_reason text,
      review_date date,
      reject_reason text,
      duplicate_of uuid references cases(id),
      note text,
      found_at timestamptz not null,
      reported_by uuid references users(id),
      deadline_at timestamptz,
      verified_at timestamptz,
      classified_at timestamptz,
      closed_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`.execute(db);
  await sql`create index case_location_gix on cases using gist (location)`.execute(db);
  await sql`create index case_location_geog_gix on cases using gist (location_geog)`.execute(db);
  await sql`create index case_path_idx on cases (division_path text_pattern_ops)`.execute(db);
  await sql`create index case_status_idx on cases (status)`.execute(db);
  await sql`create index case_found_idx on cases (found_at)`.execute(db);
  await sql`create index case_updated_idx on cases (updated_at)`.execute(db);

  await sql`
    create table case_external_refs (
      case_id uuid not null references cases(id),
      system text not null,
      external_id text not null,
      created_at timestamptz not null,
      primary key (system, external_id)
    )`.execute(db);
  await sql`create index case_external_ref_case_idx on case_external_refs (case_id)`.execute(db);

  // The case's timeline, as people read it.
  await sql`
    create table case_events (
      id bigserial primary key,
      case_id uuid not null references cases(id),
      at timestamptz not null,
      actor_id uuid references users(id),
      kind text not null,
      from_status text,
      to_status text,
      note text,
      data jsonb not null default '{}'
    )`.execute(db);
  await sql`create index case_event_case_idx on case_events (case_id, at)`.execute(db);

  // Every version of the case's facts with the interval it was true: "as of" queries for the index.
  await sql`
    create table case_history (
      case_id uuid not null references cases(id),
      version integer not null,
      valid_from timestamptz not null,
      valid_to timestamptz,
      status text not null,
      disposal_class text,
      origin text not null,
      division_code text not null,
      town_code text not null,
      area_m2 numeric(12,2),
      data jsonb not null,
      primary key (case_id, version)
    )`.execute(db);
  await sql`create index case_history_asof_idx on case_history (valid_from, valid_to)`.execute(db);

  await sql`
    create table photos (
      id uuid primary key,
      case_id uuid not null references cases(id),
      stage text not null check (stage in ('before','during','after')),
      sha256 text not null,
      blob_key text not null,
      mime text not null,
      bytes integer not null,
      width integer,
      height integer,
      captured_at timestamptz,
      capture_location geometry(Point, 4326),
      capture_accuracy_m numeric(10,2),
      exif jsonb,
      uploaded_by uuid references users(id),
      uploaded_at timestamptz not null,
      display_key text,
      thumb_key text,
      unique (case_id, sha256)
    )`.execute(db);
  await sql`create index photo_sha_idx on photos (sha256)`.execute(db);

  await sql`
    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor_id uuid,
      actor_name text,
      action text not null,
      entity text not null,
      entity_id text,
      before jsonb,
      after jsonb,
      prev_hash text not null,
      hash text not null unique
    )`.execute(db);

  await sql`
    create table jobs (
      id bigserial primary key,
      name text not null,
      payload jsonb not null,
      status text not null default 'queued' check (status in ('queued','running','done','failed')),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      run_at timestamptz not null,
      locked_at timestamptz,
      locked_by text,
      last_error text,
      created_at timestamptz not null,
      finished_at timestamptz
    )`.execute(db);
  await sql`create index job_ready_idx on jobs (run_at) where status = 'queued'`.execute(db);
}
