import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startApp, startNginx, startS3Store, type AppProc, type Nginx, type S3Store } from '../../deploy/cluster.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { demoAccount } from '../support/process-server.js';
import { DEMO_TOWN, loadDemoDivisions } from '../../src/demo/demo.seed.js';

// Issue 23's fault "restart PostgreSQL during load": on a PostgreSQL of the test's own (initdb in a temporary
// directory, never the machine's shared server), restarted while reports come in through nginx. The processes
// reconnect without a restart of their own, every acknowledged report is there once, and the events
// connection listens again.

const REPORTS = 20;
const BIN = fs.existsSync('/usr/lib/postgresql/15/bin/initdb') ? '/usr/lib/postgresql/15/bin' : path.dirname(execFileSync('which', ['pg_ctl'], { encoding: 'utf8' }).trim());
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0
    ? execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { encoding: 'utf8' })
    : execFileSync(`${BIN}/${cmd}`, args, { encoding: 'utf8' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-pgrestart-'));
const pgDir = path.join(dir, 'pg');
let pgPort = 0;
const cleanups: (() => Promise<unknown>)[] = [];
let db: pg.Pool;
let s3: S3Store;
let worker: AppProc;
let web: AppProc;
let nginx: Nginx;
let env: NodeJS.ProcessEnv;
const log = (n: string) => path.join(dir, `${n}.log`);
const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', pgDir, '-l', path.join(pgDir, 'server.log'), '-w', ...args]);

before(async () => {
  fs.mkdirSync(pgDir, { mode: 0o700 });
  fs.chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', pgDir]);
  asPostgres('initdb', ['-D', pgDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  pgPort = await freePort();
  fs.appendFileSync(path.join(pgDir, 'postgresql.conf'), `\nport = ${pgPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${pgDir}'\nfsync = on\n`);
  pgCtl('start');
  cleanups.push(async () => pgCtl('stop', '-m', 'immediate'));
  const url = `postgres://postgres@127.0.0.1:${pgPort}/wwj`;
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${pgPort}/postgres` });
  await admin.connect();
  await admin.query('create database wwj');
  await admin.end();
  db = new pg.Pool({ connectionString: url, max: 2 });
  db.on('error', () => undefined);
  cleanups.push(() => db.end());
  s3 = await startS3Store({ dir: path.join(dir, 's3'), logFile: log('s3') });
  cleanups.push(() => s3.stop());
  env = { ...process.env, ...s3.env, DATABASE_URL: url, DATA_DIR: path.join(dir, 'data'), TRUST_PROXY: '127.0.0.1', LOG_LEVEL: 'info', PHOTO_WORKER: '0' };
  worker = await startApp('worker', { ...env, RUN_WORKER: '1', DEMO: '1', DEMO_CASES: '20', DEMO_PASSWORD: 'restart-Demo-2026' }, { logFile: log('worker') });
  cleanups.push(() => worker.stop());
  web = await startApp('web', { ...env, RUN_WORKER: '0', DEMO: '0' }, { logFile: log('web') });
  cleanups.push(() => web.stop());
  nginx = await startNginx({ web: [web.port], runDir: path.join(dir, 'nginx'), logFile: log('nginx') });
  cleanups.push(() => nginx.stop());
});

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  if (!process.env.KEEP_CLUSTER_LOGS) fs.rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => null);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(`PostgreSQL restarted during ${REPORTS} concurrent reports: the processes reconnect on their own and every acknowledged report is stored once`, async () => {
  const login = await fetch(`${nginx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(env.DATA_DIR!, 'inspector')),
  });
  assert.equal(login.status, 200);
  const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const villages = loadDemoDivisions().filter((f) => f.properties.parent_code === DEMO_TOWN);
  const reports = await Promise.all(
    Array.from({ length: REPORTS }, async (_, i) => {
      const [lon, lat] = villages[i % villages.length].properties.centroid;
      const img = await jpegWithExif({ lon, lat: lat + i * 1e-5, at: new Date(Date.now() - 60_000), seed: 5100 + i, width: 1200, height: 900 });
      const clientId: string = randomUUID();
      const mp = multipart({ clientId, lon: String(lon), lat: String(lat + i * 1e-5), accuracy: '8', category: 'shed' }, [
        { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img },
      ]);
      return { clientId, ...mp, sha256: createHash('sha256').update(img).digest('hex') };
    }),
  );
  const caseOf = new Map<string, string>(); // clientId → case id
  const refused = new Map<number, number>();
  let restarting: Promise<void> | null = null;
  await Promise.all(
    reports.map(async (r, i) => {
      // spread over the restart: a few at first, the rest while it happens
      await new Promise((res) => setTimeout(res, i * 150));
      for (let attempt = 0; attempt < 60; attempt++) {
        try {
          const res = await fetch(`${nginx.base}/api/cases`, { method: 'POST', headers: { ...r.headers, ...auth }, body: r.payload });
          const body = (await res.json()) as { id: string; code?: string };
          if (res.status === 200 || res.status === 201) {
            caseOf.set(r.clientId, body.id);
            if (caseOf.size === 4 && !restarting) {
              restarting = (async () => {
                pgCtl('restart', '-m', 'fast');
              })();
            }
            return;
          }
          refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
          assert.ok([502, 503, 504].includes(res.status), `unexpected ${res.status} ${JSON.stringify(body)}`);
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          refused.set(0, (refused.get(0) ?? 0) + 1);
        }
        await new Promise((res) => setTimeout(res, 250));
      }
      throw new Error(`report ${r.clientId} never acknowledged`);
    }),
  );
  await restarting;
  assert.ok(restarting, 'PostgreSQL was restarted during the load');
  console.log(`# ${caseOf.size} acknowledged; refused during the restart: ${JSON.stringify(Object.fromEntries(refused))}`);
  assert.equal(worker.exited || web.exited, false, 'no process died');
  const rows = (
    await db.query<{ client_id: string; id: string; photos: string; sha: string }>(
      `select c.client_id, c.id, count(p.id) as photos, min(p.sha256) as sha from cases c left join photos p on p.case_id = c.id where c.client_id = any($1::uuid[]) group by 1, 2`,
      [reports.map((r) => r.clientId)],
    )
  ).rows;
  assert.equal(rows.length, REPORTS, 'one case per report');
  const sha = new Map(reports.map((r) => [r.clientId, r.sha256]));
  for (const row of rows) {
    assert.equal(row.id, caseOf.get(row.client_id));
    assert.equal(Number(row.photos), 1);
    assert.equal(row.sha, sha.get(row.client_id));
  }
  // the worker scores them (its queue reconnected), and its events connection listens again: a setting
  // changed through the web process is read by the worker at once
  await until(
    'the scoring jobs done',
    async () =>
      Number(
        (
          await db.query(`select count(*) as n from jobs where name = 'case.score_duplicates' and status = 'done' and payload->>'caseId' = any($1::text[])`, [
            rows.map((r) => r.id),
          ])
        ).rows[0].n,
      ) === REPORTS,
  );
  await worker.waitFor(/cluster events: listening again/, 30_000);
  const adminLogin = await fetch(`${nginx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(env.DATA_DIR!, 'admin')),
  });
  const admin = { authorization: `Bearer ${((await adminLogin.json()) as { token: string }).token}` };
  const read = async (base: string) => (await (await fetch(`${base}/api/settings/deadlines`, { headers: admin })).json()) as { verifyDays: number } & Record<string, unknown>;
  const before = await read(worker.base);
  const put = await fetch(`${web.base}/api/settings/deadlines`, {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ ...before, verifyDays: before.verifyDays + 2 }),
  });
  assert.equal(put.status, 200);
  assert.ok(await until('the worker reads the new policy', async () => (await read(worker.base)).verifyDays === before.verifyDays + 2, 5000));
});
