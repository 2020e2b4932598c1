/**
 * tiles: a vector tile and a 1,000-feature OGC API page end to end over HTTP against the SQL they run, per
 * driver and city size (issue 20).
 *
 *   npx tsx bench/tiles.ts --driver postgres --city 100k --n 100 --runs 3
 *   npx tsx bench/tiles.ts --driver both --city demo
 *   npx tsx bench/tiles.ts --driver pglite --city 1m --pglite-dir /var/tmp/wwj-city-1m
 *
 * Starts the real app on the cached city (bench/make-city.ts), logs in as the city office, and times, at the
 * first demo village (`--village` picks another by its code; `--tile z/x/y` any tile):
 *   - `GET /tiles/{cases,patches,divisions}/14/{x}/{y}.mvt`, the z14 tile at the village's centre;
 *   - `GET /ogc/collections/cases/items?limit=1000&bbox=…`, the first page over the village's bounding box;
 *   - `GET /ogc/conformance`, a signed-in request that runs no SQL but the session's: the fixed cost of HTTP,
 *     the session lookup and Fastify that every other row carries.
 * After 5 warm-up requests it records the statements one request runs (openDatabase's onQuery; the session
 * lookup left out) with their start and end, then N rounds of one timed fetch followed by one replay of
 * exactly those statements on the raw client, statements that overlapped in the request (the OGC page's
 * `Promise.all` of page and count) again concurrently, the others one after the other. On PostgreSQL the
 * tile's statement is the ST_AsMVT query itself, so its ratio is the endpoint against ST_AsMVT alone; on
 * PGlite (no ST_AsMVT) it is the endpoint, with the product's JS encoder, against the SQL that reads the rows.
 * The OGC page's statements are the page, its count and the audit record of the export (`audit_append`).
 * `--runs R` repeats the whole set R times in turn and prints the median of the R per-run p50s. Beside the
 * wall times, the CPU per request (this process: client, server and on PGlite the database; plus the pool's
 * PostgreSQL backends from /proc) of the fetches and of the replays, and their ratio: on a machine that others
 * keep busy the wall-clock ratio measures the scheduler too, the CPU ratio what an idle machine would show.
 * Goal (issue 20): ≤ 1.3×. Results: printed tables and bench/results/tiles-<driver>-<city>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { openDatabase, type Database, type Driver } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { buildApp } from '../src/app.js';
import { createDeps } from '../src/deps.js';
import { DEMO_TOWN, loadDemoDivisions } from '../src/demo/demo.seed.js';
import { arg, BENCH_PASSWORD, benchConfig, drivers, loadAvg, mdTable, openCity, procCpuMs, RESULTS_DIR, stats } from './lib.js';

const argv = process.argv.slice(2);
const N = Number(arg(argv, 'n', '100'));
const RUNS = Number(arg(argv, 'runs', '1'));
const city = arg(argv, 'city', 'demo');
const Z = Number(arg(argv, 'z', '14'));
const only = arg(argv, 'only', 'fixed,cases,patches,divisions,ogc').split(',');
/** A PGlite data dir on disk (a 1M city made by pglite-from-postgres.ts) instead of the cached tarball. */
const pgliteDir = arg(argv, 'pglite-dir', '');

function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

/** Features per layer of an MVT (protobuf: Tile.layers = 3, Layer.features = 2), without a decoder. */
function mvtFeatures(buf: Uint8Array): number {
  let n = 0;
  const varint = (b: Uint8Array, p: { i: number }) => {
    let v = 0;
    let s = 1;
    for (;;) {
      const c = b[p.i++];
      v += (c & 0x7f) * s;
      if (c < 0x80) return v;
      s *= 128;
    }
  };
  const fields = (b: Uint8Array, each: (field: number, body: Uint8Array) => void) => {
    const p = { i: 0 };
    while (p.i < b.length) {
      const key = varint(b, p);
      const wire = key & 7;
      if (wire === 2) {
        const len = varint(b, p);
        each(key >>> 3, b.subarray(p.i, p.i + len));
        p.i += len;
      } else if (wire === 0) varint(b, p);
      else if (wire === 5) p.i += 4;
      else if (wire === 1) p.i += 8;
      else throw new Error(`wire type ${wire}`);
    }
  };
  fields(buf, (f, layer) => f === 3 && fields(layer, (g) => g === 2 && n++));
  return n;
}

interface Statement {
  sql: string;
  params: readonly unknown[];
  start: number;
  end: number;
}
/** Statements that overlapped in time ran concurrently in the request (Promise.all): replayed together. */
function waves(st: Statement[]): Statement[][] {
  const out: Statement[][] = [];
  let end = -Infinity;
  for (const s of [...st].sort((a, b) => a.start - b.start)) {
    if (out.length && s.start < end) {
      out[out.length - 1].push(s);
      end = Math.max(end, s.end);
    } else {
      out.push([s]);
      end = s.end;
    }
  }
  return out;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function open(driver: Driver, onQuery: (sql: string, params: readonly unknown[], ms: number) => void): Promise<Database> {
  if (driver === 'pglite' && pgliteDir) {
    const db = await openDatabase({ driver: 'pglite', dataDir: pgliteDir, onQuery });
    await migrateToLatest(db);
    return db;
  }
  return openCity(driver, city, { onQuery });
}

async function run(driver: Driver) {
  let capture: Statement[] | null = null;
  const db = await open(driver, (sql, params, ms) => {
    const end = performance.now();
    capture?.push({ sql, params, start: end - ms, end });
  });
  const { config } = benchConfig(driver, city);
  const app = await buildApp(createDeps(config, db), { logger: false, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const raw = async (sql: string, params: readonly unknown[]) =>
    db.pglite ? (await db.pglite.query(sql, params as unknown[])).rows : (await db.pool!.query(sql, params as unknown[])).rows;
  /** One round's replay: statements in turn on one connection (a `begin` … `commit` stays on it), a wave's others beside it on the pool. */
  const replay = async (ws: Statement[][]) => {
    if (db.pglite) {
      for (const w of ws) await Promise.all(w.map((st) => raw(st.sql, st.params)));
      return;
    }
    const c = await db.pool!.connect();
    try {
      for (const [first, ...rest] of ws) await Promise.all([c.query(first.sql, first.params as unknown[]), ...rest.map((st) => raw(st.sql, st.params))]);
    } finally {
      c.release();
    }
  };
  /**
   * CPU (ms) of this process (server, client and, on PGlite, the database) and of the PostgreSQL backends of the
   * pool: on a machine others share, wall time measures the scheduler as much as the code; CPU per request does not.
   */
  const backends = () => ((db.pool as unknown as { _clients?: { processID: number | null }[] })?._clients ?? []).map((c) => c.processID).filter((p): p is number => !!p);
  const cpuNow = () => {
    const u = process.cpuUsage();
    return { node: (u.user + u.system) / 1000, pg: backends().reduce((a, p) => a + procCpuMs(p), 0) };
  };
  const load0 = loadAvg();
  const out: Record<string, unknown>[] = [];
  const perRun = new Map<
    string,
    { http: number[]; sql: number[]; cpuHttp: number[]; cpuSql: number[]; row: { what: string; bytes: number; features: string; statements: number } }
  >();
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
    const villages = loadDemoDivisions().filter((f) => f.properties.kind === 'village');
    const code = arg(argv, 'village', '');
    const village = code ? villages.find((f) => f.properties.code === code)! : villages.find((f) => f.properties.parent_code === DEMO_TOWN)!;
    if (!village) throw new Error(`no village ${code}`);
    const tileArg = arg(argv, 'tile', '');
    const [z, x, y] = tileArg ? tileArg.split('/').map(Number) : [Z, ...tileOf(village.properties.centroid[0], village.properties.centroid[1], Z)];
    const ring = village.geometry.coordinates.flat(2);
    const bbox = [Math.min(...ring.map((p) => p[0])), Math.min(...ring.map((p) => p[1])), Math.max(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[1]))];
    const bboxText = bbox.map((v) => v.toFixed(6)).join(',');

    const series: { key: string; what: string; url: string; kind: 'tile' | 'ogc' | 'fixed' }[] = [
      { key: 'fixed', what: 'GET /ogc/conformance (no SQL but the session)', url: `${base}/ogc/conformance`, kind: 'fixed' as const },
      ...['cases', 'patches', 'divisions'].map((layer) => ({
        key: layer,
        what: `tile ${layer} ${z}/${x}/${y}`,
        url: `${base}/tiles/${layer}/${z}/${x}/${y}.mvt`,
        kind: 'tile' as const,
      })),
      {
        key: 'ogc',
        what: `OGC cases items limit=1000, village ${village.properties.code} bbox`,
        url: `${base}/ogc/collections/cases/items?limit=1000&bbox=${bboxText}`,
        kind: 'ogc' as const,
      },
    ].filter((s) => only.includes(s.key));

    // each series' statements, recorded once after its warm-up
    const plans = new Map<string, { statements: Statement[]; waves: Statement[][]; bytes: number; features: string }>();
    for (const s of series) {
      let bytes = 0;
      let features = '';
      for (let i = 0; i < 5; i++) {
        const r = await fetch(s.url, { headers });
        if (r.status !== 200) throw new Error(`${s.url}: ${r.status} ${await r.text()}`);
        const body = new Uint8Array(await r.arrayBuffer());
        bytes = body.byteLength;
        if (s.kind === 'tile') features = String(mvtFeatures(body));
        if (s.kind === 'ogc') {
          const j = JSON.parse(Buffer.from(body).toString('utf8')) as { numberReturned: number; numberMatched: number };
          features = `${j.numberReturned} of ${j.numberMatched}`;
        }
      }
      capture = [];
      await (await fetch(s.url, { headers })).arrayBuffer();
      const statements = capture.filter((c) => !/\b(sessions|users)\b/.test(c.sql));
      capture = null;
      plans.set(s.key, { statements, waves: waves(statements), bytes, features });
    }

    for (let run = 0; run < RUNS; run++) {
      for (const s of series) {
        const plan = plans.get(s.key)!;
        const http: number[] = [];
        const sql: number[] = [];
        const cpu = { httpNode: 0, httpPg: 0, sqlNode: 0, sqlPg: 0 };
        for (let i = 0; i < N; i++) {
          let c0 = cpuNow();
          let t = performance.now();
          await (await fetch(s.url, { headers })).arrayBuffer();
          http.push(performance.now() - t);
          let c1 = cpuNow();
          cpu.httpNode += c1.node - c0.node;
          cpu.httpPg += c1.pg - c0.pg;
          c0 = c1;
          t = performance.now();
          await replay(plan.waves);
          sql.push(performance.now() - t);
          c1 = cpuNow();
          cpu.sqlNode += c1.node - c0.node;
          cpu.sqlPg += c1.pg - c0.pg;
        }
        const h = stats(http);
        const q = stats(sql);
        const e = perRun.get(s.key) ?? {
          http: [],
          sql: [],
          cpuHttp: [],
          cpuSql: [],
          row: { what: s.what, bytes: plan.bytes, features: plan.features, statements: plan.statements.length },
        };
        e.http.push(h.p50);
        e.sql.push(q.p50);
        e.cpuHttp.push((cpu.httpNode + cpu.httpPg) / N);
        e.cpuSql.push((cpu.sqlNode + cpu.sqlPg) / N);
        perRun.set(s.key, e);
        out.push({ run, key: s.key, what: s.what, url: s.url.slice(base.length), bytes: plan.bytes, features: plan.features, http: h, sql: q, cpuPerRequestMs: { ...cpu, n: N } });
      }
    }
    // each statement alone (the OGC page's: page, count, audit), for where the SQL time goes
    const alone: string[][] = [];
    for (const s of series) {
      for (const st of plans.get(s.key)!.statements.filter((x) => !/^\s*(begin|commit|rollback)\b/i.test(x.sql))) {
        const ms: number[] = [];
        for (let i = 0; i < Math.min(N, 30); i++) {
          const t = performance.now();
          await raw(st.sql, st.params);
          ms.push(performance.now() - t);
        }
        alone.push([s.key, st.sql.replace(/\s+/g, ' ').slice(0, 90), stats(ms).p50.toFixed(2)]);
      }
    }
    const load1 = loadAvg();
    const rows = [...perRun.entries()].map(([key, e]) => {
      const h = median(e.http);
      const q = median(e.sql);
      return [
        e.row.what,
        String(e.row.bytes),
        e.row.features,
        h.toFixed(1),
        key === 'fixed' ? '—' : q.toFixed(1),
        key === 'fixed' ? '—' : (h / q).toFixed(2),
        key === 'fixed' ? '—' : e.http.map((v, i) => (v / e.sql[i]).toFixed(2)).join(' / '),
        `${median(e.cpuHttp).toFixed(1)} / ${key === 'fixed' ? '—' : median(e.cpuSql).toFixed(1)}`,
        key === 'fixed' ? '—' : (median(e.cpuHttp) / median(e.cpuSql)).toFixed(2),
        String(e.row.statements),
      ];
    });
    console.log(`\n[${driver}/${city}] ${RUNS} run(s) × ${N} rounds; load average before ${load0.join(' ')}, after ${load1.join(' ')}`);
    console.log(mdTable([['request', 'bytes', 'features', 'HTTP p50 ms', 'SQL p50 ms', 'ratio', 'ratio per run', 'CPU ms HTTP / SQL', 'CPU ratio', 'statements'], ...rows], 1));
    console.log('\nEach statement alone (p50 ms):');
    console.log(mdTable([['series', 'statement', 'p50 ms'], ...alone], 2));
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS_DIR, `tiles-${driver}-${city}.json`),
      JSON.stringify(
        { at: new Date().toISOString(), load: [load0, load1], runs: out, alone, statements: Object.fromEntries([...plans].map(([k, p]) => [k, p.statements.map((s) => s.sql)])) },
        null,
        1,
      ),
    );
  } finally {
    await app.close();
    await db.close();
  }
}

for (const d of drivers(arg(argv, 'driver', 'postgres'))) await run(d);
