import { sql, type Kysely } from 'kysely';

// The rebuild rule's neighbour lookup (alerts.repo demolitionsNear) reads only cases that may hold a closing as
// demolished (拆除销号): those closed as demolished now, by their own GiST index (a fraction of the registry, so a
// fraction of the neighbours to fetch and probe), and those ever reopened (重新立案: closed → verified is the only
// way out of closed), found by their reopen events. Every other case has never been closed as demolished.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index case_demolished_geog_gix on cases using gist (location_geog)
    where kind = 'violation' and status = 'closed' and disposal_class = 'demolish'`.execute(db);
  await sql`create index case_event_reopen_idx on case_events (case_id) where kind = 'reopen'`.execute(db);
}
