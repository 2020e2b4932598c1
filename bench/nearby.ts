/**
 * nearby: the patrol app's duplicate check, `GET /api/cases/nearby?lon=&lat=&radius=`, over HTTP against
 * the real app, and the very statement behind it (`casesRepo.nearby`) run directly. Run by hand.
 *
 *   npx tsx bench/nearby.ts --city demo,100k,1m --n 300          # PostgreSQL (default driver)
 *   npx tsx bench/nearby.ts --city 1m --explain                  # + EXPLAIN (ANALYZE, BUFFERS) per series
 *   npx tsx bench/nearby.ts --driver pglite --city demo
 *
 * As cases-list.ts: the app (buildApp(createDeps(config, db)), logger off) listens on a free port of this
 * process; cities come from the cache (bench/make-city.ts; `demo` is built on first use), and migrations
 * newer than a cached city are applied when it is opened (printed). Each series is a set of query points
 * and a radius, asked as one user: `inspector` (新埭镇, the patrol app's user) or `city` (the whole city).
 * Query points, from a fixed seed: next to open cases of the jurisdiction (0–25 m away, so the answer is
 * not empty), and uniform inside the jurisdiction's boundary (ST_GeneratePoints). After 5 warm-up
 * A warm-up pass requests every point once (untimed), a second pass captures each request's SQL (onQuery);
 * then n rounds of: one keep-alive `fetch` of the endpoint at the round's point and one replay of exactly
 * the captured `nearby` statement with its parameters on the raw client (`pool.query` / `pglite.query`),
 * HTTP first on even rounds and SQL first on odd ones. ratio = HTTP p50 / SQL p50 (target ≤ 3).
 * "session" is the other statement of a request (the session lookup), replayed alone.
 * Results: a printed table and bench/results/nearby-<driver>-<city>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Database, Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { DEMO_TOWN } from '../src/demo/demo.seed.js';
import {
  arg,
  BENCH_PASSWORD,
  benchConfig,
  cityCached,
  cityLabel,
  drivers,
  flag,
  loadAvg,
  mdTable,
  openCity,
  parseCount,
  readMeta,
  RESULTS_DIR,
  rssMb,
  stats,
  type Stats,
} from './lib.js';
import { makeCity } from './make-city.js';

const OPEN = `('reported','verified','classified','rectifying','closing_requested')`;
const CITY = '330482';

interface Series {
  name: string;
  user: 'inspector' | 'city';
  points: [number, number][];
  radius: number;
}
interface SeriesResult {
  name: string;
  user: string;
  radius: number;
  http: Stats;
  sql: Stats;
  session: Stats;
  ratio: number;
  rows: { mean: number; empty: number; max: number };
  bytes: number;
  sample: { sql: string; params: unknown[] };
  explain?: string;
}

type Raw = (sql: string, params?: readonly unknown[]) => Promise<any[]>;

/**
 * Query points, the same for every run of a city: next to open cases (0–25 m away, deterministic),
 * of the demo town and of the whole city, and uniform inside the town's and the city's boundary.
 */
export async function queryPoints(raw: Raw, k: number) {
  const near = async (where: string): Promise<[number, number][]> => {
    const rows = (await raw(`select lon, lat from cases where ${where} and status in ${OPEN} order by md5(id::text) limit ${k}`)) as { lon: number; lat: number }[];
    let s = 17;
    const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
    return rows.map(({ lon, lat }) => {
      const d = 25 * rnd();
      const a = 2 * Math.PI * rnd();
      return [lon + (d * Math.cos(a)) / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + (d * Math.sin(a)) / 110_540];
    });
  };
  const uniform = async (code: string): Promise<[number, number][]> => {
    const rows = (await raw(`select ST_X(g.geom) as lon, ST_Y(g.geom) as lat from divisions d, ST_Dump(ST_GeneratePoints(d.boundary, ${k}, 1127)) g where d.code = $1`, [
      code,
    ])) as { lon: number; lat: number }[];
    if (rows.length === 0) throw new Error(`division ${code} has no boundary`);
    return rows.map((r) => [r.lon, r.lat]);
  };
  return { nearTown: await near(`town_code = '${DEMO_TOWN}'`), inTown: await uniform(DEMO_TOWN), nearCity: await near('true'), inCity: await uniform(CITY) };
}

async function runCity(driver: Driver, city: string, n: number, doExplain: boolean): Promise<SeriesResult[]> {
  let capture: { sql: string; params: readonly unknown[] }[] | null = null;
  const onQuery = (sql: string, params: readonly unknown[]) => {
    if (capture) capture.push({ sql, params });
  };
  const load0 = loadAvg();
  const t = Date.now();
  const db: Database = await openCity(driver, city, { onQuery });
  const raw: Raw = async (sql, params = []) => (db.pglite ? (await db.pglite.query(sql, params as any[])).rows : (await db.pool!.query(sql, params as any[])).rows);
  const migrations = (await raw(`select name from kysely_migration order by name`)).map((r: any) => r.name as string);
  console.log(`[${driver}/${city}] opened in ${((Date.now() - t) / 1000).toFixed(1)} s, rss ${rssMb()} MB, load ${load0.join(' ')}; migrations: ${migrations.join(', ')}`);
  if (!migrations.includes('20261127-03-create-patrol')) throw new Error('migration 20261127-03-create-patrol is not applied');
  const { config, dataDir } = benchConfig(driver, city);
  const app = await buildApp(createDeps(config, db), { logger: false, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.server.keepAliveTimeout = 30 * 60_000;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const token: Record<string, string> = {};
    for (const u of ['inspector', 'city']) {
      const r = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: u, password: BENCH_PASSWORD }),
      });
      if (r.status !== 200) throw new Error(`login ${u}: ${r.status} ${await r.text()}`);
      token[u] = ((await r.json()) as { token: string }).token;
    }
    const [{ c: cases }] = (await raw('select count(*)::int as c from cases')) as { c: number }[];

    const { nearTown, inTown, nearCity, inCity } = await queryPoints(raw, Math.max(n, 50));
    const series: Series[] = [
      { name: 'inspector · next to an open case', user: 'inspector', points: nearTown, radius: 50 },
      { name: 'inspector · next to an open case', user: 'inspector', points: nearTown, radius: 500 },
      { name: 'inspector · anywhere in the town', user: 'inspector', points: inTown, radius: 50 },
      { name: 'inspector · anywhere in the town', user: 'inspector', points: inTown, radius: 500 },
      { name: 'city · next to an open case', user: 'city', points: nearCity, radius: 50 },
      { name: 'city · anywhere in the city', user: 'city', points: inCity, radius: 50 },
      { name: 'city · anywhere in the city', user: 'city', points: inCity, radius: 500 },
    ];
    console.log(`[${driver}/${city}] ${cases} cases; ${nearTown.length} points next to open cases of the town, ${nearCity.length} in the city`);

    const results: SeriesResult[] = [];
    for (const s of series) {
      const headers = { authorization: `Bearer ${token[s.user]}` };
      const url = (i: number) => {
        const [lon, lat] = s.points[i % s.points.length];
        return `${base}/api/cases/nearby?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}&radius=${s.radius}`;
      };
      let bytes = 0;
      let items = 0;
      const get = async (i: number) => {
        const r = await fetch(url(i), { headers });
        const body = await r.text();
        if (r.status !== 200) throw new Error(`${url(i)}: ${r.status} ${body.slice(0, 300)}`);
        bytes = Buffer.byteLength(body);
        items = (JSON.parse(body) as { items: unknown[] }).items.length;
      };
      // warm-up: every point of the series once (at 1M the data is ~3 GB, shared_buffers 128 MB: the
      // first request at a point reads its pages, whichever of HTTP and SQL comes first would pay for it)
      for (let i = 0; i < Math.min(n, s.points.length); i++) await get(i);
      const http: number[] = [];
      const sqlT: number[] = [];
      const sessT: number[] = [];
      const counts: number[] = [];
      let byteSum = 0;
      let sample: { sql: string; params: readonly unknown[] } | null = null;
      // the statements of each point, captured during the warm-up pass would be as good; capture once more
      const stmts: { q: { sql: string; params: readonly unknown[] }; other: { sql: string; params: readonly unknown[] }[] }[] = [];
      for (let i = 0; i < n; i++) {
        capture = [];
        await get(i);
        const got = capture;
        capture = null;
        const q = got.find((c) => /ST_DWithin/.test(c.sql));
        if (!q) throw new Error(`no nearby statement captured: ${got.map((g) => g.sql.slice(0, 80)).join(' | ')}`);
        stmts.push({ q, other: got.filter((c) => c !== q) });
        counts.push(items);
        byteSum += bytes;
      }
      sample = stmts[0].q;
      // timed: HTTP and SQL alternate, and which goes first alternates too (no order bias)
      for (let i = 0; i < n; i++) {
        const { q, other } = stmts[i];
        const timeHttp = async () => {
          const t0 = performance.now();
          await get(i);
          http.push(performance.now() - t0);
        };
        const timeSql = async () => {
          const t0 = performance.now();
          await raw(q.sql, q.params);
          sqlT.push(performance.now() - t0);
        };
        if (i % 2 === 0) {
          await timeHttp();
          await timeSql();
        } else {
          await timeSql();
          await timeHttp();
        }
        const t0 = performance.now();
        for (const o of other) await raw(o.sql, o.params);
        sessT.push(performance.now() - t0);
      }
      const h = stats(http);
      const sq = stats(sqlT);
      const r: SeriesResult = {
        name: s.name,
        user: s.user,
        radius: s.radius,
        http: h,
        sql: sq,
        session: stats(sessT),
        ratio: Math.round((h.p50 / sq.p50) * 100) / 100,
        rows: { mean: Math.round((counts.reduce((a, b) => a + b, 0) / counts.length) * 10) / 10, empty: counts.filter((c) => c === 0).length, max: Math.max(...counts) },
        bytes: Math.round(byteSum / n),
        sample: { sql: sample!.sql, params: [...sample!.params] },
      };
      if (doExplain) {
        const plan = (await raw(`explain (analyze, buffers) ${sample!.sql}`, sample!.params)) as Record<string, string>[];
        r.explain = plan.map((p) => Object.values(p)[0]).join('\n');
      }
      results.push(r);
      console.log(`[${driver}/${city}] ${s.name} r=${s.radius}: HTTP p50 ${h.p50} ms, SQL p50 ${sq.p50} ms, ratio ${r.ratio}, ${r.rows.mean} rows on average`);
    }
    // the fixed cost of any request here: HTTP + Fastify + the fetch client (GET /api/config: public, no
    // SQL), and + the session lookup (GET /api/auth/me as the inspector)
    const baseline: Record<string, Stats> = {};
    for (const [name, p, h] of [
      ['GET /api/config (no session, no SQL)', '/api/config', {}],
      ['GET /api/auth/me (session lookup)', '/api/auth/me', { authorization: `Bearer ${token.inspector}` }],
    ] as const) {
      const xs: number[] = [];
      for (let i = 0; i < n + 5; i++) {
        const t0 = performance.now();
        const r = await fetch(base + p, { headers: h });
        await r.text();
        if (i >= 5) xs.push(performance.now() - t0);
      }
      baseline[name] = stats(xs);
    }
    console.log(
      `[${driver}/${city}] fixed cost per request: ` +
        Object.entries(baseline)
          .map(([k, v]) => `${k} p50 ${v.p50} ms`)
          .join('; '),
    );
    const out = {
      driver,
      city,
      cases,
      migrations,
      baseline,
      loadAvgStart: load0,
      loadAvgEnd: loadAvg(),
      generatedBy: readMeta(driver, city)?.generator ?? null,
      n,
      node: process.version,
      cpus: os.cpus().length,
      at: new Date().toISOString(),
      series: results,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `nearby-${driver}-${city}.json`), JSON.stringify(out, null, 2) + '\n');
    return results;
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const n = Number(arg(argv, 'n', '300'));
  const doExplain = flag(argv, 'explain');
  const cities = arg(argv, 'city', 'demo')
    .split(',')
    .map((c) => (c === 'demo' ? 'demo' : cityLabel(parseCount(c))));
  const rows: string[][] = [['driver', 'city', 'series', 'radius', 'n', 'p50 ms', 'p99 ms', 'SQL p50 ms', 'SQL p99 ms', 'ratio', 'session ms', 'rows avg/max', 'empty', 'KB']];
  const explains: string[] = [];
  for (const driver of drivers(arg(argv, 'driver', 'postgres'))) {
    for (const city of cities) {
      if (!(await cityCached(driver, city))) {
        if (city !== 'demo') throw new Error(`city ${city} is not cached for ${driver}: npx tsx bench/make-city.ts --cases ${city} --driver ${driver}`);
        await makeCity(driver, 'demo');
      }
      for (const r of await runCity(driver, city, n, doExplain)) {
        rows.push([
          driver,
          city,
          r.name,
          String(r.radius),
          String(r.http.n),
          r.http.p50.toFixed(2),
          r.http.p99.toFixed(2),
          r.sql.p50.toFixed(2),
          r.sql.p99.toFixed(2),
          r.ratio.toFixed(2),
          r.session.p50.toFixed(2),
          `${r.rows.mean}/${r.rows.max}`,
          String(r.rows.empty),
          (r.bytes / 1024).toFixed(1),
        ]);
        if (r.explain) explains.push(`${driver}/${city} ${r.name} r=${r.radius}\n${r.explain}`);
      }
    }
  }
  console.log('\n' + mdTable(rows, 3));
  console.log('ratio = HTTP p50 / SQL p50 of the nearby statement alone (target ≤ 3); session = the session lookup of the request, alone');
  if (explains.length) console.log('\n' + explains.join('\n\n'));
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) await main();
