/**
 * Throughput of 1 vs 2 web processes behind nginx on this machine (issue 23: two processes ≥ 0.9× one, no
 * collapse). The cluster is the try-out's (deploy/cluster.ts): the S3-compatible store, a worker, two web
 * processes, and two nginx instances in front — one whose upstream is the first web process only, one with
 * both — so the two setups differ only in the upstream. A closed loop of `--clients` concurrent clients (the
 * city office, one session each) sends a mix of the office's reads for `--seconds`, against each nginx in
 * turn, `--rounds` times.
 *
 *   npx tsx bench/cluster-web.ts [--cases 3000] [--clients 16] [--seconds 20] [--rounds 2] [--fresh]
 *
 * The database `wwj_bench_cluster_web` on 127.0.0.1:5432 (demo city of `--cases` cases, seeded by the
 * worker on first use) and the photo store under bench/.cache/cluster-web are kept between runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startApp, startNginx, startS3Store, type Proc } from '../deploy/cluster.js';
import { demoAccount } from '../test/support/process-server.js';
import { DEMO_TOWN, loadDemoDivisions } from '../src/demo/demo.seed.js';
import { arg, CACHE_DIR, flag, machineCpuMs, mdTable, pgCreateDatabase, pgDatabaseExists, pgDropDatabase, pgUrl, procCpuMs, RESULTS_DIR, stats } from './lib.js';

const argv = process.argv.slice(2);
const CASES = Number(arg(argv, 'cases', '3000'));
const CLIENTS = Number(arg(argv, 'clients', '16'));
const SECONDS = Number(arg(argv, 'seconds', '20'));
const ROUNDS = Number(arg(argv, 'rounds', '2'));
const DB = 'wwj_bench_cluster_web';
const dir = path.join(CACHE_DIR, 'cluster-web');
const logs = path.join(dir, 'logs');

if (flag(argv, 'fresh') && (await pgDatabaseExists(DB))) {
  await pgDropDatabase(DB);
  fs.rmSync(dir, { recursive: true, force: true });
}
const seeded = await pgDatabaseExists(DB);
if (!seeded) await pgCreateDatabase(DB);
fs.mkdirSync(logs, { recursive: true });
const procs: Proc[] = [];
const stopAll = async () => {
  for (const p of procs.reverse()) await p.stop().catch(() => undefined);
};
process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  const s3 = await startS3Store({ dir: path.join(dir, 's3'), logFile: path.join(logs, 's3.log') });
  procs.push(s3);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...s3.env,
    DATABASE_URL: pgUrl(DB),
    DATA_DIR: path.join(dir, 'data'),
    TRUST_PROXY: '127.0.0.1',
    UV_THREADPOOL_SIZE: '8',
    LOG_LEVEL: 'warn',
    DEMO_PASSWORD: 'bench-cluster-web-1',
  };
  const nodeArgs = ['--initial-heap-size=512', '--max-semi-space-size=64'];
  console.log(seeded ? `database ${DB} (kept)` : `database ${DB}: the worker seeds a demo city of ${CASES} cases (minutes)`);
  const worker = await startApp(
    'worker',
    { ...env, RUN_WORKER: '1', DEMO: seeded ? '0' : '1', DEMO_CASES: String(CASES), LOG_LEVEL: 'info' },
    { logFile: path.join(logs, 'worker.log'), nodeArgs },
  );
  procs.push(worker);
  const webs = await Promise.all([1, 2].map((i) => startApp(`web${i}`, { ...env, RUN_WORKER: '0', DEMO: '0' }, { logFile: path.join(logs, `web${i}.log`), nodeArgs })));
  procs.push(...webs);
  const one = await startNginx({ web: [webs[0].port], runDir: path.join(dir, 'nginx-1'), logFile: path.join(logs, 'nginx-1.log') });
  const two = await startNginx({ web: webs.map((w) => w.port), runDir: path.join(dir, 'nginx-2'), logFile: path.join(logs, 'nginx-2.log') });
  procs.push(one, two);

  // what the office reads: the case list, the map in view, the overview, a case's file
  const db = new pg.Pool({ connectionString: pgUrl(DB), max: 1 });
  const ids = (await db.query<{ id: string }>('select id from cases order by random() limit 500')).rows.map((r) => r.id);
  const cases = Number((await db.query('select count(*) as n from cases')).rows[0].n);
  await db.end();
  const [lon, lat] = loadDemoDivisions().filter((f) => f.properties.parent_code === DEMO_TOWN)[0].properties.centroid;
  const view = `${lon - 0.05},${lat - 0.05},${lon + 0.05},${lat + 0.05}`;
  const urls = (i: number) => {
    switch (i % 4) {
      case 0:
        return `/api/cases?limit=50&offset=${(i * 7) % 200}`;
      case 1:
        return `/api/cases/map?view=${view}&zoom=13`;
      case 2:
        return '/api/overview';
      default:
        return `/api/cases/${ids[i % ids.length]}`;
    }
  };
  const tokens = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const res = await fetch(`${two.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(demoAccount(env.DATA_DIR!, 'city_office')),
      });
      if (!res.ok) throw new Error(`login: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    }),
  );

  const run = async (base: string, seconds: number) => {
    const ms: number[] = [];
    let errors = 0;
    const cpu0 = machineCpuMs();
    const proc0 = webs.map((w) => procCpuMs(w.child.pid!));
    const end = Date.now() + seconds * 1000;
    await Promise.all(
      tokens.map(async (token, c) => {
        const headers = { authorization: `Bearer ${token}` };
        for (let i = c; Date.now() < end; i += CLIENTS) {
          const t = performance.now();
          const res = await fetch(`${base}${urls(i)}`, { headers }).catch(() => null);
          if (res) await res.arrayBuffer();
          ms.push(performance.now() - t);
          if (!res?.ok) errors++;
        }
      }),
    );
    const cpu1 = machineCpuMs();
    return {
      rps: ms.length / seconds,
      ...stats(ms),
      errors,
      machineBusy: (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total),
      webCpuMs: webs.map((w, i) => procCpuMs(w.child.pid!) - proc0[i]),
    };
  };

  // warm both (plans kept, caches filled), then alternate
  await run(two.base, 5);
  await run(one.base, 3);
  const results: { setup: string; round: number; r: Awaited<ReturnType<typeof run>> }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [setup, nginx] of [
      ['1 web', one],
      ['2 web', two],
    ] as const) {
      const r = await run(nginx.base, SECONDS);
      results.push({ setup, round, r });
      console.log(`round ${round} ${setup}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}, machine busy ${(r.machineBusy * 100).toFixed(0)} %`);
    }
  }
  const mean = (setup: string, f: (r: Awaited<ReturnType<typeof run>>) => number) => {
    const xs = results.filter((x) => x.setup === setup).map((x) => f(x.r));
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const rows = [['setup', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'machine busy', 'ratio']];
  for (const setup of ['1 web', '2 web']) {
    rows.push([
      setup,
      mean(setup, (r) => r.rps).toFixed(0),
      mean(setup, (r) => r.p50).toFixed(1),
      mean(setup, (r) => r.p99).toFixed(1),
      String(mean(setup, (r) => r.errors)),
      `${(mean(setup, (r) => r.machineBusy) * 100).toFixed(0)} %`,
      (mean(setup, (r) => r.rps) / mean('1 web', (r) => r.rps)).toFixed(2),
    ]);
  }
  console.log(`\n${cases} cases, ${CLIENTS} clients, ${SECONDS} s × ${ROUNDS} rounds per setup, ${os.cpus().length} cores (${os.cpus()[0].model})\n`);
  console.log(mdTable(rows, 1));
  const ratio = mean('2 web', (r) => r.rps) / mean('1 web', (r) => r.rps);
  console.log(`\n2 web / 1 web = ${ratio.toFixed(2)} (goal ≥ 0.90): ${ratio >= 0.9 ? 'met' : 'NOT met'}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const out = path.join(RESULTS_DIR, `cluster-web-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(out, JSON.stringify({ cases, clients: CLIENTS, seconds: SECONDS, rounds: ROUNDS, results }, null, 2));
  console.log(`raw results: ${out}`);
} finally {
  await stopAll();
}
