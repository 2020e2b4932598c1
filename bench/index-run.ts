/**
 * index-run: the governance index run (POST /api/index/runs → job) on a cached city, next to ONE
 * hand-written SQL statement that computes the same raw indicator values, and the Monte Carlo alone.
 * Run by hand, never by CI (bench/README.md).
 *
 *   npx tsx bench/index-run.ts --driver both --city demo
 *   npx tsx bench/index-run.ts --driver postgres --city 1m --villages 7     # each village split in 7 (952 villages)
 *   options: --period 2026-10 (default: last month) --rounds 3 --villages K (split every village into K)
 *   npx tsx bench/index-run.ts --driver pglite --city 1m --villages 7 --pglite-dir /var/tmp/wwj-city-1m-v7
 *     PGlite on a data dir ON DISK made by bench/pglite-from-postgres.ts from `wwj_bench_1m_v7` (already
 *     split: no split is done), for cities too large for the in-memory tarball (bench/README.md)
 *   npx tsx bench/index-run.ts --city 1m --villages 7 --split-only   # only build wwj_bench_1m_v7 on PostgreSQL
 *   npx tsx bench/index-run.ts --driver postgres --city prov-100k     # a generated province (make-city --shape province);
 *     also times one county's measures alone (--county CODE, default the county with the most cases)
 *
 * What is timed: first a run of the period before (it has no run before it, so it also computes its own
 * previous period); then, per round, the whole run of the period as the job does it (its measures, the
 * previous period's scores from that run, the engine with 1,000 Monte Carlo draws, the results written in
 * one transaction) and the hand-written statement for the period alone. The raw values of both are compared (they must agree), so the hand SQL
 * is also an independent check of the repo's SQL. `--villages K` splits every village of the cached city
 * into K Voronoi cells inside a copy (PostgreSQL: database `<city>_v<K>`, kept; PGlite: in memory) and
 * moves each case to the cell it lies in, for a city of ~1,000 villages with the same cases.
 */
import fs from 'node:fs';
import { demoActor } from '../src/demo/demo.actor.js';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database, Driver } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { computeIndex } from '../src/modules/index/index.engine.js';
import type { IndexDefinition } from '../src/modules/index/index.definition.js';
import { flowWindowStart, monthOf, parsePeriod, previousPeriod, type Period } from '../src/modules/index/index.period.js';
import { arg, benchConfig, drivers, fmtS, openCity, PG_ADMIN_URL, pgDatabaseExists, pgDatabaseName, pgUrl, RESULTS_DIR, rssMb } from './lib.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';

const argv = process.argv.slice(2);
const city = arg(argv, 'city', 'demo');
const period = parsePeriod(arg(argv, 'period', monthOf(new Date(Date.now() - 31 * 86400_000))))!;
const rounds = Number(arg(argv, 'rounds', '3'));
const split = Number(arg(argv, 'villages', '0'));
const pgliteDir = arg(argv, 'pglite-dir', '');
const countyArg = arg(argv, 'county', '');
const log = (m: string) => console.log(`[index-run] ${m}`);

/** Nearest-rank p50 and the extremes of a few timings (ms). */
function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: s[Math.max(0, Math.ceil(0.5 * s.length) - 1)], min: s[0], max: s[s.length - 1] };
}

/** Splits every village into k Voronoi cells (seeded) and moves every case and history row to its cell. */
async function splitVillages(db: Database, k: number) {
  const t = Date.now();
  await sql`drop table if exists bench_cells`.execute(db.q);
  await sql`
    create table bench_cells as
    with v as (select d.code, d.parent_code, d.path, d.boundary, d.population, d.land_area_km2, d.kind, d.short_name from divisions d where d.level = 'village'),
    cells as (
      select v.*, (ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(v.boundary, ${k}, (abs(hashtext(v.code)) % 100000 + 1)::int), 0, v.boundary))).geom as cell from v
    )
    select code as old_code, parent_code, code || lpad((row_number() over (partition by code order by ST_X(ST_Centroid(cell)), ST_Y(ST_Centroid(cell))))::text, 2, '0') as code,
           ST_Multi(ST_CollectionExtract(ST_Intersection(cell, boundary), 3)) as boundary, kind, short_name, population, land_area_km2,
           ST_Area(ST_Intersection(cell, boundary)::geography) / nullif(ST_Area(boundary::geography), 0) as share, path
    from cells`.execute(db.q);
  await sql`delete from bench_cells where ST_IsEmpty(boundary)`.execute(db.q);
  await sql`
    insert into divisions (code, parent_code, level, kind, name, short_name, path, boundary, centroid, land_area_km2, cultivated_area_km2, population, boundary_synthetic, population_synthetic)
    select c.code, c.parent_code, 'village', c.kind, c.short_name || right(c.code, 2), c.short_name || right(c.code, 2),
           regexp_replace(c.path, '[^/]+$', c.code), c.boundary, ST_PointOnSurface(c.boundary), round((c.land_area_km2 * c.share)::numeric, 2), null,
           round(c.population * c.share)::int, true, true
    from bench_cells c`.execute(db.q);
  await sql`
    update cases x set division_code = s.code, division_path = regexp_replace(x.division_path, '[^/]+$', s.code)
    from bench_cells s where s.old_code = x.division_code and ST_Covers(s.boundary, x.location)`.execute(db.q);
  // a point on a shared edge: the first cell of its village
  await sql`
    update cases x set division_code = s.code, division_path = regexp_replace(x.division_path, '[^/]+$', s.code)
    from (select distinct on (old_code) old_code, code from bench_cells order by old_code, code) s where s.old_code = x.division_code`.execute(db.q);
  await sql`update case_history h set division_code = c.division_code from cases c where c.id = h.case_id and h.division_code <> c.division_code`.execute(db.q);
  // the foreign keys from cases are checked per deleted village and column: without an index each check
  // scans every case (the split of the 1M city took 15 minutes without these two temporary indexes)
  await sql`create index bench_case_division_idx on cases (division_code)`.execute(db.q);
  await sql`create index bench_case_town_idx on cases (town_code)`.execute(db.q);
  await sql`delete from divisions d using (select distinct old_code from bench_cells) o where d.code = o.old_code`.execute(db.q);
  await sql`drop index bench_case_division_idx`.execute(db.q);
  await sql`drop index bench_case_town_idx`.execute(db.q);
  await sql`drop table bench_cells`.execute(db.q);
  await sql`analyze`.execute(db.q);
  const n = await sql<{ n: number }>`select count(*)::int as n from divisions where level = 'village'`.execute(db.q);
  log(`  split into ${n.rows[0].n} villages in ${fmtS(Date.now() - t)}`);
}

async function openSplitCity(driver: Driver, label: string, k: number): Promise<Database> {
  if (driver === 'pglite') {
    const db = await openCity('pglite', label, { log });
    await splitVillages(db, k);
    return db;
  }
  const name = `${pgDatabaseName(label)}_v${k}`;
  if (!(await pgDatabaseExists(name))) {
    log(`  building ${name} from ${pgDatabaseName(label)} …`);
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name} template ${pgDatabaseName(label)}`);
    await admin.end();
    const db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(name), poolSize: 4 });
    await migrateToLatest(db);
    await splitVillages(db, k);
    return db;
  }
  const db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(name), poolSize: 4 });
  await migrateToLatest(db);
  return db;
}

/**
 * The reference: one statement, written by hand, with every raw indicator value of the default set that
 * has a source (patrol coverage aside: the benchmark cities have no tracks) per village and per town.
 */
function handSql(def: IndexDefinition, p: Period, scope: string | null = null) {
  // with a scope (a county's path): only the cases and divisions under it, read through the cases' path index
  const inScope = scope ? sql`and c.division_path like ${`${scope}/%`}` : sql``;
  const histOf = scope ? sql`and case_id in (select c.id from cases c where c.division_path like ${`${scope}/%`})` : sql``;
  const divScope = scope ? sql`and d.path like ${`${scope}/%`}` : sql``;
  const end = p.end;
  const start = p.start;
  const flow = flowWindowStart(p, def.params.flowWindowMonths);
  const quick = def.params.quickRemovalDays;
  const redecide = def.params.redecisionDays;
  return sql<Record<string, number | string | null>>`
    with cur as (
      select h.case_id, h.status, h.origin, h.area_m2::float8 as area, h.valid_from, h.data, c.division_code, c.found_at, c.source,
             h.status in ('verified','classified','rectifying','closing_requested') as standing,
             h.status <> 'rejected' and h.origin = 'new' and c.found_at >= ${flow} as fresh
      from case_history h join cases c on c.id = h.case_id
      where h.valid_from < ${end} and coalesce(h.valid_to, 'infinity') >= ${end} ${inScope}
    ),
    per_village as (
      select division_code as code,
        count(*) filter (where standing) as standing_n,
        coalesce(sum(area) filter (where standing), 0) as standing_area,
        coalesce(sum(area) filter (where origin = 'stock' and status <> 'rejected'), 0) as stock_area,
        coalesce(sum(area) filter (where origin = 'stock' and status = 'closed'), 0) as stock_closed,
        count(*) filter (where fresh) as fresh_n,
        coalesce(sum(area) filter (where fresh), 0) as fresh_area,
        count(*) filter (where fresh and source in ('patrol','drone')) as own_n,
        count(*) filter (where source = 'complaint' and status <> 'rejected' and found_at >= ${flow}) as complaints,
        count(*) filter (where fresh and found_at < ${end}::timestamptz - ${quick} * interval '1 day') as cohort,
        count(*) filter (where fresh and found_at < ${end}::timestamptz - ${quick} * interval '1 day' and exists (
          select 1 from case_history q where q.case_id = cur.case_id and q.disposal_class = 'demolish' and q.status in ('closing_requested','closed')
            and q.valid_from < least(cur.found_at + ${quick} * interval '1 day', ${end}))) as quick_n,
        count(*) filter (where status <> 'rejected') as files,
        coalesce(sum((
            (exists (select 1 from photos p where p.case_id = cur.case_id and p.stage = 'before' and p.uploaded_at < ${end}))::int
          + (area is not null)::int + (data->>'land_type' is not null)::int
          + (coalesce(data->>'owner_name', data->>'enterprise_name') is not null)::int + (data->>'structure' is not null)::int
          + (status in ('rectifying','closing_requested','closed') and exists (select 1 from photos p where p.case_id = cur.case_id and p.stage = 'after' and p.uploaded_at < ${end}))::int
          )::float8 / (5 + (status in ('rectifying','closing_requested','closed'))::int)) filter (where status <> 'rejected'), 0) as file_sum,
        count(*) filter (where status = 'verified' and valid_from <= ${end}::timestamptz - ${redecide} * interval '1 day'
          and exists (select 1 from case_events e where e.case_id = cur.case_id and e.kind = 'review_due' and e.at = cur.valid_from)) as stuck
      from cur group by division_code
    ),
    hist as (
      select c.division_code as code,
        count(*) filter (where x.deferred) as deferred,
        count(*) filter (where x.demolished) as demolished
      from (select case_id, bool_or(disposal_class = 'defer') as deferred, bool_or(status = 'closed' and disposal_class = 'demolish') as demolished
            from case_history where valid_from < ${end} ${histOf} group by case_id) x
      join cases c on c.id = x.case_id group by c.division_code
    ),
    reopened as (
      select c.division_code as code, count(distinct e.case_id) as rebuilt
      from case_events e join cases c on c.id = e.case_id where e.kind = 'reopen' and e.at < ${end} ${inScope} group by c.division_code
    ),
    closings as (
      select c.division_code as code, count(*) as closed_n,
        count(*) filter (where not exists (select 1 from case_events r where r.case_id = e.case_id and r.kind = 'reopen' and r.at > e.at and r.at < ${end})
          and exists (select 1 from photos p where p.case_id = e.case_id and p.stage = 'after' and p.uploaded_at <= e.at and p.evidence is not null
                      and not (coalesce(p.evidence->'flags', '[]'::jsonb) ?| array['no_exif','no_exif_gps','no_exif_time','gps_mismatch','far_from_case','stale_capture','future_capture'])
                      and p.captured_at >= (q.data->>'classified_at')::timestamptz)) as valid_n
      from case_events e join cases c on c.id = e.case_id
      left join case_history q on q.case_id = e.case_id and q.valid_from = e.at and q.status = 'closed'
      where e.kind = 'approve_closing' and e.at >= ${flow} and e.at < ${end} ${inScope} group by c.division_code
    ),
    notices as (
      select c.division_code as code, count(*) as due,
        count(*) filter (where n.replied_at < ${end} and (n.replied_at at time zone 'UTC') < n.reply_due + interval '16 hours') as on_time
      from supervision_notices n join cases c on c.id = n.case_id
      where n.issued_at < ${end} and n.reply_due + interval '16 hours' between (${flow}::timestamptz at time zone 'UTC') and (${end}::timestamptz at time zone 'UTC') ${inScope}
      group by c.division_code
    ),
    m as (
      select d.code, d.parent_code as town, d.population::float8 as pop, d.land_area_km2::float8 as land,
        coalesce(a.standing_n, 0) as standing_n, coalesce(a.standing_area, 0) as standing_area, coalesce(a.stock_area, 0) as stock_area,
        coalesce(a.stock_closed, 0) as stock_closed, coalesce(a.fresh_n, 0) as fresh_n, coalesce(a.fresh_area, 0) as fresh_area,
        coalesce(a.own_n, 0) as own_n, coalesce(a.complaints, 0) as complaints, coalesce(a.cohort, 0) as cohort, coalesce(a.quick_n, 0) as quick_n,
        coalesce(a.files, 0) as files, coalesce(a.file_sum, 0) as file_sum, coalesce(a.stuck, 0) as stuck,
        coalesce(h.deferred, 0) as deferred, coalesce(h.demolished, 0) as demolished, coalesce(r.rebuilt, 0) as rebuilt,
        coalesce(cl.closed_n, 0) as closed_n, coalesce(cl.valid_n, 0) as valid_n, coalesce(nt.due, 0) as due, coalesce(nt.on_time, 0) as on_time
      from divisions d
      left join per_village a on a.code = d.code left join hist h on h.code = d.code left join reopened r on r.code = d.code
      left join closings cl on cl.code = d.code left join notices nt on nt.code = d.code
      where d.level = 'village' ${divScope}
    ),
    units as (
      select code, pop, land, standing_n, standing_area, stock_area, stock_closed, fresh_n, fresh_area, own_n, complaints, cohort, quick_n,
             files, file_sum, stuck, deferred, demolished, rebuilt, closed_n, valid_n, due, on_time from m
      union all
      select t.code, t.population::float8, t.land_area_km2::float8, sum(standing_n), sum(standing_area), sum(stock_area), sum(stock_closed), sum(fresh_n),
             sum(fresh_area), sum(own_n), sum(complaints), sum(cohort), sum(quick_n), sum(files), sum(file_sum), sum(stuck), sum(deferred),
             sum(demolished), sum(rebuilt), sum(closed_n), sum(valid_n), sum(due), sum(on_time)
      from m join divisions t on t.code = m.town group by t.code, t.population, t.land_area_km2
    )
    select code,
      standing_area / nullif(land, 0) as "A1", 1000 * standing_n / nullif(pop, 0) as "A2", 100 * stock_closed / nullif(stock_area, 0) as "A3",
      10000 * fresh_n / nullif(pop, 0) as "B1", fresh_area / nullif(land, 0) as "B2", 100.0 * quick_n / nullif(cohort, 0) as "B3",
      100.0 * own_n / nullif(fresh_n, 0) as "C2", 100.0 * on_time / nullif(due, 0) as "C3", 100 * file_sum / nullif(files, 0) as "C4",
      100.0 * rebuilt / nullif(demolished, 0) as "D1", 10000 * complaints / nullif(pop, 0) as "D2", 100.0 * stuck / nullif(deferred, 0) as "D3",
      100.0 * valid_n / nullif(closed_n, 0) as "D4"
    from units`;
}

/**
 * One county's share of a run's measures, as a county's rerun would compute it: the hand statement scoped to
 * the county's cases (through the cases' path index) and divisions, timed, and its values compared with the
 * whole city's statement. Only in a city of several counties (a generated province); `--county CODE` picks
 * one, else the county with the most cases.
 */
async function countyMeasures(db: Database, def: IndexDefinition, whole: Record<string, number | string | null>[]) {
  const counties = (await sql<{ n: number }>`select count(*)::int as n from divisions where level = 'city'`.execute(db.q)).rows[0].n;
  if (counties < 2) return null;
  // the county with the most cases (a path's third part in a province: 33/3301/330102/…)
  const busiest = sql<{ code: string }>`select split_part(division_path, '/', 3) as code from cases group by 1 order by count(*) desc, 1 limit 1`;
  const code = countyArg || (await busiest.execute(db.q)).rows[0].code;
  const c = (
    await sql<{ path: string; cases: number; villages: number }>`
    select d.path, (select count(*)::int from cases x where x.division_path like d.path || '/%') as cases,
           (select count(*)::int from divisions v where v.level = 'village' and v.path like d.path || '/%') as villages
    from divisions d where d.code = ${code} and d.level = 'city'`.execute(db.q)
  ).rows[0];
  if (!c) throw new Error(`no county ${code}`);
  const ms: number[] = [];
  let rows: Record<string, number | string | null>[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = Date.now();
    rows = (await handSql(def, period, c.path).execute(db.q)).rows;
    ms.push(Date.now() - t);
  }
  const byCode = new Map(whole.map((h) => [String(h.code), h]));
  let differ = 0;
  for (const row of rows) {
    const w = byCode.get(String(row.code));
    const same = (x: number | string | null, y: number | string | null) =>
      x === null || y === null ? x === y : Math.abs(Number(x) - Number(y)) <= 1e-9 * Math.max(1, Math.abs(Number(y)));
    if (!w || Object.keys(row).some((k) => !same(row[k], w[k]))) differ++;
  }
  const out = { county: code, cases: c.cases, villages: c.villages, units: rows.length, handSqlMs: stats(ms), unitsDifferingFromWholeRun: differ };
  log(
    `  one county (${code}: ${c.cases} cases, ${c.villages} villages): its measures alone ${fmtS(out.handSqlMs.p50)} (p50 of ${rounds}), ${rows.length} units, ${differ} differ from the whole run's`,
  );
  return out;
}

async function benchDriver(driver: Driver) {
  const label = split ? `${city}-v${split}` : city;
  log(`${driver}/${label}: opening …`);
  let db: Database;
  if (driver === 'pglite' && pgliteDir) {
    // the product's own PGlite on a data dir on disk (DATA_DIR/pglite), as a deployment opens it
    const t = Date.now();
    db = await openDatabase({ driver: 'pglite', dataDir: pgliteDir });
    await migrateToLatest(db);
    log(`  opened ${pgliteDir} in ${fmtS(Date.now() - t)} (rss ${rssMb()} MB)`);
  } else db = split ? await openSplitCity(driver, city, split) : await openCity(driver, city, { log });
  const { config, dataDir } = benchConfig(driver, city);
  const deps = createDeps(config, db);
  const actor = await demoActor(deps, 'city');
  const [{ n: cases }] = (await sql<{ n: number }>`select count(*)::int as n from cases`.execute(db.q)).rows;
  const [{ n: villages }] = (await sql<{ n: number }>`select count(*)::int as n from divisions where level = 'village'`.execute(db.q)).rows;
  const def = (await deps.services.index.currentDefinition()).definition;
  const runMs: number[] = [];
  const sqlMs: number[] = [];
  const parts: { measures: number; engine: number; total: number }[] = [];
  let lastRun = '';
  let hand: Record<string, number | string | null>[] = [];
  // the previous period first, as in monthly use: its run has no run before it, so it computes both periods
  const t0 = Date.now();
  const first = await deps.services.index.startRun(actor, { period: previousPeriod(period).key, seed: 20261127 });
  await deps.services.index.execute(first.id);
  const coldMs = Date.now() - t0;
  const firstRun = await db.q.selectFrom('index_runs').select(['summary']).where('id', '=', first.id).executeTakeFirstOrThrow();
  const cold = (firstRun.summary as { timingsMs: { measures: number; engine: number; total: number } }).timingsMs;
  log(`  ${previousPeriod(period).key} (computing its own previous period too): ${fmtS(coldMs)} (measures ${fmtS(cold.measures)}, engine ${fmtS(cold.engine)})`);
  for (let r = 0; r < rounds; r++) {
    // each round times the registry path: a settled period's run stores its month-end measures, which the next
    // round would read instead (index_month_measures, docs/scale.md)
    await db.q.deleteFrom('index_month_measures').execute();
    let t = Date.now();
    const { id } = await deps.services.index.startRun(actor, { period: period.key, seed: 20261127 });
    await deps.services.index.execute(id);
    runMs.push(Date.now() - t);
    const run = await db.q.selectFrom('index_runs').select(['status', 'summary', 'error']).where('id', '=', id).executeTakeFirstOrThrow();
    if (run.status !== 'done') throw new Error(`run ${id}: ${run.status} ${run.error}`);
    parts.push((run.summary as { timingsMs: { measures: number; engine: number; total: number } }).timingsMs);
    lastRun = id;
    t = Date.now();
    hand = (await handSql(def, period).execute(db.q)).rows;
    sqlMs.push(Date.now() - t);
    log(`  round ${r + 1}: run ${fmtS(runMs[r])} (measures ${fmtS(parts[r].measures)}, engine ${fmtS(parts[r].engine)}), hand SQL ${fmtS(sqlMs[r])}`);
  }
  // the same raw values?
  const results = await db.q.selectFrom('index_results').select(['division_code', 'detail']).where('run_id', '=', lastRun).execute();
  const byCode = new Map(hand.map((h) => [String(h.code), h]));
  let compared = 0;
  let maxDiff = 0;
  const mismatches: string[] = [];
  for (const r of results) {
    const h = byCode.get(r.division_code);
    for (const ind of (r.detail as { indicators: { id: string; raw: number | null; status: string }[] }).indicators) {
      if (ind.status !== 'included' || !h || !(ind.id in h)) continue;
      const a = ind.raw;
      const b = h[ind.id] === null ? null : Number(h[ind.id]);
      compared++;
      if (a === null || b === null) {
        if (a !== b) mismatches.push(`${r.division_code} ${ind.id}: run ${a} vs SQL ${b}`);
        continue;
      }
      const d = Math.abs(a - b) / Math.max(1, Math.abs(b));
      maxDiff = Math.max(maxDiff, d);
      if (d > 1e-9) mismatches.push(`${r.division_code} ${ind.id}: run ${a} vs SQL ${b}`);
    }
  }
  log(`  raw values compared: ${compared}, mismatches ${mismatches.length}, max relative difference ${maxDiff.toExponential(2)}`);
  for (const m of mismatches.slice(0, 10)) log(`    ${m}`);
  const countyRerun = await countyMeasures(db, def, hand);
  // Monte Carlo alone: the engine with 1,000 draws minus the engine with none, on the same inputs
  const cur = await deps.services.index.periodInput(def, period);
  const prev = await deps.services.index.periodInput(def, previousPeriod(period));
  const eng = (draws: number) => {
    const t = Date.now();
    computeIndex({ definition: def, current: cur, previous: prev, seed: 1, method: { draws } });
    return Date.now() - t;
  };
  eng(0);
  const e0 = stats([eng(0), eng(0), eng(0)]).p50;
  const e1 = stats([eng(1000), eng(1000), eng(1000)]).p50;
  const out = {
    driver,
    city: label,
    cases,
    villages,
    period: period.key,
    rounds,
    runWithoutPreviousRunMs: coldMs,
    runWithoutPreviousRunParts: cold,
    runMs: stats(runMs),
    measuresMs: stats(parts.map((p) => p.measures)),
    engineMs: stats(parts.map((p) => p.engine)),
    handSqlMs: stats(sqlMs),
    ratioRunToSql: Math.round((stats(runMs).p50 / stats(sqlMs).p50) * 100) / 100,
    engineNoMonteCarloMs: e0,
    engineWith1000DrawsMs: e1,
    monteCarloMs: e1 - e0,
    rawValuesCompared: compared,
    mismatches: mismatches.length,
    countyRerun,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    pgliteDataDirOnDisk: driver === 'pglite' && !!pgliteDir,
    at: new Date().toISOString(),
  };
  log(
    `  ${driver}/${label}: ${cases} cases, ${villages} villages — run p50 ${fmtS(out.runMs.p50)}, hand SQL p50 ${fmtS(out.handSqlMs.p50)}, ratio ${out.ratioRunToSql}; Monte Carlo (1,000 draws) ${out.monteCarloMs} ms`,
  );
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `index-run-${driver}-${label}.json`), JSON.stringify(out, null, 2) + '\n');
  // the benchmark's runs (and the measures they stored) do not stay in a cached city
  await db.q.deleteFrom('index_runs').execute();
  await db.q.deleteFrom('index_month_measures').execute();
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (argv.includes('--split-only')) {
  // only build the split PostgreSQL city `<city>_v<K>` (e.g. as the source of bench/pglite-from-postgres.ts)
  const db = await openSplitCity('postgres', city, split);
  await db.close();
} else for (const d of drivers(arg(argv, 'driver', 'both'))) await benchDriver(d);
