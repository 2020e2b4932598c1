import { sql, type Kysely } from 'kysely';

// Several app processes over one database (docs/scale.md, "Processes"):
// - cluster_leases: a named lease that one process holds at a time (the periodic sweeps and the audit
//   anchoring run in its holder only; another worker takes it over when the holder stops renewing it);
// - running jobs are found by their lock time (a worker renews it while it lives; a job whose worker died
//   is queued again), so they get an index of their own beside the queued ones';
// - what the other processes must hear of is announced with NOTIFY on one channel, by triggers, so every
//   write path (API, jobs, CLI) announces it and only when its transaction commits: new jobs (workers wake
//   up), settings and calendar changes (their caches are dropped), new notifications and finished index runs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table cluster_leases (
      name text primary key,
      holder text not null,
      until timestamptz not null,
      taken_at timestamptz not null
    )`.execute(db);
  await sql`create index job_running_idx on jobs (locked_at) where status = 'running'`.execute(db);
  await sql`
    create function wwj_announce() returns trigger language plpgsql as $$
    begin
      perform pg_notify('wwj_events', tg_argv[0]);
      return null;
    end $$`.execute(db);
  // one NOTIFY per statement (and PostgreSQL folds equal ones of a transaction into one)
  await sql`create trigger jobs_announce after insert on jobs for each statement execute function wwj_announce('jobs')`.execute(db);
  for (const t of ['settings', 'calendar_days']) {
    await sql.raw(`create trigger ${t}_announce after insert or update or delete on ${t} for each statement execute function wwj_announce('settings')`).execute(db);
  }
  await sql`create trigger notifications_announce after insert on notifications for each statement execute function wwj_announce('notifications')`.execute(db);
  await sql`create trigger index_runs_announce after update of status on index_runs for each statement execute function wwj_announce('index_runs')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [trigger, table] of [
    ['jobs_announce', 'jobs'],
    ['settings_announce', 'settings'],
    ['calendar_days_announce', 'calendar_days'],
    ['notifications_announce', 'notifications'],
    ['index_runs_announce', 'index_runs'],
  ]) {
    await sql.raw(`drop trigger if exists ${trigger} on ${table}`).execute(db);
  }
  await sql`drop function if exists wwj_announce()`.execute(db);
  await sql`drop index if exists job_running_idx`.execute(db);
  await sql`drop table if exists cluster_leases`.execute(db);
}
