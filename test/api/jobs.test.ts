import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { JOB_BATCH_MAX, jobQueue, type JobHandlers, type JobPayloads } from '../../src/platform/jobs.js';
import { ManualClock } from '../../src/platform/clock.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

type Score = JobPayloads['case.score_duplicates'];

/** The product's handlers, with the batches the scoring handler was given recorded (and, with `batch: null`, no batch handler). */
function watched(opts: { batch?: null | ((jobs: Score[]) => Promise<void>); one?: (job: Score) => Promise<void> } = {}) {
  const batches: number[] = [];
  const real = t.deps.jobHandlers;
  const batch = opts.batch === null ? undefined : (opts.batch ?? real.batch!['case.score_duplicates']!);
  const handlers: JobHandlers = {
    ...real,
    'case.score_duplicates': opts.one ?? real['case.score_duplicates'],
    batch: batch && {
      'case.score_duplicates': async (jobs) => {
        batches.push(jobs.length);
        await batch(jobs);
      },
    },
  };
  return { handlers, batches };
}

/** Five reports within 20 m of a village centre (metres east of it), made before any of them is scored. */
async function fiveReports(village: number) {
  const [lon, lat] = t.pointIn(TOWN_A, village);
  const ids: string[] = [];
  for (const dx of [0, 4, 9, 15, 20]) {
    const r = await t.req('officer_a', {
      method: 'POST',
      url: '/api/cases',
      payload: caseBody(lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat, { note: `东 ${dx} 米` }),
    });
    assert.equal(r.statusCode, 201, r.body);
    ids.push(r.json().id);
  }
  return ids;
}

/** What scoring left on each of the cases, by their places in `ids`: candidates, the timeline's candidates (in their order), notices. */
async function marks(ids: string[]) {
  const at = (id: string) => ids.indexOf(id);
  const out = [];
  for (const id of ids) {
    const cands = await t.db.q.selectFrom('case_duplicate_candidates').select('candidate_id').where('case_id', '=', id).execute();
    const events = await t.db.q
      .selectFrom('case_events')
      .select(['kind', 'data'])
      .where('case_id', '=', id)
      .where('kind', 'in', ['duplicate_suspected', 'rebuild_suspected'])
      .execute();
    const notices = await t.db.q.selectFrom('notifications').select(['title', 'user_id']).where('case_id', '=', id).where('kind', '=', 'duplicate_suspected').execute();
    out.push({
      candidates: cands.map((c) => at(c.candidate_id)).sort(),
      events: events.map((e) => ({ kind: e.kind, order: (e.data as { candidates: { caseId: string }[] }).candidates.map((c) => at(c.caseId)) })),
      notices: notices.map((n) => n.title.replace(/:.*/, '')),
      noticeUsers: new Set(notices.map((n) => n.user_id)).size,
    });
  }
  return out;
}

test('a burst of reports is scored in one batch and marks exactly what scoring them one by one marks', async () => {
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const together = await fiveReports(7);
  const w1 = watched();
  assert.equal(await t.deps.jobs.drain(w1.handlers), 5, 'five jobs ran');
  assert.deepEqual(w1.batches, [5], 'the five scoring jobs were claimed and scored together');

  const alone = await fiveReports(8);
  const w2 = watched({ batch: null });
  assert.equal(await t.deps.jobs.drain(w2.handlers), 5, 'five jobs ran');
  assert.deepEqual(w2.batches, [], 'without a batch handler each job runs alone');

  const a = await marks(together);
  const b = await marks(alone);
  assert.deepEqual(a, b, 'the same candidates, events and notices');
  // each report is marked against the four others, its event lists them nearest first, its town officers are told once
  assert.deepEqual(a[0].candidates, [1, 2, 3, 4], JSON.stringify(a[0]));
  assert.deepEqual(a[2].events, [{ kind: 'duplicate_suspected', order: [1, 3, 0, 4] }], JSON.stringify(a[2]));
  assert.ok(
    a.every((m) => m.notices.length >= 1 && m.notices.length === m.noticeUsers && m.notices.every((n) => n === '疑似重复上报')),
    `one notice per town officer: ${JSON.stringify(a)}`,
  );
  const left = await t.db.q
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '!=', 'done')
    .executeTakeFirstOrThrow();
  assert.equal(Number(left.n), 0, 'every job is done');
});

test(`a batch holds at most ${JOB_BATCH_MAX} jobs; a batch that fails is run job by job, and only the failing job is retried`, async () => {
  await t.deps.jobs.drain(t.deps.jobHandlers);
  // cases that do not exist: scoring them marks nothing, and costs nothing
  for (let i = 0; i < JOB_BATCH_MAX + 3; i++) await t.deps.jobs.enqueue('case.score_duplicates', { caseId: randomUUID() });
  const w1 = watched();
  assert.equal(await t.deps.jobs.drain(w1.handlers), JOB_BATCH_MAX + 3, 'every job ran');
  assert.deepEqual(w1.batches, [JOB_BATCH_MAX, 3], 'claimed in batches of at most the limit');

  const bad = randomUUID();
  const good = [randomUUID(), randomUUID()];
  for (const caseId of [good[0], bad, good[1]]) await t.deps.jobs.enqueue('case.score_duplicates', { caseId });
  const ranAlone: string[] = [];
  const w2 = watched({
    batch: async () => {
      throw new Error('the batch fails');
    },
    one: async ({ caseId }) => {
      ranAlone.push(caseId);
      if (caseId === bad) throw new Error('this job fails');
    },
  });
  assert.equal(await t.deps.jobs.drain(w2.handlers), 3, 'three jobs ran');
  assert.deepEqual(w2.batches, [3], 'the batch was tried once');
  assert.deepEqual(ranAlone, [good[0], bad, good[1]], 'then each job alone, in queue order');
  const rows = await t.db.q
    .selectFrom('jobs')
    .select(['payload', 'status', 'attempts', 'last_error', 'run_at'])
    .where('name', '=', 'case.score_duplicates')
    .where('status', '!=', 'done')
    .execute();
  assert.equal(rows.length, 1, `only the failing job is left: ${JSON.stringify(rows)}`);
  assert.deepEqual(rows[0].payload, { caseId: bad }, 'the failing job');
  assert.equal(rows[0].status, 'queued', 'queued again');
  assert.equal(rows[0].attempts, 1, 'one attempt');
  assert.equal(rows[0].last_error, 'this job fails', 'its own error');
  assert.ok(new Date(rows[0].run_at).getTime() > Date.now(), 'retried later');
});

test('while a report is under way (jobs.hold) a nudge waits; the last release wakes the worker, which claims the burst together', async () => {
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const w = watched();
  const errors: unknown[] = [];
  // a poll far away: only nudges and releases wake the worker here
  const stop = t.deps.jobs.startWorker(w.handlers, { error: (o) => errors.push(o) }, 60_000);
  const mine: string[] = [];
  const queue = async () => {
    const caseId = randomUUID();
    mine.push(caseId);
    await t.deps.jobs.enqueue('case.score_duplicates', { caseId });
  };
  // this test's jobs not done yet (the failing job of the test before waits for its retry)
  const pending = async () =>
    (await t.db.q.selectFrom('jobs').select(['payload', 'status']).where('status', '!=', 'done').execute()).filter((j) => mine.includes((j.payload as Score).caseId)).length;
  const settle = async () => {
    for (let i = 0; i < 100 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  };
  try {
    const first = t.deps.jobs.hold();
    const second = t.deps.jobs.hold();
    for (let i = 0; i < 3; i++) {
      await queue();
      t.deps.jobs.nudge();
    }
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await pending(), 3, 'nothing is claimed while reports are under way');
    first();
    first();
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(await pending(), 3, 'one report still under way (a second release of the first does nothing)');
    second();
    await settle();
    assert.equal(await pending(), 0, 'the last release woke the worker');
    assert.deepEqual(w.batches, [3], 'the three jobs were claimed together');
    // no report under way: a nudge wakes the worker at once
    await queue();
    t.deps.jobs.nudge();
    await settle();
    assert.equal(await pending(), 0, 'a nudge without a hold drains at once');
    assert.deepEqual(errors, [], 'no job failed');
  } finally {
    await stop();
  }
});

test('the queue queues, claims and retries by its injected clock, not the wall clock', async () => {
  await t.deps.jobs.drain(t.deps.jobHandlers);
  // retries the tests above left for later would be due by a clock ahead: set them aside
  await t.db.q.updateTable('jobs').set({ status: 'done' }).where('status', '=', 'queued').execute();
  // a clock an hour ahead of the wall clock: a job it queues is due by it at once
  const clock = new ManualClock(new Date(Date.now() + 3600_000));
  const jobs = jobQueue({ db: t.db, clock });
  const row = (id: number) => t.db.q.selectFrom('jobs').select(['status', 'run_at', 'locked_at', 'finished_at', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
  await jobs.enqueue('photo.derive', { photoId: randomUUID() });
  const [claimed, ...others] = await jobs.claim();
  assert.ok(claimed, 'a job queued now is due now');
  assert.equal(others.length, 0);
  assert.equal(new Date((await row(claimed.id)).locked_at!).getTime(), clock.now().getTime(), 'the claim is stamped by the same clock');
  await jobs.fail(claimed.id, claimed.attempts, 3, 'test');
  const retry = await row(claimed.id);
  const backoff = 1000 * 2 ** claimed.attempts;
  assert.equal(retry.status, 'queued');
  assert.equal(new Date(retry.run_at).getTime(), clock.now().getTime() + backoff, 'the retry waits by the clock');
  assert.deepEqual(await jobs.claim(), [], 'not due again yet');
  clock.set(new Date(clock.now().getTime() + backoff));
  const [again] = await jobs.claim();
  assert.equal(again?.id, claimed.id, 'due again after the backoff by the clock');
  await jobs.fail(again.id, 3, 3, 'test');
  const failed = await row(claimed.id);
  assert.equal(failed.status, 'failed');
  assert.equal(new Date(failed.finished_at!).getTime(), clock.now().getTime(), 'given up at the time of the clock');
});
