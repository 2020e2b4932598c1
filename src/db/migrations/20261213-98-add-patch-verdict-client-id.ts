import { sql, type Kysely } from 'kysely';

// A patch verdict from the patrol app goes through the phone's outbox like a report: it carries a clientId (a
// UUID made on the phone) and may arrive twice (an answer lost on a weak signal). The patch keeps the clientId of
// the verdict it took, unique, so a resend is recognised and answered with the patch as it stands, never applied
// twice. A send-back keeps it: a late resend of a verdict already sent back is still the one that landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table patches add column verdict_client_id uuid`.execute(db);
  await sql`create unique index patches_verdict_client_id on patches (verdict_client_id) where verdict_client_id is not null`.execute(db);
}
