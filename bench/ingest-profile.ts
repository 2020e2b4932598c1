/**
 * ingest-profile: where one patrol report's time and CPU go, in process, one report at a time (the
 * diagnosis behind ingest.ts). Run by hand.
 *
 *   npx tsx bench/ingest-profile.ts --driver postgres --n 30
 *   npx tsx bench/ingest-profile.ts --driver pglite --n 30
 *
 * The demo city (bench/make-city.ts --cases demo) is copied — PostgreSQL: `create database
 * wwj_bench_ingest_prof template wwj_bench_demo`, dropped afterwards; PGlite: the cached tarball opened in
 * memory — and the real app (buildApp(createDeps(…))) receives N reports of the ingest benchmark's photos
 * through `app.inject` (no sockets), placed next to open cases of the inspector's town like ingest.ts.
 * After each report the worker's jobs are drained in the same process. Measured per report:
 *   - phases: the service functions on the report's path, wrapped (wall ms and the process's CPU ms,
 *     which includes libvips' threads: one report at a time, so the CPU belongs to that phase);
 *   - every SQL statement (onQuery: ms as the client saw it), grouped by its text;
 *   - PostgreSQL: CPU of the pool's backends (/proc), per report and per job.
 * Then EXPLAIN (ANALYZE, BUFFERS) of the costliest statements (PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Database, Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { multipart } from '../test/support/images.js';
import { arg, BENCH_PASSWORD, benchConfig, cityCached, mdTable, openCityCopy, pgDropDatabase, procCpuMs, stats } from './lib.js';
import { ensurePhotos, photoFile, withExif } from './photos.js';
import { makeCity } from './make-city.js';

const PROF_DB = 'wwj_bench_ingest_prof';
const argv = process.argv.slice(2);
const driver = arg(argv, 'driver', 'postgres') as Driver;
const n = Number(arg(argv, 'n', '30'));
const from = Number(arg(argv, 'from', '200')); // photos from the end of the cache: ingest.ts uses the start

if (!(await cityCached(driver, 'demo'))) await makeCity(driver, 'demo');
await ensurePhotos(from + n);

let capture: { sql: string; ms: number; phase: string }[] | null = null;
let phase = 'request';
const onQuery = (sql: string, _p: readonly unknown[], ms: number) => capture?.push({ sql, ms, phase });
const db: Database = await openCityCopy(driver, 'demo', PROF_DB, { onQuery });
const raw = async (sql: string, params: unknown[] = []) => (db.pglite ? (await db.pglite.query(sql, params)).rows : (await db.pool!.query(sql, params)).rows) as any[];
const { config, dataDir } = benchConfig(driver, 'demo');
const deps = createDeps(config, db);
const app = await buildApp(deps, { logger: false, webDist: null });

// phases: wrap the functions on the report's path (patrol.report calls them through these objects)
const phases = new Map<string, { wall: number[]; cpu: number[] }>();
function wrap(obj: any, name: string, label: string) {
  const f = obj[name];
  obj[name] = async function (this: unknown, ...args: unknown[]) {
    const prev = phase;
    phase = label;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      return await f.apply(this, args);
    } finally {
      const c = process.cpuUsage(c0);
      const e = phases.get(label) ?? { wall: [], cpu: [] };
      e.wall.push(performance.now() - t0);
      e.cpu.push((c.user + c.system) / 1000);
      phases.set(label, e);
      phase = prev;
    }
  };
}
const s = deps.services;
wrap(s.photos, 'prepareAll', 'photos.prepareAll (inspect + render: sharp, exifr; the original written meanwhile)');
wrap(s.photos, 'withBlobs', 'photos.withBlobs (blob writes + the transaction)');
wrap(s.cases, 'createOnce', '  cases.createOnce (the transaction)');
wrap(s.photos, 'insertRows', '    photos.insertRows (in the transaction)');
wrap(s.divisions, 'locate', 'divisions.locate (each call)');
wrap(s.cases, 'byClientId', 'cases.byClientId (each call)');
wrap(s.photos, 'listForCase', 'photos.listForCase (the response of a resend only)');
wrap(s.patrol, 'report', 'patrol.report (all of it)');
wrap(deps.jobHandlers, 'case.score_duplicates', 'job case.score_duplicates');

const pgPids = async () =>
  driver === 'postgres'
    ? (await db.pool!.query(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [PROF_DB])).rows.map((r) => r.pid as number)
    : [];
const pgCpu = async () => {
  let t = 0;
  for (const p of await pgPids()) t += procCpuMs(p);
  return t;
};

try {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'inspector', password: BENCH_PASSWORD } });
  const token = login.json().token as string;
  const headers = { authorization: `Bearer ${token}` };
  const open = (await app.inject({ method: 'GET', url: '/api/cases?status=reported,verified,classified,rectifying,closing_requested&limit=500', headers }))
    .json()
    .items.filter((c: any) => c.category !== 'pole_line');
  // drain the demo's own queued jobs first (the cached demo city was never run with a worker)
  const t = performance.now();
  const pending = await deps.jobs.drain(deps.jobHandlers);
  console.log(`drained ${pending} queued demo jobs in ${((performance.now() - t) / 1000).toFixed(1)} s; ${open.length} open cases in the town`);
  phases.clear();

  const bodies = [];
  for (let i = 0; i < n + 3; i++) {
    const a = open[i % open.length];
    const lon = a.lon + 2e-5;
    const lat = a.lat;
    const at = new Date(Date.now() - 180_000);
    const jpg = await withExif(fs.readFileSync(photoFile(from + (i % n))), { lon, lat, at });
    bodies.push(
      multipart({ clientId: randomUUID(), lon: String(lon), lat: String(lat), accuracy: '5', category: a.category, note: '基准', capturedAt: at.toISOString() }, [
        { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: jpg },
      ]),
    );
  }
  const reqWall: number[] = [];
  const reqCpu: number[] = [];
  const reqPg: number[] = [];
  const jobWall: number[] = [];
  const jobPg: number[] = [];
  const stmts: { sql: string; ms: number; phase: string }[] = [];
  const windowNs: [bigint, bigint] = [0n, 0n];
  for (const [i, mp] of bodies.entries()) {
    if (i === 3) windowNs[0] = process.hrtime.bigint();
    const warm = i < 3;
    capture = warm ? null : stmts;
    phase = 'request';
    const pg0 = await pgCpu();
    const c0 = process.cpuUsage();
    let t0 = performance.now();
    const r = await app.inject({ method: 'POST', url: '/api/cases', payload: mp.payload, headers: { ...mp.headers, ...headers } });
    const w = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const pg1 = await pgCpu();
    if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
    phase = 'job';
    t0 = performance.now();
    await deps.jobs.drain(deps.jobHandlers);
    const jw = performance.now() - t0;
    const pg2 = await pgCpu();
    capture = null;
    if (warm) {
      if (i === 2) phases.clear();
      continue;
    }
    reqWall.push(w);
    reqCpu.push((c.user + c.system) / 1000);
    reqPg.push(pg1 - pg0);
    jobWall.push(jw);
    jobPg.push(pg2 - pg1);
  }
  windowNs[1] = process.hrtime.bigint();
  // with node --cpu-prof: cpuprofile-top.ts <profile> --from-ns … --to-ns … cuts the measured reports
  console.log(`measured window (CLOCK_MONOTONIC ns): --from-ns ${windowNs[0]} --to-ns ${windowNs[1]}`);
  const med = (xs: number[]) => stats(xs).p50.toFixed(1);
  const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1);
  console.log(`\n${driver}: ${reqWall.length} reports, one at a time (app.inject)`);
  console.log(`request: wall p50 ${med(reqWall)} ms; process CPU mean ${mean(reqCpu)} ms; postgres backends CPU mean ${mean(reqPg)} ms`);
  console.log(`job:     wall p50 ${med(jobWall)} ms; postgres backends CPU mean ${mean(jobPg)} ms`);
  const rows = [['phase', 'calls/report', 'wall p50 ms', 'wall mean ms', 'CPU mean ms']];
  for (const [k, v] of phases) rows.push([k, (v.wall.length / reqWall.length).toFixed(1), med(v.wall), mean(v.wall), mean(v.cpu)]);
  console.log(mdTable(rows, 1));

  const norm = (q: string) => q.replace(/\s+/g, ' ').replace(/"/g, '').trim().slice(0, 110);
  const g = new Map<string, { phase: string; n: number; ms: number; sql: string }>();
  for (const q of stmts) {
    const k = q.phase.startsWith('job') ? 'job' : 'request';
    const key = `${k}|${norm(q.sql)}`;
    const e = g.get(key) ?? { phase: k, n: 0, ms: 0, sql: q.sql };
    e.n++;
    e.ms += q.ms;
    g.set(key, e);
  }
  const srows = [['in', 'statement', 'per report', 'ms per report']];
  const sorted = [...g.entries()].sort((a, b) => b[1].ms - a[1].ms);
  for (const [k, v] of sorted) srows.push([v.phase, k.split('|')[1], (v.n / reqWall.length).toFixed(1), (v.ms / reqWall.length).toFixed(2)]);
  const tot = (p: string) => sorted.filter(([, v]) => v.phase === p).reduce((a, [, v]) => a + v.ms, 0) / reqWall.length;
  console.log(`\nSQL as the client saw it: request ${tot('request').toFixed(1)} ms, job ${tot('job').toFixed(1)} ms per report`);
  console.log(mdTable(srows, 2));
} finally {
  await app.close();
  await db.close();
  if (driver === 'postgres') await pgDropDatabase(PROF_DB);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
