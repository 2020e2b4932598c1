import { sql, type Kysely } from 'kysely';

// Two-phase photos (docs/two-phase-report.md): a reduced copy is recorded at once and its original follows
// as a resumable (tus) upload. One row per photo whose original is awaited, verified or refused; and the
// clientId of each request that added photos to a case, so a resend adds nothing twice.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table photo_originals (
      photo_id uuid primary key references photos(id),
      case_id uuid not null references cases(id),
      uploaded_by uuid not null references users(id),
      declared_sha256 text not null,
      declared_bytes bigint not null,
      -- what the phone declared: width, height, exif (shared/photo-exif.ts)
      declared jsonb not null,
      -- what the evidence facts and the watermark of the original are computed from (the request's fix, time, place)
      context jsonb not null,
      reduced_sha256 text not null,
      reduced_key text not null,
      status text not null default 'awaiting' check (status in ('awaiting', 'verified', 'refused')),
      -- the tus upload under way (the latest the phone created)
      upload_id text unique,
      created_at timestamptz not null,
      due_at timestamptz not null,
      received_at timestamptz,
      received_sha256 text,
      received_bytes bigint,
      mismatches jsonb,
      missing_flagged_at timestamptz
    )`.execute(db);
  await sql`create index photo_original_case_idx on photo_originals (case_id)`.execute(db);
  await sql`create index photo_original_awaiting_idx on photo_originals (due_at) where status = 'awaiting'`.execute(db);
  await sql`
    create table photo_submissions (
      client_id uuid primary key,
      case_id uuid not null references cases(id),
      user_id uuid not null references users(id),
      fingerprint text not null,
      photo_ids jsonb not null,
      created_at timestamptz not null
    )`.execute(db);
}
