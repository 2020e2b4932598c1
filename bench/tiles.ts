/**
 * tiles: a vector tile end to end over HTTP against the SQL it runs, per driver and city size.
 *
 *   npx tsx bench/tiles.ts --driver postgres --city 100k --n 100
 *   npx tsx bench/tiles.ts --driver both --city demo
 *
 * Starts the real app on the cached city (bench/make-city.ts), logs in as the city office, and times
 * `GET /tiles/cases/14/{x}/{y}.mvt` (and `patches`, `divisions`) at the first demo village's centre: after 5
 * warm-up requests it records the statements one request runs (openDatabase's onQuery), then N rounds of one
 * timed fetch followed by one replay of exactly those statements on the raw client. On PostgreSQL the
 * statement is the ST_AsMVT query itself, so the ratio is the endpoint against ST_AsMVT alone; on PGlite
 * (no ST_AsMVT) it is the endpoint, with the product's JS encoder, against the SQL that reads the rows.
 * Goal (issue 20): ≤ 1.3×. Results: a printed table and bench/results/tiles-<driver>-<city>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { Database, Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { DEMO_TOWN, loadDemoDivisions } from '../src/demo/demo.seed.js';
import { arg, BENCH_PASSWORD, benchConfig, drivers, mdTable, openCity, RESULTS_DIR, stats } from './lib.js';

const argv = process.argv.slice(2);
const N = Number(arg(argv, 'n', '100'));
const city = arg(argv, 'city', 'demo');
const Z = Number(arg(argv, 'z', '14'));

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

async function run(driver: Driver) {
  let capture: { sql: string; params: readonly unknown[] }[] | null = null;
  const db: Database = await openCity(driver, city, { onQuery: (sql, params) => capture?.push({ sql, params }) });
  const { config } = benchConfig(driver, city);
  const app = await buildApp(createDeps(config, db), { logger: false, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const raw = async (sql: string, params: readonly unknown[]) =>
    db.pglite ? (await db.pglite.query(sql, params as unknown[])).rows : (await db.pool!.query(sql, params as unknown[])).rows;
  const rows: string[][] = [];
  const out: unknown[] = [];
  try {
    // a cached city made before first-login password changes has `city` still waiting for one
    await raw(`update users set must_change_password = false where username = 'city'`, []);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city', password: BENCH_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const village = loadDemoDivisions().find((f) => f.properties.parent_code === DEMO_TOWN && f.properties.kind === 'village')!;
    const [x, y] = tileOf(village.properties.centroid[0], village.properties.centroid[1], Z);
    for (const layer of ['cases', 'patches', 'divisions']) {
      const url = `${base}/tiles/${layer}/${Z}/${x}/${y}.mvt`;
      let bytes = 0;
      for (let i = 0; i < 5; i++) {
        const r = await fetch(url, { headers });
        if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
        bytes = (await r.arrayBuffer()).byteLength;
      }
      capture = [];
      await (await fetch(url, { headers })).arrayBuffer();
      const statements = capture.filter((c) => !/sessions|users/.test(c.sql));
      capture = null;
      const http: number[] = [];
      const sql: number[] = [];
      for (let i = 0; i < N; i++) {
        let t = performance.now();
        await (await fetch(url, { headers })).arrayBuffer();
        http.push(performance.now() - t);
        t = performance.now();
        for (const s of statements) await raw(s.sql, s.params);
        sql.push(performance.now() - t);
      }
      const h = stats(http);
      const s = stats(sql);
      rows.push([`${layer} ${Z}/${x}/${y}`, String(bytes), h.p50.toFixed(1), s.p50.toFixed(1), (h.p50 / s.p50).toFixed(2), String(statements.length)]);
      out.push({ layer, z: Z, x, y, bytes, http: h, sql: s, statements: statements.map((st) => st.sql) });
    }
  } finally {
    await app.close();
    await db.close();
  }
  console.log(`\n[${driver}/${city}] ${N} rounds`);
  console.log(mdTable([['tile', 'bytes', 'HTTP p50 ms', 'SQL p50 ms', 'ratio', 'statements'], ...rows], 1));
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `tiles-${driver}-${city}.json`), JSON.stringify(out, null, 1));
}

for (const d of drivers(arg(argv, 'driver', 'postgres'))) await run(d);
