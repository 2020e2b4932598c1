/**
 * The division tree of a generated province for make-city's `--shape province` (issue 23, item 4). Never run by CI.
 *
 * A Zhejiang-like province (浙江 33: a rough outline of its mainland and three boxes for the Zhoushan islands, ~120,000 km²
 * where the real one has 105,500)
 * with its 11 prefectures (their real codes 3301–3311 and seats), the real number of counties in each (90 in
 * all), 8–21 towns per county (~1,300) and 6–26 villages per town (~20,000). Boundaries are Voronoi cells of
 * seeded random points inside the parent, moved once to the cells' inner points (one Lloyd step, so cells are
 * of similar size) and clipped to the parent: every level tiles the one above, as a real tree does. Codes are
 * the product's short forms of the statistics bureau's 12 digits (33 → 3301 → 330102 → 330102001 →
 * 330102001201): subdistricts 00x and towns 1xx, communities 00x and villages 2xx. Names are made of
 * characters drawn per code; populations are synthetic (a village 1,200–4,800, a community 2,500–8,500; a
 * town, county, prefecture and the province the sum below), and so are the boundaries (`*_synthetic`).
 *
 * Written straight into `divisions` with SQL (21,500 rows; the import service's row-by-row insert and its
 * audit record are not what is measured here). Same seed, same province.
 */

/** Runs one statement (a raw session: the scratch tables live in it). */
type Q = (sql: string) => Promise<any[]>;

/** The province (short code), its name and outline: the mainland and three islands standing for Zhoushan. */
const PROVINCE = { code: '33', name: '浙江省' };
const MAINLAND = [
  [120.9, 31.18],
  [121.3, 30.9],
  [121.9, 30.85],
  [121.95, 30.1],
  [121.85, 29.5],
  [121.95, 29.2],
  [121.65, 28.7],
  [121.5, 28.3],
  [121.2, 28.0],
  [120.9, 27.6],
  [120.55, 27.25],
  [120.3, 27.15],
  [119.9, 27.4],
  [119.6, 27.5],
  [119.2, 27.45],
  [118.85, 27.6],
  [118.6, 27.95],
  [118.4, 28.3],
  [118.2, 28.6],
  [118.05, 29.1],
  [118.1, 29.6],
  [118.5, 29.85],
  [118.8, 30.1],
  [119.2, 30.35],
  [119.3, 30.75],
  [119.5, 31.1],
  [119.95, 31.15],
  [120.3, 30.95],
  [120.6, 31.05],
  [120.9, 31.18],
];
const ISLANDS = [
  [122.0, 29.9, 122.35, 30.15],
  [122.2, 30.2, 122.45, 30.4],
  [122.05, 30.45, 122.3, 30.7],
];
/** Prefectures: real codes, names, seats (moved inland where a seat sits on the coast) and number of counties. */
const PREFECTURES: [string, string, number, number, number][] = [
  ['3301', '杭州市', 119.75, 29.95, 13],
  ['3302', '宁波市', 121.45, 29.75, 10],
  ['3303', '温州市', 120.5, 27.9, 12],
  ['3304', '嘉兴市', 120.75, 30.75, 7],
  ['3305', '湖州市', 119.85, 30.75, 5],
  ['3306', '绍兴市', 120.6, 29.85, 6],
  ['3307', '金华市', 119.8, 29.1, 9],
  ['3308', '衢州市', 118.75, 28.9, 6],
  ['3309', '舟山市', 122.2, 30.2, 4],
  ['3310', '台州市', 121.15, 28.7, 9],
  ['3311', '丽水市', 119.6, 28.25, 9],
];
/** Characters of generated place names (common in Zhejiang's). */
const NAME_CHARS = '安白宝北昌长城大东凤福高古官广和河虹湖华黄金锦九康兰乐莲临龙鹿梅明南宁平浦前青清庆仁瑞三山上石双水泗塘桃天亭通望溪西仙新星兴秀洋阳野义永玉园云章樟中竹紫';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ring = (pts: number[][]) => `(${pts.map(([x, y]) => `${x} ${y}`).join(',')})`;
const box = ([x0, y0, x1, y1]: number[]) =>
  ring([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ]);
/** A two-character name drawn from the code (the same code, the same name). */
const nameOf = (code: string, salt: number) =>
  `substr(${lit(NAME_CHARS)}, 1 + (abs(hashtext(${code} || '${salt}a')) % ${[...NAME_CHARS].length}), 1) || substr(${lit(NAME_CHARS)}, 1 + (abs(hashtext(${code} || '${salt}b')) % ${[...NAME_CHARS].length}), 1)`;

/**
 * Tiles every parent of `parents` (code, boundary, n) into n cells: seeded points, one Lloyd step, clipped.
 * Result: `into` (parent_code, i, boundary), i = 1… from north-west to south-east. A cell that comes out empty
 * (rare: a moved point whose cell misses a thin parent) is dropped.
 */
async function tile(q: Q, parents: string, into: string) {
  await q(`drop table if exists ${into}`);
  await q(`
    create table ${into} as
    with p as (select code, boundary, n from ${parents} where n > 0),
    first as (
      select p.code, p.boundary, (ST_Dump(ST_VoronoiPolygons(ST_GeneratePoints(p.boundary, p.n, (abs(hashtext(p.code)) % 1000000 + 1)::int), 0, p.boundary))).geom as cell
      from p
    ),
    moved as (
      select code, ST_Collect(ST_PointOnSurface(c)) as pts
      from (select code, ST_CollectionExtract(ST_Intersection(cell, boundary), 3) as c from first) x
      where not ST_IsEmpty(c) group by code
    ),
    second as (
      select p.code, p.boundary, (ST_Dump(ST_VoronoiPolygons(m.pts, 0, p.boundary))).geom as cell from moved m join p on p.code = m.code
    ),
    clipped as (
      select code, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(cell, boundary)), 3)) as boundary from second
    )
    select code as parent_code,
           row_number() over (partition by code order by round(ST_Y(ST_PointOnSurface(boundary))::numeric, 2) desc, ST_X(ST_PointOnSurface(boundary)))::int as i,
           boundary
    from clipped where not ST_IsEmpty(boundary)`);
}

/** Writes the province's divisions (an empty `divisions` table); logs each level's count and time. */
export async function provinceDivisions(q: Q, log: (m: string) => void) {
  let t = Date.now();
  const step = (m: string) => {
    log(`  ${m} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
  };
  const scratch = ['prov_pref', 'prov_county', 'prov_town', 'prov_village', 'prov_p', 'prov_c', 'prov_t'];
  for (const s of scratch) await q(`drop table if exists ${s}`);
  const outline = `ST_Multi(ST_Union(array[ST_GeomFromText('POLYGON(${ring(MAINLAND)})', 4326), ${ISLANDS.map((b) => `ST_GeomFromText('POLYGON(${box(b)})', 4326)`).join(', ')}]))`;
  // prefectures: Voronoi cells of their seats, clipped to the outline
  await q(`
    create table prov_pref as
    with s as (select * from (values ${PREFECTURES.map(([c, n, x, y, k]) => `(${lit(c)}, ${lit(n)}, ${x}::float8, ${y}::float8, ${k})`).join(', ')}) s(code, name, x, y, n)),
    o as (select ${outline} as g),
    cells as (select (ST_Dump(ST_VoronoiPolygons(ST_Collect(ST_SetSRID(ST_MakePoint(x, y), 4326)), 0, (select g from o)))).geom as cell from s)
    select s.code, s.name, s.n, ST_Multi(ST_CollectionExtract(ST_Intersection(c.cell, o.g), 3)) as boundary
    from s join cells c on ST_Contains(c.cell, ST_SetSRID(ST_MakePoint(s.x, s.y), 4326)) cross join o`);
  // counties: the real number per prefecture; towns 8–21 per county; villages 6–25 per town
  await tile(q, 'prov_pref', 'prov_county');
  await q(
    `create table prov_c as select parent_code || lpad((i + 1)::text, 2, '0') as code, parent_code, i, boundary, 8 + abs(hashtext(parent_code || i || 't')) % 14 as n from prov_county`,
  );
  step(`${(await q('select count(*)::int as c from prov_c'))[0].c} counties`);
  await tile(q, 'prov_c', 'prov_town');
  // the first 0–3 towns of a county are subdistricts (街道, 00x), the rest towns and townships (镇 1xx, 乡 2xx)
  await q(`
    create table prov_t as
    select x.*, parent_code || case kind when 'subdistrict' then lpad(i::text, 3, '0') when 'town' then (100 + i - sd)::text else (200 + i - sd)::text end as code,
           case kind when 'subdistrict' then 10 + abs(hashtext(parent_code || i || 'v')) % 8 else 6 + abs(hashtext(parent_code || i || 'v')) % 21 end as n
    from (select y.*, case when i <= sd then 'subdistrict' when i <= sd + (total - sd) * 3 / 4 then 'town' else 'township' end as kind
          from (select t.*, abs(hashtext(parent_code || 'sd')) % 4 as sd, count(*) over (partition by parent_code) as total from prov_town t) y) x`);
  step(`${(await q('select count(*)::int as c from prov_t'))[0].c} towns`);
  await tile(q, 'prov_t', 'prov_village');
  // a subdistrict's villages are mostly communities (社区, 00x), a town's mostly villages (村, 2xx)
  await q(`
    create table prov_v as
    select v.parent_code || case when community then lpad(v.i::text, 3, '0') else (200 + v.i)::text end as code, v.parent_code, v.boundary,
           case when community then 'community' else 'village' end as kind
    from (select v.*, v.i <= case t.kind when 'subdistrict' then (count(*) over (partition by v.parent_code)) * 3 / 4 else 1 + abs(hashtext(v.parent_code)) % 2 end as community
          from prov_village v join prov_t t on t.code = v.parent_code) v`);
  step(`${(await q('select count(*)::int as c from prov_v'))[0].c} villages`);
  // the rows, parents first; populations from the villages up
  const area = `round((ST_Area(boundary::geography) / 1e6)::numeric, 2)`;
  const INSERT = `insert into divisions (code, parent_code, level, kind, name, short_name, path, boundary, centroid, land_area_km2, cultivated_area_km2, population, boundary_synthetic, population_synthetic)`;
  await q(`
    ${INSERT}
    select ${lit(PROVINCE.code)}, null, 'province', null, ${lit(PROVINCE.name)}, ${lit(PROVINCE.name)}, ${lit(PROVINCE.code)}, g, ST_PointOnSurface(g), round((ST_Area(g::geography) / 1e6)::numeric, 2), null, null, true, true
    from (select ST_Multi(ST_Union(boundary)) as g from prov_pref) o`);
  await q(`
    ${INSERT}
    select code, ${lit(PROVINCE.code)}, 'prefecture', null, name, name, ${lit(PROVINCE.code)} || '/' || code, boundary, ST_PointOnSurface(boundary), ${area}, null, null, true, true
    from prov_pref order by code`);
  await q(`
    ${INSERT}
    select code, parent_code, 'city', null, nm, nm, ${lit(PROVINCE.code)} || '/' || parent_code || '/' || code, boundary, ST_PointOnSurface(boundary), ${area}, null, null, true, true
    from (select c.*, ${nameOf('c.code', 1)} || (array['区','县','市'])[1 + abs(hashtext(c.code)) % 3] as nm from prov_c c) c order by code`);
  await q(`
    ${INSERT}
    select code, parent_code, 'town', kind, nm, nm, ${lit(PROVINCE.code)} || '/' || left(code, 4) || '/' || parent_code || '/' || code, boundary, ST_PointOnSurface(boundary), ${area},
           round((ST_Area(boundary::geography) / 1e6 * (0.2 + (abs(hashtext(code || 'cu')) % 300) / 1000.0))::numeric, 2), null, true, true
    from (select t.*, ${nameOf('t.code', 2)} || case kind when 'subdistrict' then '街道' when 'town' then '镇' else '乡' end as nm from prov_t t) t order by code`);
  await q(`
    ${INSERT}
    select code, parent_code, 'village', kind, sn || case when kind = 'community' then '社区居委会' else '村村民委员会' end, sn || case when kind = 'community' then '社区' else '村' end,
           ${lit(PROVINCE.code)} || '/' || left(code, 4) || '/' || left(code, 6) || '/' || parent_code || '/' || code, boundary, ST_PointOnSurface(boundary), ${area},
           round((ST_Area(boundary::geography) / 1e6 * (case when kind = 'community' then 0.05 else 0.25 end + (abs(hashtext(code || 'cu')) % 250) / 1000.0))::numeric, 2),
           case when kind = 'community' then 2500 + abs(hashtext(code || 'p')) % 6000 else 1200 + abs(hashtext(code || 'p')) % 3600 end, true, true
    from (select v.*, ${nameOf('v.code', 3)} as sn from prov_v v) v order by code`);
  // a town's, county's, prefecture's and the province's population and cultivated area: the sums below
  for (const [level, child] of [
    ['town', 'village'],
    ['city', 'town'],
    ['prefecture', 'city'],
    ['province', 'prefecture'],
  ]) {
    await q(`
      update divisions d set population = s.pop, cultivated_area_km2 = coalesce(d.cultivated_area_km2, s.cult)
      from (select parent_code, sum(population)::int as pop, sum(cultivated_area_km2) as cult from divisions where level = '${child}' group by parent_code) s
      where d.level = '${level}' and d.code = s.parent_code`);
  }
  for (const s of [...scratch, 'prov_v']) await q(`drop table if exists ${s}`);
  const counts = await q(
    `select level, count(*)::int as n, round(sum(land_area_km2)) as km2, sum(population)::bigint as pop from divisions group by level order by min(length(code))`,
  );
  step(`rows written (${counts.map((c) => `${c.level} ${c.n}`).join(', ')}; ${counts[0].km2} km², population ${counts[0].pop})`);
}
