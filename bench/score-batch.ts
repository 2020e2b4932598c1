/**
 * score-batch: what the duplicate-scoring job costs per report when the worker takes its jobs one at a
 * time vs in batches (`JobHandlers.batch`, claimed together while reports arrive in a burst: jobs.hold).
 * Run by hand.
 *
 *   npx tsx bench/score-batch.ts --driver postgres --n 64 --rounds 6
 *   npx tsx bench/score-batch.ts --driver pglite --n 64 --rounds 6
 *
 * The demo city (as ingest-profile.ts: a copy of wwj_bench_demo on PostgreSQL, the cached tarball on
 * PGlite) gets `n` reports next to open cases of the demo inspector's town, as ingest.ts places them
 * (each is then marked as a probable duplicate). Their scoring jobs are then run again and again, in
 * alternating rounds, by `jobs.drain` in batches of 1 (no batch handler), 4 and 16 — before each run the
 * marks, events and notices of the previous one are removed and the jobs queued again. Per report:
 * wall, the process's CPU, PostgreSQL's backend CPU (/proc) and SQL statements. Prints the medians over
 * the rounds and the ratio of each batch size's CPU to one at a time.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Database, Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import type { JobHandlers } from '../src/platform/jobs.js';
import { arg, BENCH_PASSWORD, benchConfig, cityCached, mdTable, openCityCopy, pgDropDatabase, procCpuMs, RESULTS_DIR, stats } from './lib.js';
import { makeCity } from './make-city.js';
import path from 'node:path';

const PROF_DB = 'wwj_bench_score_batch';
const argv = process.argv.slice(2);
const driver = arg(argv, 'driver', 'postgres') as Driver;
const n = Number(arg(argv, 'n', '64'));
const rounds = Number(arg(argv, 'rounds', '6'));
const sizes = arg(argv, 'sizes', '1,4,16').split(',').map(Number);
const tag = arg(argv, 'tag', '');

if (!(await cityCached(driver, 'demo'))) await makeCity(driver, 'demo');
let statements = 0;
const onQuery = () => {
  statements++;
};
const db: Database = await openCityCopy(driver, 'demo', PROF_DB, { onQuery });
const { config, dataDir } = benchConfig(driver, 'demo');
const deps = createDeps(config, db);
const app = await buildApp(deps, { logger: false, webDist: null });
const pgCpu = async () => {
  if (driver !== 'postgres') return 0;
  const pids = (await db.pool!.query(`select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend'`, [PROF_DB])).rows.map((r) => r.pid as number);
  return pids.reduce((t, p) => t + procCpuMs(p), 0);
};

type Sample = { wall: number; cpu: number; pg: number; statements: number; claims: number };
const samples = new Map<number, Sample[]>(sizes.map((k) => [k, []]));
try {
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'inspector', password: BENCH_PASSWORD } });
  const headers = { authorization: `Bearer ${login.json().token as string}` };
  const open = (await app.inject({ method: 'GET', url: '/api/cases?status=reported,verified,classified,rectifying,closing_requested&limit=500', headers }))
    .json()
    .items.filter((c: any) => c.category !== 'pole_line');
  await deps.jobs.drain(deps.jobHandlers);
  // the reports (JSON, as the office enters them: the scoring job is the same), 1–4 m from open cases
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = open[i % open.length];
    const dx = (1 + (i % 4)) / 111_320 / Math.cos((a.lat * Math.PI) / 180);
    const r = await app.inject({
      method: 'POST',
      url: '/api/cases',
      headers,
      payload: { lon: a.lon + dx, lat: a.lat, source: 'patrol', category: a.category, note: `基准 ${randomUUID().slice(0, 8)}` },
    });
    if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body.slice(0, 300)}`);
    ids.push(r.json().id);
  }
  const reset = async () => {
    await db.q.deleteFrom('case_duplicate_candidates').where('case_id', 'in', ids).execute();
    await db.q.deleteFrom('case_events').where('case_id', 'in', ids).where('kind', 'in', ['duplicate_suspected', 'rebuild_suspected']).execute();
    await db.q.deleteFrom('notifications').where('case_id', 'in', ids).execute();
    await db.q.deleteFrom('jobs').where('name', '=', 'case.score_duplicates').execute();
  };
  const one: JobHandlers = { ...deps.jobHandlers, batch: undefined };
  const run = async (k: number): Promise<Sample> => {
    await reset();
    let wall = 0;
    let cpu = 0;
    let pgMs = 0;
    let stmts = 0;
    let claims = 0;
    for (let at = 0; at < ids.length; at += k) {
      // k reports' jobs queued, then drained: what the worker finds after a burst of k reports
      for (const caseId of ids.slice(at, at + k)) await deps.jobs.enqueue('case.score_duplicates', { caseId });
      const pg0 = await pgCpu();
      const s0 = statements;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await deps.jobs.drain(k === 1 ? one : deps.jobHandlers);
      wall += performance.now() - t0;
      const c = process.cpuUsage(c0);
      cpu += (c.user + c.system) / 1000;
      stmts += statements - s0;
      pgMs += (await pgCpu()) - pg0;
      claims++;
    }
    const marked = Number(
      (
        await db.q
          .selectFrom('case_duplicate_candidates')
          .select((eb) => eb.fn.count<number>('case_id').distinct().as('n'))
          .where('case_id', 'in', ids)
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (marked !== ids.length) throw new Error(`batch ${k}: ${marked}/${ids.length} reports marked`);
    return { wall: wall / n, cpu: cpu / n, pg: pgMs / n, statements: stmts / n, claims };
  };
  // a warm-up of each size, then rounds alternating the sizes
  for (const k of sizes) await run(k);
  for (let r = 0; r < rounds; r++) for (const k of r % 2 ? [...sizes].reverse() : sizes) samples.get(k)!.push(await run(k));

  const med = (k: number, f: keyof Sample) => stats(samples.get(k)!.map((s) => s[f])).p50;
  const rows = [
    [
      'batch',
      'claims per run',
      'statements per report',
      'wall ms per report',
      'process CPU ms per report',
      'PostgreSQL CPU ms per report',
      'CPU (process + PostgreSQL) vs one at a time',
    ],
  ];
  const base = med(1, 'cpu') + med(1, 'pg');
  for (const k of sizes) {
    const total = med(k, 'cpu') + med(k, 'pg');
    rows.push([
      String(k),
      String(samples.get(k)![0].claims),
      med(k, 'statements').toFixed(2),
      med(k, 'wall').toFixed(2),
      med(k, 'cpu').toFixed(2),
      med(k, 'pg').toFixed(2),
      sizes.includes(1) ? (total / base).toFixed(2) : '—',
    ]);
  }
  console.log(`\n${driver}: the scoring jobs of ${n} reports (each marked against its neighbour), medians of ${rounds} rounds per batch size`);
  console.log(mdTable(rows, 0));
  const out = path.join(RESULTS_DIR, `score-batch-${driver}${tag ? `-${tag}` : ''}.json`);
  fs.writeFileSync(out, JSON.stringify({ driver, n, rounds, at: new Date().toISOString(), samples: Object.fromEntries(samples) }, null, 2));
  console.log(`→ ${path.relative(process.cwd(), out)}`);
} finally {
  await app.close();
  await db.close();
  if (driver === 'postgres') await pgDropDatabase(PROF_DB);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
