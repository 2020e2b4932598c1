import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startApp, startNginx, startS3Store, type AppProc, type Nginx } from '../../deploy/cluster.js';
import { demoAccount } from '../support/process-server.js';
import { DEMO_TOWN, loadDemoDivisions } from '../../src/demo/demo.seed.js';

// Issue 23's read replica (docs/scale.md, "The read replica"): a PostgreSQL of the test's own (initdb in a
// temporary directory, never the machine's shared server) and a streaming replica of it made with
// `pg_basebackup -R` on another port. Two web processes behind nginx and a worker run with DATABASE_READ_URL.
// The proof that a read went to the replica cannot pass by accident: the replica's replay is paused, a case
// is written on the primary, and a read that does not show it came from the replica.

const BIN = fs.existsSync('/usr/lib/postgresql/15/bin/initdb') ? '/usr/lib/postgresql/15/bin' : path.dirname(execFileSync('which', ['pg_ctl'], { encoding: 'utf8' }).trim());
const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0
    ? execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { encoding: 'utf8' })
    : execFileSync(`${BIN}/${cmd}`, args, { encoding: 'utf8' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-replica-'));
const primaryDir = path.join(dir, 'primary');
const replicaDir = path.join(dir, 'replica');
let primaryPort = 0;
let replicaPort = 0;
const cleanups: (() => Promise<unknown>)[] = [];
let primary: pg.Pool;
let replica: pg.Pool;
let worker: AppProc;
let webs: AppProc[] = [];
let nginx: Nginx;
let env: NodeJS.ProcessEnv;
const log = (n: string) => path.join(dir, `${n}.log`);
const pgCtl = (data: string, ...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-l', path.join(data, 'server.log'), '-w', ...args]);
const ownDir = (d: string) => {
  fs.mkdirSync(d, { mode: 0o700 });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres:postgres', d]);
};

before(async () => {
  fs.chmodSync(dir, 0o755);
  ownDir(primaryDir);
  asPostgres('initdb', ['-D', primaryDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  primaryPort = await freePort();
  // wal_level 'replica' and 10 WAL senders are PostgreSQL's defaults; the replication connection needs a pg_hba
  // line of its own ('all' does not cover it): initdb -A trust writes one for 127.0.0.1, added here in case
  fs.appendFileSync(
    path.join(primaryDir, 'postgresql.conf'),
    `\nport = ${primaryPort}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${primaryDir}'\nwal_level = replica\nmax_wal_senders = 4\n`,
  );
  fs.appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
  pgCtl(primaryDir, 'start');
  cleanups.push(async () => pgCtl(primaryDir, 'stop', '-m', 'immediate'));
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${primaryPort}/postgres` });
  await admin.connect();
  await admin.query('create database wwj');
  await admin.end();
  // the replica: a base backup with -R (standby.signal + primary_conninfo), on a port of its own
  ownDir(replicaDir);
  asPostgres('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
  replicaPort = await freePort();
  fs.appendFileSync(path.join(replicaDir, 'postgresql.conf'), `\nport = ${replicaPort}\nunix_socket_directories = '${replicaDir}'\n`);
  pgCtl(replicaDir, 'start');
  cleanups.push(async () => pgCtl(replicaDir, 'stop', '-m', 'immediate'));
  const url = `postgres://postgres@127.0.0.1:${primaryPort}/wwj`;
  const readUrl = `postgres://postgres@127.0.0.1:${replicaPort}/wwj`;
  primary = new pg.Pool({ connectionString: url, max: 2 });
  replica = new pg.Pool({ connectionString: readUrl, max: 2 });
  for (const p of [primary, replica]) p.on('error', () => undefined);
  cleanups.push(
    () => primary.end(),
    () => replica.end(),
  );
  assert.equal((await replica.query('select pg_is_in_recovery() as r')).rows[0].r, true, 'the replica is a standby');
  const s3 = await startS3Store({ dir: path.join(dir, 's3'), logFile: log('s3') });
  cleanups.push(() => s3.stop());
  // a lag allowance of an hour: the replica paused below stays "fresh" for the router, so reads keep going to it
  env = {
    ...process.env,
    ...s3.env,
    DATABASE_URL: url,
    DATABASE_READ_URL: readUrl,
    DATABASE_READ_MAX_LAG_SECONDS: '3600',
    DATA_DIR: path.join(dir, 'data'),
    TRUST_PROXY: '127.0.0.1',
    LOG_LEVEL: 'info',
    PHOTO_WORKER: '0',
  };
  worker = await startApp('worker', { ...env, RUN_WORKER: '1', DEMO: '1', DEMO_CASES: '20', DEMO_PASSWORD: 'replica-Demo-2026' }, { logFile: log('worker') });
  cleanups.push(() => worker.stop());
  webs = await Promise.all([1, 2].map((n) => startApp(`web${n}`, { ...env, RUN_WORKER: '0', DEMO: '0' }, { logFile: log(`web${n}`) })));
  for (const web of webs) cleanups.push(() => web.stop());
  nginx = await startNginx({ web: webs.map((w) => w.port), runDir: path.join(dir, 'nginx'), logFile: log('nginx') });
  cleanups.push(() => nginx.stop());
});

after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  if (process.env.KEEP_CLUSTER_LOGS) console.log(`# logs kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
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

/** A browser-like session: keeps every cookie the server sets (the session and `wwj_wrote`). */
async function browser(role: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const headers = () => ({ cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
  const login = await fetch(`${nginx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(env.DATA_DIR!, role)),
  });
  assert.equal(login.status, 200);
  keep(login);
  return {
    jar,
    async get(base: string, url: string) {
      const res = await fetch(`${base}${url}`, { headers: headers() });
      keep(res);
      return res;
    },
    async post(base: string, url: string, body: unknown) {
      const res = await fetch(`${base}${url}`, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
      keep(res);
      return res;
    },
  };
}

/** A client that keeps no cookie but its token (a GIS client, a script): it never wrote. */
async function reader(role: string) {
  const login = await fetch(`${nginx.base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoAccount(env.DATA_DIR!, role)),
  });
  assert.equal(login.status, 200);
  const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  return (base: string, url: string) => fetch(`${base}${url}`, { headers: auth });
}

const exportIds = async (res: Response) => {
  assert.equal(res.status, 200, `export answered ${res.status}: ${await res.clone().text()}`);
  return new Set(((await res.json()) as { features: { properties: { id?: string }; id?: string }[] }).features.map((f) => String(f.id ?? f.properties.id)));
};
const mapIds = async (res: Response) => {
  assert.equal(res.status, 200, `map answered ${res.status}`);
  const body = (await res.json()) as { mode: string; points?: { id: string }[] };
  assert.equal(body.mode, 'points');
  return new Set(body.points!.map((p) => p.id));
};
const caseCount = async (p: pg.Pool) => Number((await p.query('select count(*) as n from cases')).rows[0].n);

test('a read replica: lag-tolerant reads go to it, a session reads its own writes from the primary, and the app answers when it stops', async () => {
  for (const w of [...webs, worker]) await w.waitFor(/read replica connected/, 30_000);
  const seeded = await caseCount(primary);
  assert.ok(seeded >= 20);
  await until('the replica has the demo city', async () => (await caseCount(replica)) === seeded);
  const [lon, lat] = loadDemoDivisions().filter((f) => f.properties.parent_code === DEMO_TOWN)[0].properties.centroid;
  const bbox = `${lon - 0.5},${lat - 0.5},${lon + 0.5},${lat + 0.5}`;
  const EXPORT = '/api/cases/export.geojson';
  const MAP = `/api/cases/map?view=${bbox}&zoom=10`;
  const health = async (base: string) => (await (await fetch(`${base}/api/health`)).json()) as { status: string; replica: string; replicaLagSeconds: number | null };
  await until('every web process reports the replica up', async () => (await Promise.all(webs.map((w) => health(w.base)))).every((h) => h.replica === 'up'));
  const gis = await reader('city_office');
  const office = await browser('city_office');
  const before = await exportIds(await gis(nginx.base, EXPORT));
  assert.ok(before.size > 0);

  // the replica stops replaying: from now on it and the primary differ by whatever is written
  await replica.query('select pg_wal_replay_pause()');
  await until('replay paused', async () => (await replica.query(`select pg_get_wal_replay_pause_state() as s`)).rows[0].s === 'paused');
  const created = await office.post(webs[0].base, '/api/cases', {
    lon,
    lat: lat + 0.0004,
    source: 'patrol',
    category: 'building',
    areaM2: 88,
    landType: 'cultivated',
  });
  assert.equal(created.status, 201, await created.clone().text());
  const caseId = ((await created.json()) as { id: string }).id;
  assert.ok(office.jar.has('wwj_wrote'), 'a write request sets the wrote-at cookie');
  assert.equal(Number((await primary.query('select count(*) as n from cases where id = $1', [caseId])).rows[0].n), 1, 'the case is on the primary');
  assert.equal(Number((await replica.query('select count(*) as n from cases where id = $1', [caseId])).rows[0].n), 0, 'and not on the paused replica');
  // the paused replica falls behind the primary: /api/health says by how much (within the hour this test allows, it is still read)
  const behind = await until(
    'health reports the replica behind',
    async () => {
      const h = await health(webs[0].base);
      return (h.replicaLagSeconds ?? 0) >= 2 && h;
    },
    30_000,
  );
  assert.deepEqual([behind.status, behind.replica], ['ok', 'up'], JSON.stringify(behind));

  // (2) the session that wrote reads its write, through the other web process too (the cookie says when it wrote)
  for (const w of webs) {
    assert.ok((await exportIds(await office.get(w.base, EXPORT))).has(caseId), `${w.name}: the writer's export has its case`);
    assert.ok((await mapIds(await office.get(w.base, MAP))).has(caseId), `${w.name}: the writer's map has its case`);
  }
  // (1) a client that did not write reads the replica: the export and the map do not have the case yet
  for (const base of [webs[0].base, webs[1].base, nginx.base]) {
    const ids = await exportIds(await gis(base, EXPORT));
    assert.equal(ids.size, before.size, 'the export came from the paused replica');
    assert.ok(!ids.has(caseId));
    assert.ok(!(await mapIds(await gis(base, MAP))).has(caseId), 'the map came from the paused replica');
  }
  // the case page and the to-do list stay on the primary for everybody
  const page = await gis(nginx.base, `/api/cases/${caseId}`);
  assert.equal(page.status, 200, 'a case page reads the primary');

  // replay resumes: the replica catches up and the reader sees the case
  await replica.query('select pg_wal_replay_resume()');
  await until('the reader sees the case once the replica replayed it', async () => (await exportIds(await gis(nginx.base, EXPORT))).has(caseId), 30_000);

  // (3) the replica stops: reads go to the primary with a log line, no error
  pgCtl(replicaDir, 'stop', '-m', 'fast');
  const second = await office.post(webs[1].base, '/api/cases', { lon, lat: lat + 0.0008, source: 'patrol', category: 'building', areaM2: 40, landType: 'cultivated' });
  assert.equal(second.status, 201);
  const secondId = ((await second.json()) as { id: string }).id;
  const statuses = new Map<number, number>();
  for (let i = 0; i < 12; i++) {
    for (const url of [EXPORT, MAP, '/api/overview', '/api/reports/monthly']) {
      const res = await gis(nginx.base, url);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (url === EXPORT && res.status === 200) assert.ok((await exportIds(res)).has(secondId), 'with the replica down the export reads the primary');
      else await res.arrayBuffer();
    }
  }
  assert.deepEqual([...statuses.keys()], [200], `every read answered 200 with the replica down: ${JSON.stringify(Object.fromEntries(statuses))}`);
  for (const w of webs) await w.waitFor(/read replica unreachable, reads go to the primary/, 10_000);
  const down = await health(nginx.base);
  assert.deepEqual([down.status, down.replica, down.replicaLagSeconds], ['ok', 'down', null], 'a replica that is down leaves the process healthy');
  assert.equal(webs.some((w) => w.exited) || worker.exited, false, 'no process died');

  // it comes back: the processes find it and read it again (paused once more, it misses a third case)
  pgCtl(replicaDir, 'start');
  for (const w of webs) await w.waitFor(/read replica back after/, 30_000);
  await until('the replica has the second case', async () => Number((await replica.query('select count(*) as n from cases where id = $1', [secondId])).rows[0].n) === 1);
  await replica.query('select pg_wal_replay_pause()');
  const third = await office.post(webs[0].base, '/api/cases', { lon, lat: lat + 0.0012, source: 'patrol', category: 'building', areaM2: 30, landType: 'cultivated' });
  assert.equal(third.status, 201);
  const thirdId = ((await third.json()) as { id: string }).id;
  assert.ok(!(await exportIds(await gis(nginx.base, EXPORT))).has(thirdId), 'the reader reads the replica again');
  assert.ok((await exportIds(await office.get(nginx.base, EXPORT))).has(thirdId), 'the writer still reads its write');
  await replica.query('select pg_wal_replay_resume()');
});
