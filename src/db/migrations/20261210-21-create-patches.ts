import { sql, type Kysely } from 'kysely';

// Change patches (变化图斑): batches of satellite (卫片) and drone (无人机) change polygons, each to be verified on
// the ground by its due date. A batch is imported once: its number and its file's SHA-256 are unique, so the same
// file sent again is found, not written twice. A patch carries its town and village (by its location), the
// verdict of the field check and the town's review of it, and the case it is linked to.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table patch_batches (
      id uuid primary key,
      batch_no text not null unique,
      source text not null check (source in ('satellite','drone')),
      detected_on date not null,
      due_on date not null,
      file_name text not null,
      file_sha256 text not null unique,
      file_format text not null,
      crs text not null,
      patch_count integer not null default 0,
      matched_count integer not null default 0,
      match_meters integer not null,
      note text,
      imported_by uuid references users(id),
      imported_at timestamptz not null,
      check (due_on >= detected_on)
    )`.execute(db);
  await sql`
    create table patches (
      id uuid primary key,
      batch_id uuid not null references patch_batches(id),
      code text not null,
      geom geometry(MultiPolygon, 4326) not null,
      -- a point on the polygon: the patch's place for distance, its village and the phone's list
      point geometry(Point, 4326) not null,
      point_geog geography(Point, 4326) not null,
      area_m2 numeric(12,2) not null,
      division_code text not null references divisions(code),
      town_code text not null references divisions(code),
      division_path text not null,
      -- the file's own attributes, as read
      attrs jsonb not null default '{}'::jsonb,
      -- pending 待核查 (a field task), submitted 待审核 (a verdict awaits the town's review), verified 已核查
      status text not null check (status in ('pending','submitted','verified')),
      -- violation 违法建设, legal 合法, known 已掌握, not_found 未发现变化
      verdict text check (verdict in ('violation','legal','known','not_found')),
      verdict_note text,
      verdict_by uuid references users(id),
      verdict_at timestamptz,
      verdict_lon double precision,
      verdict_lat double precision,
      -- the import matched it to a case (已掌握, to be confirmed)
      matched_by_import boolean not null default false,
      match_distance_m double precision,
      match_overlap_m2 double precision,
      case_id uuid references cases(id),
      reviewed_by uuid references users(id),
      reviewed_at timestamptz,
      return_reason text,
      returned_count integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (batch_id, code),
      check ((status = 'pending') = (verdict is null))
    )`.execute(db);
  await sql`create index patches_geom on patches using gist (geom)`.execute(db);
  await sql`create index patches_point_geog on patches using gist (point_geog)`.execute(db);
  await sql`create index patches_batch on patches (batch_id, status)`.execute(db);
  await sql`create index patches_path on patches (division_path text_pattern_ops)`.execute(db);
  await sql`create index patches_case on patches (case_id) where case_id is not null`.execute(db);
  // the photos of a field check (the proof of a legal building, the ground where nothing was found …): stored
  // through the photo pipeline's blob keys; a violation's photos are also the new case's photos
  await sql`
    create table patch_photos (
      id uuid primary key,
      patch_id uuid not null references patches(id),
      sha256 text not null,
      blob_key text not null,
      display_key text not null,
      thumb_key text not null,
      mime text not null,
      bytes integer not null,
      width integer,
      height integer,
      captured_at timestamptz,
      lon double precision,
      lat double precision,
      kind text not null default 'photo' check (kind in ('photo','proof')),
      uploaded_by uuid references users(id),
      uploaded_at timestamptz not null
    )`.execute(db);
  await sql`create index patch_photos_patch on patch_photos (patch_id)`.execute(db);
}
