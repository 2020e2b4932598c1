import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startApp, startNginx, startS3Store, type AppProc, type Nginx, type S3Store } from '../../deploy/cluster.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { scratchPgDatabase } from '../support/pg.js';
import { demoAccount } from '../support/process-server.js';
import { DEMO_TOWN, loadDemoDivisions } from '../../src/demo/demo.seed.js';

// Issue 23: the cluster as deploy/ runs it — PostgreSQL (a scratch database), the S3-compatible store in a
// process of its own, nginx in front of two web processes (RUN_WORKER=0) and a worker — and the faults it
// must survive. `npm run test:cluster` (not part of `npm test`).

const REPORTS = Number(process.env.CLUSTER_REPORTS ?? 30);
/** Kill web-1 once this many reports were acknowledged (the others are in flight or not sent yet). */
const KILL_AFTER = Math.max(3, Math.floor(REPORTS / 5));
const JOB_LEASE_SECONDS = 8;
const SWEEP_SECONDS = 6;
const PASSWORD = 'cluster-Demo-2026';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-cluster-'));
const cleanups: (() => Promise<unknown>)[] = [];
let db: pg.Pool;
let s3: S3Store;
let worker: AppProc;
const web: AppProc[] = [];
let nginx: Nginx;
let env: NodeJS.ProcessEnv;
const log = (n: string) => path.join(dir, `${n}.log`);

before(async () => {
  const scratch = await scratchPgDatabase(); // empty: the first worker applies the migrations, as on a new server
  cleanups.push(scratch.drop);
  db = new pg.Pool({ connectionString: scratch.url, max: 2 });
  cleanups.push(() => db.end());
  s3 = await startS3Store({ dir: path.join(dir, 's3'), logFile: log('s3') });
  cleanups.push(() => s3.stop());
  env = {
    ...process.env,
    ...s3.env,
    DATABASE_URL: scratch.url,
    DATA_DIR: path.join(dir, 'data'),
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'info',
    PHOTO_WORKER: '0',
    JOB_LEASE_SECONDS: String(JOB_LEASE_SECONDS),
    SWEEP_SECONDS: String(SWEEP_SECONDS),
  };
  worker = await startApp('worker-1', { ...env, RUN_WORKER: '1', DEMO: '1', DEMO_CASES: '20', DEMO_PASSWORD: PASSWORD }, { logFile: log('worker-1') });
  cleanups.push(() => worker.stop());
  for (const n of [1, 2]) {
    const w = await startApp(`web-${n}`, { ...env, RUN_WORKER: '0', DEMO: '0' }, { logFile: log(`web-${n}`) });
    cleanups.push(() => w.stop());
    web.push(w);
  }
  nginx = await startNginx({ web: web.map((w) => w.port), runDir: path.join(dir, 'nginx'), logFile: log('nginx') });
  cleanups.push(() => nginx.stop());
  console.log(`# cluster: nginx ${nginx.base}, web ${web.map((w) => w.port).join(' ')}, worker ${worker.port}, s3 ${s3.port}; logs in ${dir}`);
});

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  if (!process.env.KEEP_CLUSTER_LOGS) fs.rmSync(dir, { recursive: true, force: true });
});

const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) => (await db.query(text, values)).rows as T[];

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function login(role: string) {
  const r = await fetch(`${nginx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(env.DATA_DIR!, role)),
  });
  assert.equal(r.status, 200, await r.clone().text());
  return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
}

interface Report {
  clientId: string;
  payload: Buffer;
  headers: Record<string, string>;
  sha256: string;
}

async function reports(n: number, seed: number): Promise<Report[]> {
  const villages = loadDemoDivisions().filter((f) => f.properties.parent_code === DEMO_TOWN);
  const out: Report[] = [];
  for (let i = 0; i < n; i++) {
    const [lon, lat] = villages[i % villages.length].properties.centroid;
    const img = await jpegWithExif({ lon: lon + i * 1e-5, lat, at: new Date(Date.now() - 60_000), seed: seed + i, width: 1200, height: 900 });
    const clientId = randomUUID();
    const mp = multipart({ clientId, lon: String(lon + i * 1e-5), lat: String(lat), accuracy: '8', category: 'shed' }, [
      { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img },
    ]);
    out.push({ clientId, ...mp, sha256: createHash('sha256').update(img).digest('hex') });
  }
  return out;
}

const post = (r: Report, auth: Record<string, string>) => fetch(`${nginx.base}/api/cases`, { method: 'POST', headers: { ...r.headers, ...auth }, body: r.payload });

test(`kill -9 of a web process during ${REPORTS} concurrent reports through nginx: every acknowledged report stored once with its photo; a retry gets the same case`, async () => {
  const auth = await login('inspector');
  const all = await reports(REPORTS, 7000);
  /** every 2xx answer per clientId: the case id it named */
  const answers = new Map<string, string[]>();
  let acked = 0;
  let cutOff = 0;
  let killing: Promise<void> | null = null;
  const killedPort = web[0].port;
  // like the phone's outbox: each report is sent until it is acknowledged (a cut connection, 502, 503: again)
  await Promise.all(
    all.map(async (r) => {
      for (let attempt = 0; attempt < 30; attempt++) {
        try {
          const res = await post(r, auth);
          const body = (await res.json()) as { id: string; photos: { sha256: string }[] };
          if (res.status === 200 || res.status === 201) {
            assert.equal(body.photos[0].sha256, r.sha256);
            answers.set(r.clientId, [...(answers.get(r.clientId) ?? []), body.id]);
            if (++acked >= KILL_AFTER && !killing) killing = web[0].kill();
            return;
          }
          assert.ok([502, 503, 504].includes(res.status), `unexpected ${res.status} ${JSON.stringify(body)}`);
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
        }
        cutOff++;
        await new Promise((res) => setTimeout(res, 200 + attempt * 100));
      }
      throw new Error(`report ${r.clientId} never acknowledged`);
    }),
  );
  await killing;
  assert.ok(killing, 'web-1 was killed during the load');
  console.log(`# ${acked} acknowledged, ${cutOff} attempts cut off or refused (web-1 on :${killedPort} killed after ${KILL_AFTER})`);
  assert.equal(answers.size, REPORTS);

  // a client that sends a report again (its outbox did not see the answer) gets the same case
  const again = await Promise.all(all.map(async (r) => ({ r, res: await post(r, auth) })));
  for (const { r, res } of again) {
    assert.equal(res.status, 200, `replay of ${r.clientId}`);
    answers.get(r.clientId)!.push(((await res.json()) as { id: string }).id);
  }
  for (const [clientId, ids] of answers) assert.equal(new Set(ids).size, 1, `one case for ${clientId}: ${ids.join(', ')}`);

  // in the database: one case per clientId, one photo each with the declared hash
  const ids = all.map((r) => r.clientId);
  const rows = await q<{ client_id: string; id: string; photos: string; sha: string[] }>(
    `select c.client_id, c.id, count(p.id) as photos, array_agg(p.sha256) as sha from cases c left join photos p on p.case_id = c.id
     where c.client_id = any($1::uuid[]) group by c.client_id, c.id`,
    [ids],
  );
  assert.equal(rows.length, REPORTS, 'one case per report');
  const bySha = new Map(all.map((r) => [r.clientId, r.sha256]));
  for (const row of rows) {
    assert.equal(Number(row.photos), 1, `one photo on ${row.id}`);
    assert.equal(row.sha[0], bySha.get(row.client_id));
    assert.equal(row.id, answers.get(row.client_id)![0]);
  }
  // every photo intact, read through nginx from the surviving process and the store
  const photos = await q<{ id: string; sha256: string }>(`select p.id, p.sha256 from photos p join cases c on c.id = p.case_id where c.client_id = any($1::uuid[])`, [ids]);
  for (const p of photos) {
    const res = await fetch(`${nginx.base}/api/photos/${p.id}/original`, { headers: auth });
    assert.equal(res.status, 200);
    assert.equal(
      createHash('sha256')
        .update(Buffer.from(await res.arrayBuffer()))
        .digest('hex'),
      p.sha256,
    );
    for (const v of ['display', 'thumbnail']) assert.equal((await fetch(`${nginx.base}/api/photos/${p.id}/${v}`, { headers: auth })).status, 200, `${v} of ${p.id}`);
  }
  // the worker scored each new case exactly once (the web processes queue, only the worker runs jobs)
  const jobs = await until('the reports’ jobs done', async () => {
    const j = await q<{ case_id: string; name: string; n: string; done: string; attempts: string }>(
      `select payload->>'caseId' as case_id, name, count(*) as n, count(*) filter (where status = 'done') as done, max(attempts) as attempts
       from jobs where payload->>'caseId' = any($1::text[]) group by 1, 2`,
      [rows.map((r) => r.id)],
    );
    return j.length && j.every((x) => x.n === x.done) ? j : null;
  });
  const scored = jobs.filter((j) => j.name === 'case.score_duplicates');
  assert.equal(scored.length, REPORTS, 'a scoring job for each case');
  for (const j of jobs) {
    assert.equal(Number(j.n), 1, `${j.name} of ${j.case_id} queued once`);
    assert.equal(Number(j.attempts), 1, `${j.name} of ${j.case_id} ran once`);
  }
  const lockedBy = await q<{ locked_by: string }>(`select distinct locked_by from jobs where payload->>'caseId' = any($1::text[])`, [rows.map((r) => r.id)]);
  assert.deepEqual(
    lockedBy.map((l) => l.locked_by.split(':')[1]),
    [String(worker.child.pid)],
    'run by the worker',
  );
});

test('sweeps and notices: once across two workers; the lease moves to the survivor when its holder is killed', async () => {
  const worker2 = await startApp('worker-2', { ...env, RUN_WORKER: '1', DEMO: '0' }, { logFile: log('worker-2') });
  cleanups.push(() => worker2.stop());
  const holderPid = async () => {
    const [l] = await q<{ holder: string }>(`select holder from cluster_leases where name = 'sweep' and until > now()`);
    return l ? Number(l.holder.split(':')[1]) : null;
  };
  assert.equal(await holderPid(), worker.child.pid, 'the first worker holds the sweep');
  await worker2.waitFor(/cluster lease held elsewhere/, 30_000);
  // the reports of the first test become overdue: the next sweep issues their notices, once
  const [{ n: overdue }] = await q<{ n: string }>(
    `with u as (update cases set deadline_at = now() - interval '3 days' where status = 'reported' and client_id is not null returning 1) select count(*) as n from u`,
  );
  assert.ok(Number(overdue) >= REPORTS);
  await until('notices issued', async () => Number((await q<{ n: string }>(`select count(*) as n from supervision_notices`))[0].n) >= REPORTS, SWEEP_SECONDS * 3 * 1000);
  // a few more sweep periods with both workers: one runs the sweep, the other says the lease is held elsewhere
  await new Promise((r) => setTimeout(r, SWEEP_SECONDS * 2 * 1000));
  assert.equal(await holderPid(), worker.child.pid);
  assert.ok(!worker2.lines.some((l) => /"lease":"sweep".*cluster lease taken/.test(l)), 'worker-2 never ran the sweep');
  // no notice, notification, reminder or nightly sweep is doubled
  assert.deepEqual(await q(`select case_id, count(*) from supervision_notices group by 1 having count(*) > 1`), []);
  assert.deepEqual(await q(`select case_id, step, deadline_missed, level, count(*) from supervision_notices group by 1, 2, 3, 4 having count(*) > 1`), []);
  assert.deepEqual(
    await q(
      `select user_id, kind, title, body, case_id, count(*) from notifications where kind in ('notice_issued', 'notice_escalated', 'deadline_approaching')
       group by 1, 2, 3, 4, 5 having count(*) > 1`,
    ),
    [],
  );
  assert.deepEqual(await q(`select name, payload, count(*) from jobs where name = 'alerts.sweep' group by 1, 2 having count(*) > 1`), []);
  // the holder dies: the survivor takes the lease when it runs out (1.5 periods) and sweeps from then on
  await worker.kill();
  const took = await until('worker-2 holds the sweep', async () => (await holderPid()) === worker2.child.pid, SWEEP_SECONDS * 4 * 1000);
  assert.ok(took);
  worker = worker2;
});

test('a setting changed through one process is read by another at once (its cache dropped by NOTIFY, not after the minute)', async () => {
  const admin = await login('admin');
  const survivorWeb = web.find((w) => !w.exited)!;
  const read = async (base: string) => (await (await fetch(`${base}/api/settings/deadlines`, { headers: admin })).json()) as { verifyDays: number } & Record<string, unknown>;
  const before = await read(worker.base); // cached in the worker now
  const changed = { ...before, verifyDays: before.verifyDays + 1 };
  const put = await fetch(`${survivorWeb.base}/api/settings/deadlines`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify(changed),
  });
  assert.equal(put.status, 200, await put.clone().text());
  const seen = await until('the worker reads the new policy', async () => (await read(worker.base)).verifyDays === changed.verifyDays, 5000);
  assert.ok(seen);
});

test('kill -9 of the worker during an index run: another worker takes the job back and the run finishes once', async () => {
  // a second worker beside the one that will be killed
  const spare = await startApp('worker-3', { ...env, RUN_WORKER: '1', DEMO: '0' }, { logFile: log('worker-3') });
  cleanups.push(() => spare.stop());
  const city = await login('city_office');
  const workers = [worker, spare].filter((w) => !w.exited);
  // a run long enough to be caught running (Monte Carlo draws)
  const res = await fetch(`${nginx.base}/api/index/runs`, {
    method: 'POST',
    headers: { ...city, 'content-type': 'application/json' },
    body: JSON.stringify({ period: lastMonth(), draws: 20000 }),
  });
  assert.ok(res.status === 201 || res.status === 202 || res.status === 200, await res.clone().text());
  const runId = ((await res.json()) as { id: string }).id;
  const running = await until(
    'the index job running',
    async () =>
      (await q<{ id: string; locked_by: string }>(`select id, locked_by from jobs where name = 'index.run' and payload->>'runId' = $1 and status = 'running'`, [runId]))[0],
    30_000,
  );
  const victim = workers.find((w) => w.child.pid === Number(running.locked_by.split(':')[1]))!;
  assert.ok(victim, `the job is run by one of the workers (${running.locked_by})`);
  await victim.kill();
  const survivor = workers.find((w) => w !== victim)!;
  const status = await until(
    'the index run done',
    async () => {
      const [r] = await q<{ status: string }>(`select status from index_runs where id = $1`, [runId]);
      return r.status === 'done' || r.status === 'failed' ? r.status : null;
    },
    (JOB_LEASE_SECONDS * 3 + 60) * 1000,
  );
  assert.equal(status, 'done');
  // the worker marks a job done with its next claim, a moment after the run's own row says done
  const job = await until(
    'the index job done',
    async () =>
      (await q<{ status: string; attempts: number; locked_by: string }>(`select status, attempts, locked_by from jobs where id = $1 and status <> 'running'`, [running.id]))[0],
    30_000,
  );
  assert.equal(job.status, 'done');
  assert.equal(job.attempts, 2, 'taken back once');
  assert.equal(Number(job.locked_by.split(':')[1]), survivor.child.pid);
  const [{ n }] = await q<{ n: string }>(`select count(*) as n from index_results where run_id = $1`, [runId]);
  assert.ok(Number(n) > 0);
  worker = survivor;
});

test('the S3 store stops: a report gets 503 and nothing is written; when it is back the same report is stored', async () => {
  const auth = await login('inspector');
  const [r] = await reports(1, 9100);
  await s3.stop();
  const res = await post(r, auth);
  const body = (await res.json()) as { code: string; message: string };
  assert.equal(res.status, 503, JSON.stringify(body));
  assert.equal(body.code, 'blobs.unavailable');
  assert.match(body.message, /照片存储暂时不可用/);
  assert.deepEqual(await q(`select id from cases where client_id = $1`, [r.clientId]), [], 'no case');
  assert.deepEqual(await q(`select p.id from photos p where p.sha256 = $1`, [r.sha256]), [], 'no photo');
  s3 = await startS3Store({ dir: s3.dir, port: s3.port, logFile: log('s3') });
  const ok = await post(r, auth);
  assert.equal(ok.status, 201, await ok.clone().text());
  const c = (await ok.json()) as { photos: { id: string; sha256: string }[] };
  const orig = await fetch(`${nginx.base}/api/photos/${c.photos[0].id}/original`, { headers: auth });
  assert.equal(
    createHash('sha256')
      .update(Buffer.from(await orig.arrayBuffer()))
      .digest('hex'),
    r.sha256,
  );
});

function lastMonth() {
  const d = new Date(Date.now() + 8 * 3600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}
