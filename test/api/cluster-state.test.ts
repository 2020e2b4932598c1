import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/context.js';
import { TEST_DRIVER } from '../support/env.js';
import { jobQueue } from '../../src/platform/jobs.js';
import { ManualClock } from '../../src/platform/clock.js';
import { clusterRepo } from '../../src/platform/cluster.repo.js';
import { runOnceAcrossCluster, startEventBus, type ClusterTopic } from '../../src/platform/cluster.js';
import { openDatabase } from '../../src/db/database.js';

// What several app processes share through the database (docs/scale.md, "Processes"): leases that one
// process holds at a time, running jobs of a dead worker taken back, and the announcements of the
// migration's triggers reaching another process's LISTEN connection.

let t: TestContext;
before(async () => {
  t = await createTestContext({ users: false });
});
after(() => t.close());

const quiet = { info() {}, warn() {}, error() {} };

test(`a lease is held by one holder until it runs out or is given up (${TEST_DRIVER})`, async () => {
  const repo = clusterRepo(t.db);
  assert.equal(await repo.takeLease('test-a', 'p1', 60), true);
  assert.equal(await repo.takeLease('test-a', 'p2', 60), false, 'held by p1');
  assert.equal(await repo.takeLease('test-a', 'p1', 60), true, 'p1 renews');
  await sql`update cluster_leases set until = now() - interval '1 second' where name = 'test-a'`.execute(t.db.q);
  assert.equal(await repo.takeLease('test-a', 'p2', 60), true, 'run out: p2 takes it');
  assert.equal(await repo.takeLease('test-a', 'p1', 60), false);
  await repo.releaseLease('test-a', 'p2');
  assert.equal(await repo.takeLease('test-a', 'p1', 60), true, 'given up: p1 takes it at once');
  // takers at the same moment: exactly one wins
  const wins = await Promise.all(['q1', 'q2', 'q3', 'q4'].map((h) => repo.takeLease('test-b', h, 60)));
  assert.equal(wins.filter(Boolean).length, 1);
});

test(`a periodic run under a lease runs in one of two "processes" (${TEST_DRIVER})`, async () => {
  const repo = clusterRepo(t.db);
  let runs = 0;
  const run = async () => {
    runs++;
  };
  const a = runOnceAcrossCluster({ repo, name: 'test-sweep', everyMs: 60_000, run, log: quiet });
  await a();
  assert.equal(runs, 1);
  // PROCESS_ID is one per process: a second runner in this process would be the same holder, so the other
  // process is a lease another holder has taken (the first gave it up when it stopped)
  assert.equal(await repo.takeLease('test-sweep', 'elsewhere', 60), true);
  const b = runOnceAcrossCluster({ repo, name: 'test-sweep', everyMs: 60_000, run, log: quiet });
  await b();
  assert.equal(runs, 1, 'the second did not run while another holds the lease');
});

test(`the holder renews its lease while a run lasts longer than the lease (${TEST_DRIVER})`, async () => {
  const repo = clusterRepo(t.db);
  let runs = 0;
  let release!: () => void;
  const long = new Promise<void>((r) => (release = r));
  // a period of 400 ms: the lease is held for 1 s at a time; the run takes 2.5 s
  const stop = runOnceAcrossCluster({
    repo,
    name: 'test-long',
    everyMs: 400,
    run: async () => {
      runs++;
      await long;
    },
    log: quiet,
  });
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(await repo.takeLease('test-long', 'elsewhere', 60), false, 'still held by the runner');
  release();
  await stop();
  assert.equal(runs, 1, 'no second run while the first was under way');
});

test(`a running job whose worker stopped renewing it is queued again and runs once (${TEST_DRIVER})`, async () => {
  const clock = new ManualClock(new Date('2026-12-01T00:00:00Z'));
  const jobs = jobQueue({ db: t.db, clock });
  await jobs.enqueue('alerts.sweep', { day: '2026-12-01' });
  const [claimed] = await jobs.claim();
  assert.ok(claimed);
  // its worker is gone (another pid): its lock is not renewed
  await t.db.q.updateTable('jobs').set({ locked_by: 'gone:1' }).where('id', '=', claimed.id).execute();
  clock.set(new Date(clock.now().getTime() + 30_000));
  assert.equal(await jobs.keepLease(120), 0, 'within the lease: left alone');
  clock.set(new Date(clock.now().getTime() + 120_000));
  assert.equal(await jobs.keepLease(120), 1, 'past the lease: queued again');
  const ran: string[] = [];
  const n = await jobs.drain({ ...t.deps.jobHandlers, 'alerts.sweep': async (p) => void ran.push(p.day) });
  assert.equal(n, 1);
  assert.deepEqual(ran, ['2026-12-01']);
  const row = await t.db.q.selectFrom('jobs').selectAll().where('id', '=', claimed.id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'done');
  assert.equal(row.attempts, 2);
  // this worker's own running job is renewed, not taken back
  await jobs.enqueue('alerts.sweep', { day: '2026-12-02' });
  const [mine] = await jobs.claim();
  clock.set(new Date(clock.now().getTime() + 100_000));
  assert.equal(await jobs.keepLease(120), 0);
  clock.set(new Date(clock.now().getTime() + 100_000));
  assert.equal(await jobs.keepLease(120), 0, 'renewed at the previous call');
  await t.db.q.updateTable('jobs').set({ status: 'done' }).where('id', '=', mine.id).execute();
  // a job that took its worker down on its last attempt fails instead of going round for ever
  await jobs.enqueue('alerts.sweep', { day: '2026-12-03' });
  const [doomed] = await jobs.claim();
  await t.db.q.updateTable('jobs').set({ locked_by: 'gone:2', attempts: doomed.max_attempts }).where('id', '=', doomed.id).execute();
  clock.set(new Date(clock.now().getTime() + 200_000));
  assert.equal(await jobs.keepLease(120), 1);
  const failed = await t.db.q.selectFrom('jobs').selectAll().where('id', '=', doomed.id).executeTakeFirstOrThrow();
  assert.equal(failed.status, 'failed');
  assert.ok(failed.finished_at);
  assert.match(failed.last_error ?? '', /stopped while running it/);
});

test(`a finished job whose next claim fails (the database restarting) is marked done by the next drain; one whose end was never written is not renewed (${TEST_DRIVER})`, async () => {
  const clock = new ManualClock(new Date('2026-12-02T00:00:00Z'));
  const jobs = jobQueue({ db: t.db, clock });
  await jobs.enqueue('alerts.sweep', { day: '2026-12-10' });
  const claim = jobs.claim.bind(jobs);
  let calls = 0;
  // the claim after the job ran (the one that would mark it done) fails as it would with PostgreSQL gone
  jobs.claim = async (...a: Parameters<typeof claim>) => {
    if (++calls === 2) throw new Error('Connection terminated unexpectedly');
    return claim(...a);
  };
  const ran: string[] = [];
  const handlers = { ...t.deps.jobHandlers, 'alerts.sweep': async (p: { day: string }) => void ran.push(p.day) };
  await assert.rejects(jobs.drain(handlers), /Connection terminated/);
  const id = Number((await t.db.q.selectFrom('jobs').select('id').where(sql`payload->>'day'`, '=', '2026-12-10').executeTakeFirstOrThrow()).id);
  const status = async () => await t.db.q.selectFrom('jobs').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal((await status()).status, 'running');
  // still this worker's: its lease is renewed until the mark is written
  clock.set(new Date(clock.now().getTime() + 100_000));
  assert.equal(await jobs.keepLease(120), 0);
  clock.set(new Date(clock.now().getTime() + 100_000));
  assert.equal(await jobs.keepLease(120), 0);
  assert.equal(await jobs.drain(handlers), 0);
  assert.deepEqual(await status(), { status: 'done', attempts: 1 });
  assert.deepEqual(ran, ['2026-12-10'], 'ran once');
  // a handler fails and so does writing its failure: the job is not renewed, its lease runs out, it runs again
  jobs.claim = claim;
  await jobs.enqueue('alerts.sweep', { day: '2026-12-11' });
  const fail = jobs.fail.bind(jobs);
  jobs.fail = async () => {
    throw new Error('Connection terminated unexpectedly');
  };
  const boom = { ...handlers, 'alerts.sweep': async () => Promise.reject(new Error('boom')) };
  await assert.rejects(jobs.drain(boom), /Connection terminated/);
  jobs.fail = fail;
  clock.set(new Date(clock.now().getTime() + 60_000));
  assert.equal(await jobs.keepLease(120), 0, 'within its lease');
  clock.set(new Date(clock.now().getTime() + 100_000));
  assert.equal(await jobs.keepLease(120), 1, 'not renewed: taken back');
  assert.equal(await jobs.drain(handlers), 1);
  assert.deepEqual(ran, ['2026-12-10', '2026-12-11']);
});

test('announcements reach another connection at commit, not before (postgres)', { skip: TEST_DRIVER !== 'postgres' }, async () => {
  const seen: ClusterTopic[] = [];
  const bus = startEventBus({ databaseUrl: t.databaseUrl, log: quiet });
  for (const topic of ['jobs', 'settings', 'notifications', 'index_runs'] as const) bus.on(topic, () => seen.push(topic));
  const until = async (ok: () => boolean) => {
    const end = Date.now() + 10_000;
    while (!ok()) {
      if (Date.now() > end) throw new Error(`timed out; seen ${seen.join(',')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  await until(() => bus.listening);
  // "another process": its own pool on the same database
  const other = await openDatabase({ driver: 'postgres', databaseUrl: t.databaseUrl, poolSize: 1 });
  try {
    let inside = -1;
    await other.transaction(async () => {
      await sql`insert into settings (key, value, updated_at) values ('cluster-test', '1'::jsonb, now()) on conflict (key) do update set value = excluded.value`.execute(other.q);
      await new Promise((r) => setTimeout(r, 300));
      inside = seen.length;
    });
    assert.equal(inside, 0, 'nothing before commit');
    await until(() => seen.includes('settings'));
    const jobs = jobQueue({ db: other, clock: new ManualClock(new Date()) });
    await jobs.enqueue('alerts.sweep', { day: '2026-12-03' });
    await until(() => seen.includes('jobs'));
    // a rolled-back write announces nothing
    const before = seen.length;
    await other
      .transaction(async () => {
        await jobs.enqueue('alerts.sweep', { day: '2026-12-04' });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(seen.length, before);
  } finally {
    await other.close();
    await bus.stop();
  }
});
