import { sql, type Kysely } from 'kysely';

// The watermark lines burned into a photo's display copy, as drawn: a display copy or thumbnail a crash
// cut short (they are written without waiting for the disk) is rendered again from the original with
// exactly these lines ([] when drawn without one; null for photos stored before this column).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table photos add column watermark jsonb`.execute(db);
  // the newest photos are looked at when the server starts
  await sql`create index photos_uploaded_at on photos (uploaded_at)`.execute(db);
}
