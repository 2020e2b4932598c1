// Over 400 lines: one generator of the large benchmark cities, read top to bottom; never run by CI.
/**
 * make-city: builds a large synthetic city for the benchmarks and caches it on disk. Never run by CI.
 *
 *   npx tsx bench/make-city.ts --cases 100k --driver pglite      → bench/.cache/city-100k.pglite.tar
 *   npx tsx bench/make-city.ts --cases 100k --driver postgres    → database wwj_bench_100k (kept)
 *   npx tsx bench/make-city.ts --cases demo --driver pglite      → the product's own demo city (seedDemo, 1200 cases)
 *   npx tsx bench/make-city.ts --shape province --cases 100k --driver postgres → database wwj_bench_prov_100k: the same
 *     cases over a generated province (90 counties, ~1,300 towns, ~20,000 villages: bench/province.ts)
 *   add --force to rebuild a city that is already cached.
 *
 * How: an empty migrated database; the demo divisions imported exactly as the test fixture does
 * (`loadDemoDivisions()` + `divisions.importTree`), or with `--shape province` a generated province written in
 * SQL (bench/province.ts); one account per role (the demo usernames, password BENCH_PASSWORD; in a province the
 * city-wide ones sit at the province 33, the town's at its first town); then N cases written IN BULK WITH SQL, not through the services: the service path
 * costs ~45 ms per case on PGlite (README), i.e. 75 minutes for 100k and 12 hours for 1M. The bulk rows
 * are therefore NOT what the API would have written in one respect: every case is at version 1 with one
 * open case_history row (valid_from = created_at, valid_to null) and 1–2 case_events (created, and the
 * step that led to the current status), there are no photos and no audit records. Every column of
 * `cases` is filled plausibly and consistently:
 *   - points uniform inside village boundaries (ST_GeneratePoints per village, N allotted to villages by
 *     area × a fixed per-town density × 1.6 for villages / 0.6 for communities, largest remainder);
 *     lon/lat are exactly ST_X/ST_Y of `location`, `location_geog` is the same point; division_code,
 *     town_code and division_path are those of the village the point was generated in;
 *   - origin stock 55 % (source census_import) / new (patrol, complaint, satellite, drone, department,
 *     provincial, prefecture as in the demo); all 7 statuses; disposal_class only from classified on,
 *     consistent with status (defer only while classified); verified/classified/closed/deadline/review
 *     dates in order and never in the future; found_at over the last 24 months;
 *   - case_no PH-YYYY-NNNNNN (a province: ZJ-) numbered per year in created_at order, case_counters set to match;
 *     the owner's ID number and an enterprise's credit code start with the case's county code.
 * Rows are planned into a scratch table, then inserted 10,000 per statement (cases + history + events +
 * external refs in one statement), then VACUUM ANALYZE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Database, openDatabase, type Driver } from '../src/db/database.js';
import { PGliteDialect } from '../src/db/pglite-dialect.js';
import type { DB } from '../src/db/schema.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createDeps } from '../src/deps.js';
import { DEMO_ACCOUNTS, DEMO_TOWN, loadDemoDivisions, seedDemo } from '../src/demo/demo.seed.js';
import { provinceDivisions } from './province.js';
import {
  arg,
  BENCH_PASSWORD,
  benchConfig,
  CACHE_DIR,
  cityCached,
  cityLabel,
  drivers,
  flag,
  fmtS,
  parseCount,
  pgCreateDatabase,
  pgDatabaseName,
  pgDropDatabase,
  pgliteTarball,
  pgUrl,
  rssMb,
  writeMeta,
} from './lib.js';

const BATCH = 10_000;
const DEMO_CASES = 1200;
const DAY_MS = 86_400_000;

// the same character sets as src/demo/demo.random.ts
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国春梅海林斌飞鹏宇浩凯晨欣怡婷雪琳晓红文辉志强永庆荣根宝金福德兴';
const ENT_PREFIX = ['嘉兴', '平湖', '浙江', '嘉兴市', '平湖市'];
const ENT_CORE = ['恒达', '宏盛', '鑫源', '华强', '金泰', '永丰', '东方', '天成', '联创', '新星', '兴业', '瑞祥', '隆鑫', '佳和', '通力', '海宁', '光明', '精工'];
const ENT_TRADE = ['五金制品', '服装辅料', '机械', '箱包', '塑料制品', '纺织', '物流', '光电科技', '电子', '食品', '木业', '新材料'];

/** A SQL string literal (only ever our own constants). */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** `case when r < w1 then v1 when r < w1+w2 then v2 … else vn end` for a uniform draw r in [0,1). */
function weighted(r: string, xs: [string, number][]): string {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = xs.slice(0, -1).map(([v, w]) => {
    acc += w;
    return `when ${r} < ${(acc / total).toFixed(6)} then ${lit(v)}`;
  });
  return `(case ${whens.join(' ')} else ${lit(xs[xs.length - 1][0])} end)`;
}
/** One element of a constant array picked by a draw r. */
const pickArr = (r: string, xs: string[]) => `(array[${xs.map(lit).join(',')}])[1 + floor(${r} * ${xs.length})::int]`;
/** One character of a constant string picked by a draw r. */
const pickChar = (r: string, s: string) => `substr(${lit(s)}, 1 + floor(${r} * ${[...s].length})::int, 1)`;

/** Runs statements on one connection (scratch tables and setseed() need the same session). */
interface Raw {
  q(sql: string): Promise<any[]>;
  release(): void;
}
async function rawSession(db: Database): Promise<Raw> {
  if (db.pglite) {
    const p = db.pglite;
    return { q: async (s) => (await p.query(s)).rows as any[], release: () => {} };
  }
  const c = await db.pool!.connect();
  return { q: async (s) => (await c.query(s)).rows, release: () => c.release() };
}

async function bulkCases(db: Database, n: number, casePrefix: string, log: (m: string) => void) {
  const raw = await rawSession(db);
  try {
    const users = await raw.q(`select username, id from users`);
    const uid = (u: string) => lit(users.find((x) => x.username === u)!.id);
    const now = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    const start = new Date(now.getTime() - 24 * 30.4 * DAY_MS);
    const NOW = `${lit(now.toISOString())}::timestamptz`;
    const START = `${lit(start.toISOString())}::timestamptz`;
    const SPAN_S = (now.getTime() - start.getTime()) / 1000;
    const cap = (e: string) => `least(${e}, ${NOW})`;
    const days = (e: string) => `(${e}) * interval '1 day'`;

    let t = Date.now();
    await raw.q(`select setseed(0.20261127)`);
    for (const s of ['bench_alloc', 'bench_pts', 'bench_rows']) await raw.q(`drop table if exists ${s}`);
    // 1. how many cases each village gets (largest remainder, so the total is exactly n)
    await raw.q(`
      create table bench_alloc as
      with v as (
        select d.code, d.parent_code as town_code, d.path, d.short_name as village_name, t.short_name as town_name,
               ST_Area(d.boundary::geography) * (case when d.kind = 'village' then 1.6 else 0.6 end)
                 * (0.4 + 1.6 * (abs(hashtext(d.parent_code)) % 1000) / 1000.0) as w
        from divisions d join divisions t on t.code = d.parent_code
        where d.level = 'village' and d.boundary is not null
      ), e as (select v.*, ${n}::float8 * w / sum(w) over () as exact from v),
      f as (select e.*, floor(exact)::int as base, exact - floor(exact) as frac from e)
      select code, town_code, path, village_name, town_name,
             base + case when row_number() over (order by frac desc, code) <= ${n} - sum(base) over () then 1 else 0 end as k
      from f`);
    // 2. the points: uniform inside each village polygon (seeded per village: the same city every time).
    // ST_GeneratePoints may return a point more or less than asked on multipolygons: trim, then top up.
    await raw.q(`create table bench_pts (code text, town_code text, path text, village_name text, town_name text, lon float8, lat float8)`);
    for (let pass = 0; pass < 5; pass++) {
      await raw.q(`
        insert into bench_pts
        select a.code, a.town_code, a.path, a.village_name, a.town_name, ST_X(dp.geom), ST_Y(dp.geom)
        from (select a.*, a.k - coalesce(p.c, 0) as missing from bench_alloc a left join (select code, count(*) as c from bench_pts group by code) p on p.code = a.code) a
        join divisions d on d.code = a.code
        cross join lateral ST_Dump(ST_GeneratePoints(d.boundary, a.missing::int, (abs(hashtext(a.code)) % 1000000 + 1 + ${pass})::int)) as dp
        where a.missing > 0`);
      await raw.q(`
        delete from bench_pts p using (
          select ctid, row_number() over (partition by code order by lon, lat) as i from bench_pts
        ) x, bench_alloc a
        where p.ctid = x.ctid and a.code = p.code and x.i > a.k`);
      const [{ c }] = await raw.q(`select count(*)::int as c from bench_pts`);
      if (c === n) break;
    }
    const [{ c: npts }] = await raw.q(`select count(*)::int as c from bench_pts`);
    log(`  ${npts} points in ${fmtS(Date.now() - t)}`);
    if (npts !== n) throw new Error(`expected ${n} points, got ${npts}`);

    // 3. every column, planned in SQL from uniform draws (random() is seeded above)
    t = Date.now();
    const PRE_VERIFIED = `(origin = 'stock' or source in ('department','provincial','prefecture'))`;
    await raw.q(`
      create table bench_rows as
      with d as (
        select p.*, random() as r_origin, random() as r_src, random() as r_status, random() as r_cls, random() as r_land,
               random() as r_cat, random() as r_area, random() as r_ent, random() as r_kind, random() as r_risk,
               random() as r_t1, random() as r_t2, random() as r_t3, random() as r_t4, random() as r_t5, random() as r_t6,
               random() as r_n1, random() as r_n2, random() as r_n3, random() as r_n4, random() as r_id1, random() as r_id2,
               random() as r_id3, random() as r_ph1, random() as r_ph2, random() as r_e1, random() as r_e2, random() as r_e3,
               random() as r_g, random() as r_h, random() as r_s, random() as r_u, random() as r_fl, random() as r_note
        from bench_pts p
      ), a as (
        select d.*,
          case when r_origin < 0.55 then 'stock' else 'new' end as origin,
          r_ent < 0.22 as enterprise,
          ${weighted('r_land', [
            ['construction', 45],
            ['agricultural', 20],
            ['cultivated', 20],
            ['basic_farmland', 7],
            ['unused', 8],
          ])} as land_type,
          ${weighted('r_cat', [
            ['building', 55],
            ['shed', 30],
            ['structure', 12],
            ['pole_line', 3],
          ])} as category,
          ${weighted('r_risk', [
            ['low', 70],
            ['medium', 22],
            ['high', 8],
          ])} as safety_risk
        from d
      ), b as (
        select a.*,
          case when origin = 'stock' then 'census_import'
               else ${weighted('r_src', [
                 ['patrol', 60],
                 ['complaint', 14],
                 ['satellite', 10],
                 ['drone', 5],
                 ['department', 5],
                 ['provincial', 3],
                 ['prefecture', 3],
               ])} end as source,
          -- new cases a little more often lately (better detection), stock uniformly over the 24 months
          ${START} + (case when origin = 'stock' then r_t1 else sqrt(r_t1) end) * ${SPAN_S} * interval '1 second' as found_at
        from a
      ), c as materialized (
        -- the status the case is meant to reach (as in the demo); its life is then planned step by step and it
        -- stops at the last step already past, so young cases are in early statuses and no date is in the future
        select b.*,
          case when ${PRE_VERIFIED}
               then ${weighted('r_status', [
                 ['verified', 10],
                 ['classified', 14],
                 ['rectifying', 22],
                 ['closing_requested', 6],
                 ['closed', 48],
               ])}
               else ${weighted('r_status', [
                 ['reported', 8],
                 ['rejected', 6],
                 ['verified', 10],
                 ['classified', 12],
                 ['rectifying', 18],
                 ['closing_requested', 6],
                 ['closed', 40],
               ])} end as target,
          ${cap(`found_at + ${days('r_t2 * 2')}`)} as created_at
        from b
      ), e as (
        select c.*, t_ver + ${days('5 + r_t4 * 55')} as t_cls, created_at + ${days('1 + r_t3 * 9')} as t_rej
        from (select c.*, case when ${PRE_VERIFIED} then created_at else created_at + ${days('1 + r_t3 * 9')} end as t_ver from c) c
      ), e2 as (
        select e.*, t_rect + ${days('20 + r_t6 * 80')} as t_creq
        from (select e.*, t_cls + ${days('3 + r_t5 * 17')} as t_rect from e) e
      ), e3 as (
        select e2.*, t_creq + ${days('2 + r_t5 * 12')} as t_closed from e2
      ), e4 as materialized (
        select e3.*,
          case when target = 'rejected' then (case when t_rej <= ${NOW} then -1 else 0 end)
               else least(array_position(array['reported','verified','classified','rectifying','closing_requested','closed'], target) - 1,
                          case when t_closed <= ${NOW} then 5 when t_creq <= ${NOW} then 4 when t_rect <= ${NOW} then 3
                               when t_cls <= ${NOW} then 2 when t_ver <= ${NOW} then 1 else 0 end) end as rank
        from e3
      ), f as (
        select e4.*,
          case when rank = -1 then 'rejected' else (array['reported','verified','classified','rectifying','closing_requested','closed'])[rank + 1] end as status,
          case when rank < 2 then null
               when land_type = 'basic_farmland' or safety_risk = 'high' then 'demolish'
               when rank = 2 then ${weighted('r_cls', [
                 ['demolish', 55],
                 ['remedy', 25],
                 ['defer', 20],
               ])}
               else ${weighted('r_cls', [
                 ['demolish', 70],
                 ['remedy', 30],
               ])} end as disposal_class
        from e4
      ), g as materialized (
        select f.*,
          case when rank >= 1 then t_ver end as verified_at,
          case when rank >= 2 then t_cls end as classified_at,
          case when rank = 5 then t_closed end as closed_at,
          case when rank = 1 then t_ver + interval '15 days'
               when rank >= 2 then t_cls + case when disposal_class = 'demolish' then interval '30 days' else interval '90 days' end end as deadline_at,
          case when disposal_class = 'defer' then greatest(t_cls + ${days('60 + r_t5 * 240')}, ${NOW} + interval '1 day')::date end as review_date,
          case rank when 3 then t_rect when 4 then t_creq when -1 then t_rej end as step_at
        from f
      ), h as materialized (
        select g.*,
          greatest(created_at, verified_at, classified_at, closed_at, step_at) as updated_at,
          extract(year from created_at at time zone 'Asia/Shanghai')::int as yr,
          (1 + floor(r_g * 12))::int::text as address_group,
          (1 + floor(r_h * 180))::int::text as address_house_no
        from g
      )
      select
        row_number() over (order by created_at, code, lon, lat) as n,
        row_number() over (partition by yr order by created_at, code, lon, lat) as yno,
        h.code, h.town_code, h.path, h.lon, h.lat, h.origin, h.source, h.category, h.land_type, h.safety_risk, h.status, h.disposal_class,
        h.found_at, h.created_at, h.verified_at, h.classified_at, h.closed_at, h.deadline_at, h.review_date, h.updated_at, h.yr,
        round((case when category = 'shed' then 20 + r_area * 180 else 40 + r_area * (case when enterprise then 1500 else 400 end) end)::numeric, 1) as area_m2,
        case when category = 'building' then (1 + floor(r_fl * 3))::int else 1 end as floors,
        case when category = 'shed' then 'simple' else ${pickArr('r_s', ['brick_concrete', 'frame', 'steel', 'steel', 'wood'])} end as structure,
        case when enterprise then ${pickArr('r_u', ['production', 'storage', 'storage'])} else ${pickArr('r_u', ['residential', 'storage', 'livestock', 'commercial', 'other'])} end as use,
        land_type in ('cultivated','basic_farmland') as on_cultivated_land,
        land_type = 'basic_farmland' as on_basic_farmland,
        case when enterprise then 'enterprise' when r_kind < 0.08 then 'collective' else 'individual' end as owner_kind,
        ${pickChar('r_n1', SURNAMES)} || ${pickChar('r_n2', GIVEN)} || case when r_n3 < 0.5 then ${pickChar('r_n4', GIVEN)} else '' end as owner_name,
        left(code, 6) || to_char(date '1950-01-01' + floor(r_id1 * 18262)::int, 'YYYYMMDD') || lpad(floor(r_id2 * 1000)::int::text, 3, '0') || ${pickChar('r_id3', '0123456789X')} as owner_id_number,
        '1' || ${pickChar('r_ph1', '35789')} || lpad(floor(r_ph2 * 1e9)::bigint::text, 9, '0') as owner_phone,
        case when enterprise then ${pickArr('r_e1', ENT_PREFIX)} || ${pickArr('r_e2', ENT_CORE)} || ${pickArr('r_e3', ENT_TRADE)} || '有限公司' end as enterprise_name,
        case when enterprise then '91' || left(code, 6) || upper(substr(md5(r_e1::text || r_e2::text), 1, 10)) end as enterprise_uscc,
        address_group, address_house_no,
        town_name || ' ' || village_name || ' ' || address_group || '组 ' || address_house_no || '号' as address_text,
        case when disposal_class = 'remedy' then '平自然资规〔' || extract(year from classified_at)::int || '〕' || (100 + floor(r_t6 * 800))::int || '号' end as remedy_ref,
        case when disposal_class = 'defer' then ${pickArr('r_t6', ['涉及企业生产经营,待搬迁安置后处置', '位于规划调整区域,待规划明确', '涉及民生保障用房,暂缓处置'])} end as defer_reason,
        case when status = 'rejected' then case when r_t4 < 0.5 then '重复上报,已有案件' else '经核实为合法建筑,已办理审批手续' end end as reject_reason,
        case when r_note < 0.05 then '群众反映:' || ${pickArr('r_t5', ['夜间施工', '占用通道', '影响采光', '搭建彩钢棚'])} end as note,
        case when origin = 'stock' or source in ('provincial','prefecture') then ${uid('city')} when source = 'department' then ${uid('dept')} else ${uid('inspector')} end::uuid as reported_by
      from h`);
    await raw.q(`create unique index bench_rows_n on bench_rows (n)`);
    log(`  planned ${n} rows in ${fmtS(Date.now() - t)}`);

    // 4. the inserts: cases, their history row, events and external refs, one statement per batch
    t = Date.now();
    const caseNo = `${lit(`${casePrefix}-`)} || yr || '-' || case when yno < 1000000 then lpad(yno::text, 6, '0') else yno::text end`;
    const initial = `case when ${PRE_VERIFIED} then 'verified' else 'reported' end`;
    // the step that led to the current status: [kind, from]
    const stepKind = `case status when 'verified' then 'verify' when 'rejected' then 'reject' when 'classified' then 'classify'
      when 'rectifying' then 'start_rectification' when 'closing_requested' then 'request_closing' when 'closed' then 'approve_closing' end`;
    const stepFrom = `case status when 'verified' then 'reported' when 'rejected' then 'reported' when 'classified' then 'verified'
      when 'rectifying' then 'classified' when 'closing_requested' then 'rectifying' when 'closed' then 'closing_requested' end`;
    for (let a = 1; a <= n; a += BATCH) {
      const b = Math.min(n, a + BATCH - 1);
      await raw.q(`
        with ins as (
          insert into cases (id, case_no, client_id, location, location_geog, lon, lat, footprint, division_code, town_code, division_path,
            origin, category, area_m2, floors, structure, use, land_type, on_cultivated_land, on_basic_farmland, owner_kind, owner_name,
            owner_id_number, owner_phone, enterprise_name, enterprise_uscc, source, address_group, address_house_no, address_text,
            safety_risk, status, disposal_class, remedy_ref, defer_reason, review_date, reject_reason, duplicate_of, note, found_at,
            reported_by, deadline_at, verified_at, classified_at, closed_at, version, created_at, updated_at)
          select gen_random_uuid(), ${caseNo}, null, ST_SetSRID(ST_MakePoint(lon, lat), 4326), ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography,
            lon, lat, null, code, town_code, path, origin, category, area_m2, floors, structure, use, land_type, on_cultivated_land,
            on_basic_farmland, owner_kind, owner_name, owner_id_number, owner_phone, enterprise_name, enterprise_uscc, source,
            address_group, address_house_no, address_text, safety_risk, status, disposal_class, remedy_ref, defer_reason, review_date,
            reject_reason, null, note, found_at, reported_by, deadline_at, verified_at, classified_at, closed_at, 1, created_at, updated_at
          from bench_rows where n between ${a} and ${b}
          order by n
          returning *
        ), hist as (
          insert into case_history (case_id, version, valid_from, valid_to, status, disposal_class, origin, division_code, town_code, area_m2, data)
          select id, 1, created_at, null, status, disposal_class, origin, division_code, town_code, area_m2,
                 to_jsonb(ins) - 'location' - 'location_geog' - 'footprint'
          from ins
        ), refs as (
          insert into case_external_refs (case_id, system, external_id, created_at)
          select id, source, case when source = 'provincial' then 'ZJ-' else 'JX-' end || case_no, created_at
          from ins where source in ('provincial','prefecture')
        )
        insert into case_events (case_id, at, actor_id, kind, from_status, to_status, note, data)
        select ins.id, ev.at, ev.actor, ev.kind, ev.from_status, ev.to_status, ev.note, ev.data
        from ins cross join lateral (values
          (ins.created_at, ins.reported_by, 'created', null::text, ${initial}, null::text, jsonb_build_object('source', ins.source, 'externalRefs', '[]'::jsonb)),
          (ins.updated_at, case when ins.status = 'closed' then ${uid('city')}::uuid else ${uid('officer')}::uuid end, ${stepKind}, ${stepFrom}, ins.status,
             coalesce(ins.reject_reason, ins.defer_reason), jsonb_build_object('bulk', true))
        ) as ev(at, actor, kind, from_status, to_status, note, data)
        where ev.kind is not null and (ev.kind = 'created' or ins.status <> ${initial})`);
      if (b % 100_000 === 0 || b === n) log(`  inserted ${b} cases (${fmtS(Date.now() - t)}, rss ${rssMb()} MB)`);
    }
    await raw.q(`
      insert into case_counters (year, last_no) select yr, max(yno)::int from bench_rows group by yr
      on conflict (year) do update set last_no = greatest(case_counters.last_no, excluded.last_no)`);
    for (const s of ['bench_rows', 'bench_pts', 'bench_alloc']) await raw.q(`drop table ${s}`);
  } finally {
    raw.release();
  }
}

async function vacuumAnalyze(db: Database) {
  if (db.pglite) await db.pglite.exec('vacuum analyze');
  else await db.pool!.query('vacuum analyze');
}

/** One account per demo role: the city-wide ones at `top` (the county, or the province), the town's at `town`. */
async function accounts(deps: ReturnType<typeof createDeps>, top: string, town: string) {
  for (const a of DEMO_ACCOUNTS) {
    await deps.services.users.create(null, {
      username: a.username,
      displayName: a.displayName,
      password: BENCH_PASSWORD,
      role: a.role,
      divisionCode: a.division === 'city' ? top : town,
      department: a.department ?? null,
    });
  }
}

/**
 * The empty in-memory PGlite a city is built in: what openDatabase({driver:'pglite', inMemory:true}) opens
 * (same extension and type parsers), plus a small WAL budget. With PostgreSQL's default max_wal_size (1 GB)
 * a bulk load leaves ~450 MB of WAL segments per 100k cases in the in-memory data dir and in the tarball;
 * with 32 MB they are recycled at each checkpoint. The setting lives only in this process (start
 * parameters), not in the cached data dir.
 */
async function openGenerationPGlite(): Promise<Database> {
  const INT8 = 20;
  const NUMERIC = 1700;
  const pgl = await PGlite.create(undefined, {
    extensions: { postgis },
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
    startParams: [...PGlite.defaultStartParams, '-c', 'max_wal_size=32MB', '-c', 'min_wal_size=32MB'],
  });
  return new Database(new Kysely<DB>({ dialect: new PGliteDialect(pgl) }), 'pglite', pgl);
}

/** The shape of a city: Pinghu (the demo county's 146 divisions) or a generated province (bench/province.ts). */
export type Shape = 'county' | 'province';

/**
 * Builds one city (N bulk cases, or 'demo' = the product's seeder) on one driver and caches it. A province's
 * label is `prov-<N>` (database `wwj_bench_prov_<N>`, tarball `city-prov-<N>.pglite.tar`).
 */
export async function makeCity(driver: Driver, what: number | 'demo', opts: { force?: boolean; shape?: Shape; log?: (m: string) => void } = {}) {
  const log = opts.log ?? ((m: string) => console.log(m));
  const shape = opts.shape ?? 'county';
  if (shape === 'province' && what === 'demo') throw new Error('the demo seeder makes Pinghu only: --shape province needs --cases N');
  const label = what === 'demo' ? 'demo' : `${shape === 'province' ? 'prov-' : ''}${cityLabel(what)}`;
  if (!opts.force && (await cityCached(driver, label))) {
    log(`city ${label} on ${driver} is cached; --force to rebuild`);
    return;
  }
  const t0 = Date.now();
  log(`building city ${label} on ${driver} …`);
  let db: Database;
  const dbName = pgDatabaseName(label);
  if (driver === 'pglite') {
    db = await openGenerationPGlite();
  } else {
    await pgDropDatabase(dbName);
    await pgCreateDatabase(dbName);
    db = await openDatabase({ driver: 'postgres', databaseUrl: pgUrl(dbName), poolSize: 4 });
  }
  const { config, dataDir } = benchConfig(driver, label);
  let failed = false;
  try {
    let t = Date.now();
    await migrateToLatest(db);
    log(`  migrated in ${fmtS(Date.now() - t)}`);
    const deps = createDeps(config, db);
    let cases: number;
    if (what === 'demo') {
      // the product's own seeder: divisions, accounts, cases replayed through the services
      await seedDemo(deps, { cases: DEMO_CASES, password: BENCH_PASSWORD, log: (m) => log(`  ${m}`) });
      cases = DEMO_CASES;
    } else if (shape === 'province') {
      t = Date.now();
      const raw = await rawSession(db);
      try {
        await provinceDivisions(raw.q, log);
        const [{ code: town }] = await raw.q(`select code from divisions where level = 'town' order by code limit 1`);
        await accounts(deps, '33', town);
      } finally {
        raw.release();
      }
      log(`  divisions and accounts in ${fmtS(Date.now() - t)}`);
      await bulkCases(db, what, 'ZJ', log);
      cases = what;
    } else {
      t = Date.now();
      const feats = loadDemoDivisions();
      await deps.services.divisions.importTree(
        null,
        feats.map((f) => ({ ...f.properties, boundary: f.geometry, centroid: f.properties.centroid })),
      );
      await accounts(deps, '330482', DEMO_TOWN);
      log(`  divisions and accounts in ${fmtS(Date.now() - t)}`);
      await bulkCases(db, what, 'PH', log);
      cases = what;
    }
    t = Date.now();
    await vacuumAnalyze(db);
    log(`  vacuum analyze ${fmtS(Date.now() - t)}`);
    if (driver === 'pglite') {
      t = Date.now();
      await db.pglite!.query('checkpoint'); // drops the WAL segments beyond max_wal_size from the snapshot
      const blob = await db.pglite!.dumpDataDir('none');
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      fs.writeFileSync(pgliteTarball(label), Buffer.from(await blob.arrayBuffer()));
      log(`  wrote ${pgliteTarball(label)} (${Math.round(blob.size / 1048576)} MB) in ${fmtS(Date.now() - t)}`);
    }
    const secs = (Date.now() - t0) / 1000;
    writeMeta({
      label,
      driver,
      cases,
      generator: what === 'demo' ? 'seedDemo' : 'make-city',
      generatedAt: new Date().toISOString(),
      generationSeconds: Math.round(secs * 10) / 10,
    });
    log(`city ${label} on ${driver}: ${cases} cases generated in ${secs.toFixed(1)} s${driver === 'postgres' ? ` (database ${dbName})` : ''}; peak rss ${rssMb()} MB`);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    await db.close().catch(() => {});
    if (failed && driver === 'postgres') await pgDropDatabase(dbName); // never leave a half-built city behind
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  const argv = process.argv.slice(2);
  const casesArg = arg(argv, 'cases', '100k');
  const what = casesArg === 'demo' ? 'demo' : parseCount(casesArg);
  const shape = arg(argv, 'shape', 'county');
  if (shape !== 'county' && shape !== 'province') throw new Error(`--shape must be county or province (got ${shape})`);
  for (const d of drivers(arg(argv, 'driver', 'pglite'))) await makeCity(d, what, { force: flag(argv, 'force'), shape });
}
