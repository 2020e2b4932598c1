/**
 * cases-list: the case list endpoint, end to end over HTTP and as bare SQL, per driver and city size.
 *
 *   npx tsx bench/cases-list.ts --driver both --city demo --n 200
 *   npx tsx bench/cases-list.ts --driver postgres --city 100k
 *
 * For each driver and city: starts the real app (buildApp(createDeps(config, db)), app.listen on a free
 * port), logs in as the city-office user over HTTP, and for each endpoint, after 5 warm-up requests,
 * records the SQL one request runs (the `onQuery` hook of openDatabase). Then N rounds, each one timed
 * keep-alive fetch of the endpoint followed by one replay of exactly those statements, with their
 * parameters, on the raw client (`db.pglite.query` / `db.pool.query`); statements the request ran
 * concurrently (the list and its count, on PostgreSQL) are replayed concurrently. Alternating the two
 * keeps them comparable on a machine that is doing other work. The ratio endpoint-p50 / SQL-p50 says how
 * much of a request is the database and how much everything else (HTTP, auth, validation, mapping, JSON
 * — and the fetch client, which runs in the same process). Last, each statement alone (up to 50 times)
 * for the breakdown.
 *
 * Cities come from the cache (bench/make-city.ts); `demo` is built on first use with the product's own
 * seeder (seedDemo, 1200 cases). A series stops early after --budget seconds (at least 10 rounds).
 * Results: a printed table and bench/results/cases-list-<driver>-<city>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import type { Database, Driver } from '../src/db/database.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { DEMO_TOWN, loadDemoDivisions } from '../src/demo/demo.seed.js';
import { arg, BENCH_PASSWORD, benchConfig, cityCached, cityLabel, drivers, openCity, parseCount, readMeta, RESULTS_DIR, rssMb } from './lib.js';
import { makeCity } from './make-city.js';

interface Captured {
  sql: string;
  params: readonly unknown[];
  start: number;
  end: number;
}
interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
}
interface EndpointResult {
  name: string;
  path: string;
  status: number;
  bytes: number;
  total: number | null;
  returned: number | null;
  http: Stats;
  sql: Stats;
  ratio: number;
  statements: { sql: string; params: unknown[]; group: number; p50: number }[];
}

function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p99: r(q(0.99)), mean: r(s.reduce((a, b) => a + b, 0) / s.length), min: r(s[0]), max: r(s[s.length - 1]) };
}

async function series(n: number, budgetMs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    out.push(performance.now() - s);
    if (performance.now() - t0 > budgetMs && out.length >= 10) break;
  }
  return out;
}

/** Statements that overlapped in time ran concurrently (Promise.all in the repo): replay them so. */
function groups(qs: Captured[]): Captured[][] {
  const sorted = [...qs].sort((a, b) => a.start - b.start);
  const out: Captured[][] = [];
  let end = -Infinity;
  for (const q of sorted) {
    if (out.length && q.start < end) out[out.length - 1].push(q);
    else out.push([q]);
    end = Math.max(end, q.end);
  }
  return out;
}

const short = (sql: string) => sql.replace(/\s+/g, ' ').replace(/"/g, '').slice(0, 90);

async function runCity(driver: Driver, city: string, n: number, budgetMs: number): Promise<EndpointResult[]> {
  let capture: Captured[] | null = null;
  const onQuery = (sql: string, params: readonly unknown[], ms: number) => {
    if (!capture) return;
    const end = performance.now();
    capture.push({ sql, params, start: end - ms, end });
  };
  const loadAvgAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const t = Date.now();
  const db: Database = await openCity(driver, city, { onQuery });
  console.log(`[${driver}/${city}] opened in ${((Date.now() - t) / 1000).toFixed(1)} s, rss ${rssMb()} MB, load average ${loadAvgAtStart.join(' ')}`);
  const { config, dataDir } = benchConfig(driver, city);
  const deps = createDeps(config, db);
  const app = await buildApp(deps, { logger: false, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // the SQL replays keep the connection idle for minutes; Fastify's 72 s keep-alive would close it under us
  app.server.keepAliveTimeout = 30 * 60_000;
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'city', password: BENCH_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };

    // a word from an owner name (the given name of the first three-character individual owner), and a
    // small box (about 1 km × 0.9 km) around the centre of the first village of the demo town
    const raw = async (sql: string, params: readonly unknown[]) =>
      db.pglite ? (await db.pglite.query(sql, params as any[])).rows : (await db.pool!.query(sql, params as any[])).rows;
    const [{ owner_name }] = (await raw(`select owner_name from cases where owner_kind = 'individual' and char_length(owner_name) = 3 order by case_no limit 1`, [])) as {
      owner_name: string;
    }[];
    const word = owner_name.slice(1);
    const village = loadDemoDivisions().find((f) => f.properties.parent_code === DEMO_TOWN && f.properties.kind === 'village')!;
    const [cx, cy] = village.properties.centroid;
    const bbox = [cx - 0.005, cy - 0.004, cx + 0.005, cy + 0.004].map((x) => x.toFixed(6)).join(',');
    const [{ c: cases }] = (await raw('select count(*)::int as c from cases', [])) as { c: number }[];

    const endpoints = [
      { name: 'list default', path: '/api/cases?limit=50' },
      { name: 'status+division, sort area', path: `/api/cases?limit=50&status=rectifying&division=${DEMO_TOWN}&sort=area_m2` },
      { name: 'q (owner word)', path: `/api/cases?q=${encodeURIComponent(word)}&limit=50` },
      { name: 'geojson 500', path: '/api/cases?format=geojson&limit=500' },
      { name: 'bbox geojson 500', path: `/api/cases?bbox=${bbox}&format=geojson&limit=500` },
    ];
    console.log(`[${driver}/${city}] ${cases} cases; q word ${word}; bbox ${bbox}`);
    const results: EndpointResult[] = [];
    for (const ep of endpoints) {
      const url = base + ep.path;
      let status = 0;
      let bytes = 0;
      let body = '';
      const get = async () => {
        const res = await fetch(url, { headers });
        body = await res.text();
        status = res.status;
        bytes = Buffer.byteLength(body);
        if (status !== 200) throw new Error(`${ep.path}: ${status} ${body.slice(0, 300)}`);
      };
      for (let i = 0; i < Math.min(5, n); i++) await get(); // warm-up: JIT, plan caches, buffer cache

      // the SQL of one request, replayed on the raw client the way the request ran it
      capture = [];
      await get();
      const captured: Captured[] = capture;
      capture = null;
      const gs = groups(captured);
      const replay = async () => {
        for (const g of gs) await Promise.all(g.map((q) => raw(q.sql, q.params)));
      };
      for (let i = 0; i < Math.min(5, n); i++) await replay();
      // HTTP request and SQL replay alternate, so both see the same machine (other work on it comes and goes)
      const http: number[] = [];
      const sqlTimes: number[] = [];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        let s0 = performance.now();
        await get();
        http.push(performance.now() - s0);
        s0 = performance.now();
        await replay();
        sqlTimes.push(performance.now() - s0);
        if (performance.now() - t0 > budgetMs && http.length >= 10) break;
      }
      const parsed = JSON.parse(body) as { total?: number; items?: unknown[]; numberMatched?: number; features?: unknown[] };
      // each statement alone, for the breakdown
      const statements = [];
      for (const [gi, g] of gs.entries()) {
        for (const q of g) {
          const xs = await series(Math.min(n, 50), budgetMs / 4, () => raw(q.sql, q.params));
          statements.push({ sql: q.sql, params: [...q.params], group: gi, p50: stats(xs).p50 });
        }
      }
      const h = stats(http);
      const s = stats(sqlTimes);
      results.push({
        name: ep.name,
        path: ep.path,
        status,
        bytes,
        total: parsed.total ?? parsed.numberMatched ?? null,
        returned: (parsed.items ?? parsed.features)?.length ?? null,
        http: h,
        sql: s,
        ratio: Math.round((h.p50 / s.p50) * 100) / 100,
        statements,
      });
      console.log(`[${driver}/${city}] ${ep.name}: p50 ${h.p50} ms (n=${h.n}), sql p50 ${s.p50} ms`);
    }
    const out = {
      driver,
      city,
      cases,
      loadAvgAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
      loadAvgAtStart,
      generatedBy: readMeta(driver, city)?.generator ?? null,
      word,
      bbox,
      n,
      budgetSeconds: budgetMs / 1000,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      at: new Date().toISOString(),
      endpoints: results,
    };
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(path.join(RESULTS_DIR, `cases-list-${driver}-${city}.json`), JSON.stringify(out, null, 2) + '\n');
    return results;
  } finally {
    await app.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i >= 3 ? c.padStart(w[i]) : c.padEnd(w[i]))).join(' | ') + ' |';
  return [line(rows[0]), '|' + w.map((x, i) => (i >= 3 ? '-'.repeat(x + 1) + ':' : '-'.repeat(x + 2))).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

const argv = process.argv.slice(2);
const n = Number(arg(argv, 'n', '200'));
const budgetMs = Number(arg(argv, 'budget', '90')) * 1000;
const cityArg = arg(argv, 'city', 'demo');
const cities = cityArg.split(',').map((c) => (c === 'demo' ? 'demo' : cityLabel(parseCount(c))));
const rows: string[][] = [['driver', 'city', 'endpoint', 'n', 'p50 ms', 'p99 ms', 'SQL p50 ms', 'ratio', 'rows/total', 'KB']];
const breakdown: string[] = [];
for (const driver of drivers(arg(argv, 'driver', 'both'))) {
  for (const city of cities) {
    if (!(await cityCached(driver, city))) {
      if (city !== 'demo') throw new Error(`city ${city} is not cached for ${driver}: npx tsx bench/make-city.ts --cases ${city} --driver ${driver}`);
      await makeCity(driver, 'demo');
    }
    const res = await runCity(driver, city, n, budgetMs);
    for (const r of res) {
      rows.push([
        driver,
        city,
        r.name,
        String(r.http.n),
        r.http.p50.toFixed(1),
        r.http.p99.toFixed(1),
        r.sql.p50.toFixed(1),
        r.ratio.toFixed(2),
        `${r.returned}/${r.total}`,
        (r.bytes / 1024).toFixed(0),
      ]);
      breakdown.push(`${driver}/${city} ${r.name}: ` + r.statements.map((s) => `[g${s.group}] ${s.p50.toFixed(1)} ms ${short(s.sql)}`).join('\n    '));
    }
  }
}
console.log('\n' + table(rows));
console.log('\nstatements of one request (p50 each alone; g = concurrency group):\n  ' + breakdown.join('\n  '));
