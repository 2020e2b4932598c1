/**
 * nearby-fixes: the statement behind `GET /api/cases/nearby` (casesRepo.nearby, captured from the repo
 * itself) against two rewrites that return the same rows, on the raw client, per city. Read only.
 *
 *   npx tsx bench/nearby-fixes.ts --city 1m,100k,demo --n 100 [--explain]
 *
 * Why: at 1M the planner combines the geography GiST index with a bitmap of `case_status_idx` (the five
 * open statuses: 62 % of the table) or of `case_path_idx` (a whole town: 75k rows), and the bitmap costs
 * more than the spatial search it narrows; and the two photo subqueries run for every candidate before the
 * top-100 sort instead of for the 100 rows returned.
 *   - current: exactly what the repo runs.
 *   - fence:   the spatial search alone in a subquery the planner cannot flatten (`offset 0`), the
 *              jurisdiction/status filters, sort and limit over its rows, the photo subqueries and the
 *              division names over the ≤ limit rows left. Same rows, same order (checked).
 *   - knn:     the same, but the inner search walks the GiST index in distance order (`<->`) and stops
 *              at `limit` matches; the final order is still ST_Distance (spheroid), so only a tie at the
 *              100th place on the sphere vs. the spheroid could differ (checked: printed as mismatches).
 * Points and series as in nearby.ts. Each statement: 3 warm-up passes over the points, then n rounds in
 * which the three variants take turns (rotating which goes first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Driver } from '../src/db/database.js';
import { casesRepo } from '../src/modules/cases/cases.repo.js';
import { arg, cityCached, cityLabel, drivers, flag, mdTable, openCity, parseCount, RESULTS_DIR, stats } from './lib.js';
import { queryPoints } from './nearby.js';

const OPEN = `('reported','verified','classified','rectifying','closing_requested')`;
const HERE = `ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography`;
const COLS = `c.id, c.case_no, c.status, c.disposal_class, c.category, c.lon, c.lat, c.found_at, c.note, c.version, c.division_code, c.town_code`;
const OUTER = (inner: string) => `
  select n.id, n.case_no, n.status, n.disposal_class, n.category, n.lon, n.lat, n.found_at, n.note, n.version,
         v.short_name as division_name, t.short_name as town_name, n.distance,
         (select count(*) from photos p where p.case_id = n.id) as photo_count,
         array(select p.id from photos p where p.case_id = n.id order by p.uploaded_at desc, p.id limit 3) as photo_ids
  from (${inner}) n
  join divisions v on v.code = n.division_code
  join divisions t on t.code = n.town_code
  order by n.distance, n.id`;
/** $1 lon, $2 lat, $3 radius, $4 scope path, $5 scope path || '/%', $6 limit — the repo's parameters. */
const FENCE = OUTER(`
    select ${COLS}, ST_Distance(c.location_geog, ${HERE}) as distance
    from (select * from cases c where ST_DWithin(c.location_geog, ${HERE}, $3) offset 0) c
    where (c.division_path = $4 or c.division_path like $5) and c.status in ${OPEN}
    order by distance, c.id
    limit $6`);
const KNN = OUTER(`
    select ${COLS}, ST_Distance(c.location_geog, ${HERE}) as distance
    from cases c
    where ST_DWithin(c.location_geog, ${HERE}, $3) and (c.division_path = $4 or c.division_path like $5) and c.status in ${OPEN}
    order by c.location_geog <-> ${HERE}
    limit $6`);

async function runCity(driver: Driver, city: string, n: number, explain: boolean) {
  let captured: { sql: string; params: readonly unknown[] } | null = null;
  const db = await openCity(driver, city, { onQuery: (sql, params) => (captured = { sql, params }) });
  const raw = async (sql: string, params: readonly unknown[] = []) =>
    (db.pglite ? (await db.pglite.query(sql, params as any[])).rows : (await db.pool!.query(sql, params as any[])).rows) as any[];
  const repo = casesRepo(db);
  try {
    const pts = await queryPoints(raw, n);
    const series = [
      { name: 'inspector · next to an open case', scope: '330482/330482102', points: pts.nearTown, radius: 50 },
      { name: 'inspector · next to an open case', scope: '330482/330482102', points: pts.nearTown, radius: 500 },
      { name: 'inspector · anywhere in the town', scope: '330482/330482102', points: pts.inTown, radius: 500 },
      { name: 'city · anywhere in the city', scope: '330482', points: pts.inCity, radius: 50 },
      { name: 'city · anywhere in the city', scope: '330482', points: pts.inCity, radius: 500 },
    ];
    const out = [];
    for (const s of series) {
      // the repo's own statement and parameters for each point
      const stmts: { sql: string; params: readonly unknown[] }[] = [];
      for (const [lon, lat] of s.points.slice(0, n)) {
        captured = null;
        await repo.nearby(lon, lat, s.radius, s.scope, false, 100);
        stmts.push(captured!);
      }
      const variants = [
        { name: 'current', sql: (i: number) => stmts[i].sql },
        { name: 'fence', sql: () => FENCE },
        { name: 'knn', sql: () => KNN },
      ];
      const times = variants.map(() => [] as number[]);
      let mismatches = [0, 0, 0];
      for (let pass = 0; pass < 3; pass++) for (const [i, st] of stmts.entries()) for (const v of variants) await raw(v.sql(i), st.params);
      for (const [i, st] of stmts.entries()) {
        const rows: string[] = [];
        for (let k = 0; k < variants.length; k++) {
          const vi = (i + k) % variants.length;
          const t0 = performance.now();
          const r = await raw(variants[vi].sql(i), st.params);
          times[vi].push(performance.now() - t0);
          rows[vi] = r.map((x) => `${x.id}:${x.photo_count}:${(x.photo_ids ?? []).join(',')}`).join(' ');
        }
        mismatches = mismatches.map((m, k) => m + (rows[k] === rows[0] ? 0 : 1));
      }
      const res = {
        name: s.name,
        radius: s.radius,
        n: stmts.length,
        variants: variants.map((v, k) => ({ name: v.name, ...stats(times[k]), mismatches: mismatches[k] })),
        explain: explain
          ? Object.fromEntries(
              await Promise.all(
                variants.map(async (v) => [v.name, (await raw(`explain (analyze, buffers) ${v.sql(0)}`, stmts[0].params)).map((x) => Object.values(x)[0]).join('\n')]),
              ),
            )
          : undefined,
      };
      out.push(res);
      console.log(`[${driver}/${city}] ${s.name} r=${s.radius}: ` + res.variants.map((v) => `${v.name} p50 ${v.p50} ms (${v.mismatches} differ)`).join(', '));
    }
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS_DIR, `nearby-fixes-${driver}-${city}.json`),
      JSON.stringify({ driver, city, n, at: new Date().toISOString(), fence: FENCE, knn: KNN, series: out }, null, 2) + '\n',
    );
    return out;
  } finally {
    await db.close();
  }
}

const argv = process.argv.slice(2);
const n = Number(arg(argv, 'n', '100'));
const explain = flag(argv, 'explain');
const rows = [['driver', 'city', 'series', 'radius', 'n', 'current p50', 'p99', 'fence p50', 'p99', 'knn p50', 'p99', 'rows differ (fence/knn)']];
const plans: string[] = [];
for (const driver of drivers(arg(argv, 'driver', 'postgres'))) {
  for (const c of arg(argv, 'city', '1m').split(',')) {
    const city = c === 'demo' ? 'demo' : cityLabel(parseCount(c));
    if (!(await cityCached(driver, city))) throw new Error(`city ${city} is not cached for ${driver}`);
    for (const r of await runCity(driver, city, n, explain)) {
      const [cur, fence, knn] = r.variants;
      rows.push([
        driver,
        city,
        r.name,
        String(r.radius),
        String(r.n),
        cur.p50.toFixed(2),
        cur.p99.toFixed(2),
        fence.p50.toFixed(2),
        fence.p99.toFixed(2),
        knn.p50.toFixed(2),
        knn.p99.toFixed(2),
        `${fence.mismatches}/${knn.mismatches}`,
      ]);
      if (r.explain) for (const [k, v] of Object.entries(r.explain)) plans.push(`${driver}/${city} ${r.name} r=${r.radius} — ${k}\n${v}`);
    }
  }
}
console.log('\nSQL alone, ms\n' + mdTable(rows, 3));
if (plans.length) console.log('\n' + plans.join('\n\n'));
