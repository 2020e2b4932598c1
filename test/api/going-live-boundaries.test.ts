/**
 * Boundaries as a county receives them, each feature's fate checked: Shapefiles written by ogr2ogr in EPSG:4528
 * with GBK attributes (with and without .prj and .cpg, a .prj that lies, Xi'an 1980), GeoJSON in CGCS2000, an
 * invalid ring repaired, a feature of another county skipped, an unknown code refused (nothing written), two
 * villages merged (one boundary moved, one removed, the cases of the removed one re-assigned in the same
 * transaction with their timeline and history), and the division code table's bad rows.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { crsByName, crsFromWkt } from '../../src/modules/setup/boundary.crs.js';
import { wgs84ToGcj02 } from '../../src/modules/cases/geo.js';
import { parseDivisionCode } from '../../src/modules/setup/division.codes.js';
import { readDivisionCsv } from '../../src/modules/setup/division.csv.js';
import { setupFromDeps } from '../../src/modules/setup/setup.cli.js';
import type { FeatureFate, SetupInput } from '../../src/modules/setup/setup.service.js';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { divisionCsv, featureCollection, gbk, PRJ_4490, shapefileZip, type VillageFeature, villageFeatures } from '../fixtures/going-live.js';

let ctx: TestContext;
let work: string;
before(async () => {
  ctx = await createTestContext();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-bounds-'));
});
after(async () => {
  await ctx.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const boundaries = (file: string, opts: Omit<NonNullable<SetupInput['boundaries']>, 'filename' | 'bytes'> = {}) => ({
  boundaries: { filename: path.basename(file), bytes: new Uint8Array(fs.readFileSync(file)), ...opts },
});
const run = (input: SetupInput, apply = false) => setupFromDeps(ctx.deps).run(input, { apply });
const fateOf = (fates: FeatureFate[], code: string) => fates.find((f) => f.code === code);

async function boundaryState() {
  const r = await sql<{ code: string; wkb: string | null }>`select code, ST_AsEWKT(boundary) as wkb from divisions order by code`.execute(ctx.db.q);
  return r.rows;
}

test('the bureau’s Shapefile (EPSG:4528, GBK) of the villages already loaded: every feature unchanged, nothing to write', async () => {
  const zip = shapefileZip(work, 'same.zip', villageFeatures());
  const r = await run(boundaries(zip), true);
  assert.equal(r.blocked, false, JSON.stringify(r.problems));
  assert.equal(r.boundaries!.crs.id, 'EPSG:4528');
  assert.equal(r.boundaries!.encoding, 'GBK(.cpg)');
  assert.equal(r.boundaries!.codeField, 'XZQDM');
  assert.equal(r.boundaries!.features.length, 136);
  assert.deepEqual(
    r.boundaries!.features.filter((f) => f.fate !== 'unchanged' || f.nameWarning),
    [],
    'each village unchanged and its GBK name read right',
  );
  assert.equal(r.boundaries!.moved.length, 0);
  assert.equal(r.changes, 0);
  assert.equal(r.applied, false, 'nothing to write');
});

test('CRS and encoding as files really come: no .prj, a .prj that says geographic, a contradicting --crs, Xi’an 1980, no .cpg, UTF-8, GeoJSON in CGCS2000', async () => {
  const feats = villageFeatures();
  // no .prj: refused with what the coordinates look like; declared, it reads
  const noPrj = shapefileZip(work, 'noprj.zip', feats, { omit: ['prj'] });
  const refused = await run(boundaries(noPrj));
  assert.equal(refused.blocked, true);
  assert.match(refused.boundaries!.problem!, /缺少 \.prj.*--crs.*第 40 带.*EPSG:4528/);
  const declared = await run(boundaries(noPrj, { crs: 'EPSG:4528' }));
  assert.equal(declared.blocked, false);
  assert.equal(declared.boundaries!.crs.from, '命令行声明');
  assert.equal(declared.changes, 0);

  // a projected file whose .prj says CGCS2000 geographic: every feature refused, with the reason
  const lying = shapefileZip(work, 'lying.zip', feats.slice(0, 3), { prj: PRJ_4490 });
  const l = await run(boundaries(lying));
  assert.equal(l.blocked, true);
  assert.equal(l.boundaries!.features.length, 3);
  for (const f of l.boundaries!.features) {
    assert.equal(f.fate, 'refused');
    assert.match(f.reason!, /是投影坐标\(米\),文件却声明为经纬度坐标系 EPSG:4490;坐标形如国家2000 3度带第 40 带/);
  }

  // --crs contradicting the .prj
  const zip4528 = shapefileZip(work, 'z4528.zip', feats);
  const contradict = await run(boundaries(zip4528, { crs: 'EPSG:4549' }));
  assert.match(contradict.boundaries!.problem!, /声明的坐标系 EPSG:4549 与文件自带的 EPSG:4528/);

  // Xi'an 1980 needs the province's parameters: refused, not placed hundreds of metres off
  const xian = shapefileZip(work, 'xian80.zip', feats.slice(0, 2), { srs: 'EPSG:2385' });
  const x = await run(boundaries(xian));
  assert.match(x.boundaries!.problem!, /西安80或北京54/);

  // no .cpg: GBK recognised from the bytes; UTF-8 with its .cpg
  const noCpg = await run(boundaries(shapefileZip(work, 'nocpg.zip', feats, { omit: ['cpg'] })));
  assert.equal(noCpg.boundaries!.encoding, 'GBK(按内容判断)');
  assert.deepEqual(
    noCpg.boundaries!.features.filter((f) => f.nameWarning),
    [],
  );
  const utf8 = await run(boundaries(shapefileZip(work, 'utf8.zip', feats, { encoding: 'UTF-8' })));
  assert.equal(utf8.boundaries!.encoding, 'UTF-8(.cpg)');
  assert.deepEqual(
    utf8.boundaries!.features.filter((f) => f.fate !== 'unchanged' || f.nameWarning),
    [],
  );

  // GeoJSON from a web map in GCJ-02 (AMap): declared, undone back to the stored boundaries
  const gcj = path.join(work, 'villages-gcj02.geojson');
  const shift = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? wgs84ToGcj02((c as number[])[0], (c as number[])[1]) : (c as unknown[]).map(shift));
  fs.writeFileSync(gcj, JSON.stringify(featureCollection(feats.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: shift(f.geometry.coordinates) } })))));
  const undeclared = await run(boundaries(gcj));
  assert.ok(
    undeclared.boundaries!.features.every((f) => f.fate === 'moved'),
    'read as WGS84, every village is ~400 m off',
  );
  const gcjDeclared = await run(boundaries(gcj, { crs: 'GCJ02' }));
  assert.equal(gcjDeclared.boundaries!.crs.id, 'GCJ02');
  assert.equal(gcjDeclared.changes, 0);

  // GeoJSON with an OGC crs member (CGCS2000 geographic)
  const gj = path.join(work, 'villages-4490.geojson');
  fs.writeFileSync(gj, JSON.stringify(featureCollection(feats, 'urn:ogc:def:crs:EPSG::4490')));
  const g = await run(boundaries(gj));
  assert.equal(g.boundaries!.crs.id, 'EPSG:4490');
  assert.equal(g.changes, 0);
  assert.equal(g.boundaries!.unchanged, 146);
});

test('two villages merged (撤村并居): preview, refused while one feature is unknown, then applied with the cases re-assigned; again: nothing', async () => {
  // two neighbouring villages of 新埭镇, and cases in the one that disappears
  const pair = (
    await sql<{ a: string; b: string; union: string }>`
      select a.code as a, b.code as b, ST_AsGeoJSON(ST_Union(a.boundary, b.boundary), 9) as union
      from divisions a join divisions b on a.parent_code = b.parent_code and a.code < b.code and ST_Intersects(a.boundary, b.boundary)
      where a.parent_code = ${TOWN_A} and a.level = 'village' order by a.code, b.code limit 1`.execute(ctx.db.q)
  ).rows[0];
  assert.ok(pair, 'two neighbouring villages');
  const point = (await sql<{ lon: number; lat: number }>`select ST_X(centroid) as lon, ST_Y(centroid) as lat from divisions where code = ${pair.b}`.execute(ctx.db.q)).rows[0];
  const created: { id: string; caseNo: string }[] = [];
  for (const dx of [0, 0.0003]) {
    const r = await ctx.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(point.lon, point.lat + dx) });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().divisionCode, pair.b);
    created.push(r.json());
  }
  const feats: VillageFeature[] = villageFeatures()
    .filter((f) => f.properties.XZQDM !== pair.b)
    .map((f) => (f.properties.XZQDM === pair.a ? { ...f, geometry: JSON.parse(pair.union) } : f));
  // an invalid ring (a spike out and back) in a village of another town: repaired, its boundary the same
  const spiked = feats.find((f) => String(f.properties.XZQDM).startsWith('330482101'))!;
  const ring = (spiked.geometry.coordinates as number[][][][])[0][0];
  ring.splice(1, 0, [ring[0][0] - 0.01, ring[0][1] - 0.01], ring[0]);
  // a name that differs from the table's: a warning
  const renamed = feats.find((f) => String(f.properties.XZQDM).startsWith('330482103'))!;
  renamed.properties.XZQMC = '旧名村村民委员会';
  const square = (lon: number, lat: number) => ({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + 0.01, lat],
        [lon + 0.01, lat + 0.01],
        [lon, lat + 0.01],
        [lon, lat],
      ],
    ],
  });
  // a prefecture-wide file has the neighbouring county's villages; and one code of this county nobody knows
  const other: VillageFeature = { type: 'Feature', properties: { XZQDM: '330481001001', XZQMC: '西山社区居民委员会' }, geometry: square(120.68, 30.51) };
  const unknown: VillageFeature = { type: 'Feature', properties: { XZQDM: '330482102999', XZQMC: '不存在村村民委员会' }, geometry: square(121.0, 30.75) };
  const stateBefore = await boundaryState();

  const bad = shapefileZip(work, 'merged-with-unknown.zip', [...feats, other, unknown]);
  const preview = await run(boundaries(bad), true);
  assert.equal(preview.blocked, true);
  assert.equal(preview.applied, false);
  const fates = preview.boundaries!.features;
  assert.equal(fates.length, 137);
  assert.deepEqual([fateOf(fates, '330482102999')!.fate, fateOf(fates, '330482102999')!.reason], ['refused', '区划 330482102999 不在区划树中']);
  assert.deepEqual([fateOf(fates, '330481001001')!.fate, fateOf(fates, '330481001001')!.reason], ['skipped', '不属于 平湖市']);
  const merged = fateOf(fates, pair.a)!;
  assert.equal(merged.fate, 'moved');
  assert.ok(merged.changedM2! > 10_000, `the merged village grew by the other's area (${merged.changedM2} m²)`);
  const spike = fateOf(fates, String(spiked.properties.XZQDM))!;
  assert.equal(spike.fate, 'unchanged', 'repaired to the boundary it had');
  assert.match(spike.repaired!, /Self-intersection|Ring Self-intersection/i);
  assert.equal(
    fateOf(fates, String(renamed.properties.XZQDM))!.nameWarning,
    `文件中名称为"旧名村村民委员会",区划树中为"${(await ctx.deps.repos.divisions.byCode(String(renamed.properties.XZQDM)))!.name}"`,
  );
  assert.equal(fateOf(fates, pair.b), undefined);
  assert.deepEqual(
    preview.boundaries!.removed.map((d) => d.code),
    [pair.b],
  );
  assert.deepEqual(
    preview.boundaries!.moved.map((d) => d.code).filter((c) => c.length === 12),
    [pair.a],
  );
  assert.deepEqual(preview.cases.moved.map((m) => [m.caseNo, m.fromCode, m.toCode]).sort(), created.map((c) => [c.caseNo, pair.b, pair.a]).sort());
  assert.deepEqual(await boundaryState(), stateBefore, 'a refused feature: nothing written');
  assert.equal((await ctx.deps.repos.cases.byId(created[0].id))!.division_code, pair.b);

  // without the unknown feature: applied, in one transaction with the cases
  const good = shapefileZip(work, 'merged.zip', [...feats, other]);
  const applied = await run(boundaries(good), true);
  assert.equal(applied.blocked, false, JSON.stringify(applied.problems));
  assert.equal(applied.applied, true);
  assert.equal(applied.cases.moved.length, 2);
  const divB = await ctx.deps.repos.divisions.byCode(pair.b);
  assert.ok(divB, 'the merged-away village stays (cases and history refer to it)');
  const hasBoundary = (
    await sql<{ code: string; has: boolean }>`select code, boundary is not null as has from divisions where code in (${pair.a}, ${pair.b}) order by code`.execute(ctx.db.q)
  ).rows;
  assert.deepEqual(
    hasBoundary.map((r) => [r.code, r.has]),
    [
      [pair.a, true],
      [pair.b, false],
    ],
  );
  for (const c of created) {
    const row = (await ctx.deps.repos.cases.byId(c.id))!;
    assert.equal(row.division_code, pair.a);
    assert.equal(row.town_code, TOWN_A);
    assert.equal(row.division_path, `330482/${TOWN_A}/${pair.a}`);
    const events = (
      await sql<{ kind: string; note: string; data: { from: string; to: string } }>`select kind, note, data from case_events where case_id = ${c.id} order by id`.execute(ctx.db.q)
    ).rows;
    const moved = events.at(-1)!;
    assert.equal(moved.kind, 'division_changed');
    assert.deepEqual(moved.data, { from: pair.b, to: pair.a });
    const history = (
      await sql<{
        version: number;
        division_code: string;
        valid_to: Date | null;
      }>`select version, division_code, valid_to from case_history where case_id = ${c.id} order by version`.execute(ctx.db.q)
    ).rows;
    assert.deepEqual(
      history.slice(-2).map((h) => [h.division_code, h.valid_to === null]),
      [
        [pair.b, false],
        [pair.a, true],
      ],
      'the history keeps the village each version was in',
    );
  }
  // the API places a new point of the old village in the merged one
  const located = await ctx.req('inspector_a', { method: 'GET', url: `/api/divisions/locate?lon=${point.lon}&lat=${point.lat}` });
  assert.equal(located.json().villageCode, pair.a);
  const audit = (await sql<{ action: string }>`select action from audit_log where action in ('setup.apply', 'case.division_changed')`.execute(ctx.db.q)).rows;
  assert.equal(audit.filter((a) => a.action === 'setup.apply').length, 1);
  assert.equal(audit.filter((a) => a.action === 'case.division_changed').length, 2);

  // the same file again: nothing
  const stateAfter = await boundaryState();
  const again = await run(boundaries(good), true);
  assert.equal(again.changes, 0);
  assert.equal(again.applied, false);
  assert.deepEqual(await boundaryState(), stateAfter);
});

test('a boundary set that leaves cases outside every village: listed, nothing written', async () => {
  const code = String(villageFeatures().filter((f) => String(f.properties.XZQDM).startsWith(TOWN_B))[1].properties.XZQDM);
  const p = (await sql<{ lon: number; lat: number }>`select ST_X(centroid) as lon, ST_Y(centroid) as lat from divisions where code = ${code}`.execute(ctx.db.q)).rows[0];
  const c = await ctx.req('inspector_b', { method: 'POST', url: '/api/cases', payload: caseBody(p.lon, p.lat) });
  assert.equal(c.statusCode, 201, c.body);
  assert.equal(c.json().divisionCode, code);
  const before = await boundaryState();
  const zip = shapefileZip(
    work,
    'hole.zip',
    villageFeatures().filter((f) => f.properties.XZQDM !== code),
  );
  const r = await run(boundaries(zip), true);
  assert.equal(r.blocked, true);
  assert.equal(r.applied, false);
  assert.ok(r.boundaries!.removed.some((d) => d.code === code));
  assert.ok(
    r.cases.outside.some((m) => m.caseNo === c.json().caseNo && m.fromCode === code),
    'the case left outside is named',
  );
  assert.match(r.problems.join(), /个案件不在新边界的任何村\(社区\)内/);
  assert.deepEqual(await boundaryState(), before);
});

test('the division code table: GBK, a province-wide file needs --county, bad rows named by line, another county refused', async () => {
  const wide = gbk(divisionCsv({ neighbour: true }));
  const noCounty = readDivisionCsv(wide);
  assert.equal(noCounty.encoding, 'gbk');
  assert.match(noCounty.problems[0].reason, /文件含 2 个县级区划\(330482 平湖市、330481 海宁市\),请用 --county 指定本县/);
  const chosen = readDivisionCsv(wide, { countyCode: '330482000000' });
  assert.deepEqual(chosen.problems, []);
  assert.equal(chosen.county!.name, '平湖市');
  assert.deepEqual(
    chosen.above.map((d) => d.name),
    ['嘉兴市', '浙江省'],
  );
  assert.equal(chosen.tree.length, 145);
  assert.equal(chosen.otherCounties, 3);
  assert.deepEqual(
    chosen.tree.filter((d) => d.code === '330482102006').map((d) => [d.level, d.parent, d.shortName, d.kind]),
    [['village', TOWN_A, '新埭社区', 'community']],
  );

  const bad = readDivisionCsv(
    new TextEncoder().encode(divisionCsv({ extraLines: ['33048210200X,,坏代码', '330482102998,220,', '330482109001,220,无镇村村民委员会', '330482102006,111,另一个名字'] })),
  );
  assert.equal(bad.encoding, 'utf-8');
  const lines = bad.problems.map((p) => [p.line, p.reason]);
  const first =
    divisionCsv()
      .split('\r\n')
      .findIndex((l) => l.startsWith('330482102006,')) + 1;
  assert.deepEqual(lines, [
    [150, '代码"33048210200X"不是区划代码(应为 6、9 或 12 位数字)'],
    [151, '名称为空'],
    [153, `代码 330482102006 重复(第 ${first} 行为"新埭社区居委会")`],
    [152, '上级区划 330482109 不在文件中'],
  ]);

  // a database holds one county
  const neighbour = new TextEncoder().encode('统计用区划代码,名称\n330481000000,海宁市\n330481001000,硖石街道\n');
  const r = await run({ divisions: { filename: 'haining.csv', bytes: neighbour } }, true);
  assert.equal(r.blocked, true);
  assert.match(r.problems[0], /数据库已是 330482 平湖市 的区划,文件却是 330481 海宁市/);
});

test('the admin screen’s API: preview, a stale fingerprint refused, the preview applied (admin only)', async () => {
  // 广陈镇: two neighbouring villages merged
  const pair = (
    await sql<{ a: string; b: string; union: string }>`
      select a.code as a, b.code as b, ST_AsGeoJSON(ST_Union(a.boundary, b.boundary), 9) as union
      from divisions a join divisions b on a.parent_code = b.parent_code and a.code < b.code and ST_Intersects(a.boundary, b.boundary)
      where a.parent_code = '330482106' and a.level = 'village' order by a.code, b.code limit 1`.execute(ctx.db.q)
  ).rows[0];
  const current = (await sql<{ code: string }>`select code from divisions where level = 'village' and boundary is not null`.execute(ctx.db.q)).rows.map((r) => r.code);
  const feats = villageFeatures()
    .filter((f) => current.includes(String(f.properties.XZQDM)) && f.properties.XZQDM !== pair.b)
    .map((f) => (f.properties.XZQDM === pair.a ? { ...f, geometry: JSON.parse(pair.union) } : f));
  // the boundaries the earlier tests changed, as they are now
  const stored = new Map(
    (
      await sql<{ code: string; g: string }>`select code, ST_AsGeoJSON(boundary, 9) as g from divisions where level = 'village' and boundary is not null`.execute(ctx.db.q)
    ).rows.map((r) => [r.code, JSON.parse(r.g)]),
  );
  for (const f of feats) if (f.properties.XZQDM !== pair.a) f.geometry = stored.get(String(f.properties.XZQDM));
  const zip = fs.readFileSync(shapefileZip(work, 'guangchen.zip', feats));
  const form = (extra: Record<string, string> = {}) => multipart(extra, [{ name: 'boundaries', filename: '广陈镇并村.zip', type: 'application/zip', data: zip }]);

  assert.equal((await ctx.req('city', { method: 'POST', url: '/api/setup/preview', ...form() })).statusCode, 403);
  assert.equal((await ctx.req('admin', { method: 'POST', url: '/api/setup/preview', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode, 400);
  // a file without .prj asks for the system in the screen's words, not the command line's
  const bare = fs.readFileSync(shapefileZip(work, 'bare.zip', feats, { omit: ['prj'] }));
  const asked = await ctx.req('admin', {
    method: 'POST',
    url: '/api/setup/preview',
    ...multipart({}, [{ name: 'boundaries', filename: 'bare.zip', type: 'application/zip', data: bare }]),
  });
  assert.equal(asked.statusCode, 200, asked.body);
  assert.match(asked.json().boundaries.problem, /缺少 \.prj\):请在“坐标系”中选择/);
  assert.doesNotMatch(asked.json().boundaries.problem, /--crs/);
  const preview = await ctx.req('admin', { method: 'POST', url: '/api/setup/preview', ...form() });
  assert.equal(preview.statusCode, 200, preview.body);
  const p = preview.json();
  assert.equal(p.applied, false);
  assert.equal(p.blocked, false, JSON.stringify(p.problems));
  assert.equal(p.boundaries.crs.id, 'EPSG:4528');
  assert.deepEqual(
    p.boundaries.moved.map((d: { code: string }) => d.code).filter((c: string) => c.length === 12),
    [pair.a],
  );
  assert.deepEqual(
    p.boundaries.removed.map((d: { code: string }) => d.code),
    [pair.b],
  );
  assert.match(p.fingerprint, /^[0-9a-f]{32}$/);
  const state = await boundaryState();

  const missing = await ctx.req('admin', { method: 'POST', url: '/api/setup/apply', ...form() });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().code, 'setup.fingerprint_missing');
  const stale = await ctx.req('admin', { method: 'POST', url: '/api/setup/apply', ...form({ fingerprint: '0'.repeat(32) }) });
  assert.equal(stale.statusCode, 200);
  assert.equal(stale.json().stale, true);
  assert.equal(stale.json().applied, false);
  assert.deepEqual(await boundaryState(), state, 'a stale apply writes nothing');

  const applied = await ctx.req('admin', { method: 'POST', url: '/api/setup/apply', ...form({ fingerprint: p.fingerprint }) });
  assert.equal(applied.statusCode, 200, applied.body);
  assert.equal(applied.json().applied, true);
  assert.equal(applied.json().fingerprint, p.fingerprint);
  const rec = (
    await sql<{
      actor_name: string | null;
      after: { boundariesFile: string };
    }>`select actor_name, after from audit_log where action = 'setup.apply' order by id desc limit 1`.execute(ctx.db.q)
  ).rows[0];
  assert.equal(rec.after.boundariesFile, '广陈镇并村.zip');
  assert.ok(rec.actor_name, 'the admin is named');
  const b = (await sql<{ has: boolean }>`select boundary is not null as has from divisions where code = ${pair.b}`.execute(ctx.db.q)).rows[0];
  assert.equal(b.has, false);
});

test('division codes in every form the offices write them, and .prj files as ArcGIS and GDAL write them', () => {
  assert.deepEqual(parseDivisionCode('330482000000'), { code: '330482', level: 'county', parent: '3304' });
  assert.deepEqual(parseDivisionCode('330482'), { code: '330482', level: 'county', parent: '3304' });
  assert.deepEqual(parseDivisionCode('330400'), { code: '3304', level: 'prefecture', parent: '33' });
  assert.deepEqual(parseDivisionCode('330000000000'), { code: '33', level: 'province', parent: null });
  assert.deepEqual(parseDivisionCode('330482102000'), { code: '330482102', level: 'town', parent: '330482' });
  assert.deepEqual(parseDivisionCode('330482102'), { code: '330482102', level: 'town', parent: '330482' });
  assert.deepEqual(parseDivisionCode('３３０４８２１０２２０１'), { code: '330482102201', level: 'village', parent: '330482102' });
  assert.deepEqual(parseDivisionCode('330482102201.0'), { code: '330482102201', level: 'village', parent: '330482102' });
  // the land survey's 坐落单位代码: a whole village ends in seven zeros, a group does not
  assert.deepEqual(parseDivisionCode('3304821022010000000'), { code: '330482102201', level: 'village', parent: '330482102' });
  assert.equal(parseDivisionCode('3304821022010000001'), null);
  assert.equal(parseDivisionCode('33048210200X'), null);
  assert.equal(parseDivisionCode('1234567'), null);

  const arcgis =
    'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const crs = crsFromWkt(arcgis);
  assert.equal(crs.id, 'EPSG:4528');
  // a point of Pinghu, as GDAL projects it (ogr2ogr -t_srs EPSG:4528), back to within a millimetre
  const [lon, lat] = crs.toWgs84([40599349.40330288, 3396390.6433687275]);
  assert.ok(Math.abs(lon - 121.03683) < 1e-8 && Math.abs(lat - 30.683923) < 1e-8, `${lon}, ${lat}`);
  const noZone = crsFromWkt(arcgis.replace('40500000.0', '500000.0').replace('Zone_40', 'CM_120E'));
  assert.equal(noZone.id, 'EPSG:4549');
  assert.equal(crsFromWkt(PRJ_4490).id, 'EPSG:4490');
  assert.equal(crsByName('urn:ogc:def:crs:EPSG::4528')?.id, 'EPSG:4528');
  assert.equal(crsByName('EPSG:2385'), null);
});
