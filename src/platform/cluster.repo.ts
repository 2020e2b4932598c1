import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/database.js';

/** The channel the triggers of migration 20261209-31 announce on (payload: a topic). */
export const EVENTS_CHANNEL = 'wwj_events';

/** SQL of the cluster's shared state: named leases, and announcements on the events channel. */
export function clusterRepo(db: Database) {
  return {
    /**
     * Takes or renews the lease `name` for `holder` for `seconds` (the database's own clock, so the
     * machines' clocks need not agree): true when `holder` has it now. A lease held by another and not
     * yet run out is left alone.
     */
    async takeLease(name: string, holder: string, seconds: number): Promise<boolean> {
      const r = await sql<{ holder: string }>`
        insert into cluster_leases (name, holder, until, taken_at)
        values (${name}, ${holder}, now() + make_interval(secs => ${seconds}), now())
        on conflict (name) do update set holder = excluded.holder, until = excluded.until,
          taken_at = case when cluster_leases.holder = excluded.holder then cluster_leases.taken_at else excluded.taken_at end
        where cluster_leases.holder = excluded.holder or cluster_leases.until < now()
        returning holder`.execute(db.q);
      return r.rows.length === 1;
    },
    /** Gives the lease up (a stopping process), so another may take it at once. */
    async releaseLease(name: string, holder: string): Promise<void> {
      await sql`delete from cluster_leases where name = ${name} and holder = ${holder}`.execute(db.q);
    },
    /** Announces `topic` on the events channel; in a transaction PostgreSQL delivers it only when it commits. */
    async announce(topic: string): Promise<void> {
      await sql`select pg_notify(${EVENTS_CHANNEL}, ${topic})`.execute(db.q);
    },
  };
}
export type ClusterRepo = ReturnType<typeof clusterRepo>;

/**
 * A connection of its own that LISTENs on the events channel (a pooled connection would be handed to
 * other queries). Calls `onTopic` for each announcement; `onLost` once when the connection fails or ends
 * (the caller connects again).
 */
export async function listenForEvents(databaseUrl: string, onTopic: (topic: string) => void, onLost: (err: Error) => void): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'wuweijian-events', keepAlive: true });
  let lost = false;
  const lose = (err: Error) => {
    if (lost) return;
    lost = true;
    client.end().catch(() => undefined);
    onLost(err);
  };
  client.on('error', lose);
  client.on('end', () => lose(new Error('the events connection ended')));
  client.on('notification', (m) => {
    if (m.channel === EVENTS_CHANNEL && m.payload) onTopic(m.payload);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  } catch (err) {
    lost = true;
    await client.end().catch(() => undefined);
    throw err;
  }
  return async () => {
    lost = true;
    await client.end().catch(() => undefined);
  };
}
