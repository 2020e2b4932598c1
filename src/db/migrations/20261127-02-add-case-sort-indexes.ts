import { sql, type Kysely } from 'kysely';

// List pages sort by a key with the id as tie-breaker; (key, id) lets an index scan return the first
// page without sorting the whole registry.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists case_found_idx`.execute(db);
  await sql`drop index if exists case_updated_idx`.execute(db);
  await sql`create index case_found_id_idx on cases (found_at, id)`.execute(db);
  await sql`create index case_updated_id_idx on cases (updated_at, id)`.execute(db);
  await sql`create index case_area_id_idx on cases (area_m2, id)`.execute(db);
}
