import { sql, type Kysely } from 'kysely';

// Patrol: idempotent reports from the phone (clientId + a fingerprint of what was sent), photo evidence
// facts and perceptual hashes, duplicate candidates scored by the server, and coarse patrol tracks.
export async function up(db: Kysely<any>): Promise<void> {
  // the fingerprint of the report that made the case: a resend with the same clientId must match it
  await sql`alter table cases add column client_fingerprint text`.execute(db);
  await sql`create index case_reported_by_idx on cases (reported_by, found_at)`.execute(db);

  // 64-bit difference hash of the oriented image (hex) and the evidence facts computed at upload
  await sql`alter table photos add column phash text`.execute(db);
  await sql`alter table photos add column evidence jsonb`.execute(db);

  await sql`
    create table case_duplicate_candidates (
      case_id uuid not null references cases(id),
      candidate_id uuid not null references cases(id),
      score numeric(5,3) not null,
      distance_m numeric(10,1) not null,
      factors jsonb not null,
      created_at timestamptz not null,
      resolution text check (resolution in ('merged','dismissed')),
      resolved_at timestamptz,
      resolved_by uuid references users(id),
      primary key (case_id, candidate_id)
    )`.execute(db);
  await sql`create index case_dup_candidate_idx on case_duplicate_candidates (candidate_id)`.execute(db);

  await sql`
    create table patrol_tracks (
      id uuid primary key,
      client_id uuid not null unique,
      client_fingerprint text not null,
      user_id uuid not null references users(id),
      division_path text not null,
      started_at timestamptz not null,
      ended_at timestamptz not null,
      point_count integer not null,
      length_m numeric(12,1) not null,
      geom geometry(LineString, 4326) not null,
      points jsonb not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index patrol_track_geom_gix on patrol_tracks using gist (geom)`.execute(db);
  await sql`create index patrol_track_time_idx on patrol_tracks (started_at)`.execute(db);
  await sql`create index patrol_track_user_idx on patrol_tracks (user_id, started_at)`.execute(db);
}
