// The case exports for GIS staff: a zipped Shapefile and a GeoPackage of the filtered cases, read back by GDAL
// itself (ogrinfo) and by SQLite's own integrity check (run through GDAL): counts, attributes and coordinates match the API, the
// jurisdiction holds, the audit trail records who took which rows in which CRS.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { crsFromWkt } from '../../src/modules/setup/boundary.crs.js';

let t: TestContext;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-gis-export-'));
before(async () => {
  t = await createTestContext();
  for (let i = 0; i < 4; i++) {
    const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, i % 2), { addressHouseNo: `${i + 1}号` }) });
    assert.equal(r.statusCode, 201, r.body);
  }
  for (let i = 0; i < 2; i++) assert.equal((await t.req('inspector_b', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_B)) })).statusCode, 201);
});
after(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a GDAL or SQLite tool; its stdout. */
function tool(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function download(user: string, url: string, file: string) {
  const r = await t.req(user, { method: 'GET', url });
  assert.equal(r.statusCode, 200, r.body.slice(0, 300));
  const p = path.join(dir, file);
  fs.writeFileSync(p, r.rawPayload);
  return { path: p, headers: r.headers };
}

/** The API's view of the same selection: caseNo → feature (GeoJSON export, WGS84). */
async function apiCases(user: string, query = '') {
  const fc = (await t.req(user, { method: 'GET', url: `/api/cases/export.geojson${query}` })).json();
  return new Map<string, { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }>(
    fc.features.map((f: { properties: { caseNo: string } }) => [f.properties.caseNo, f]),
  );
}

/** ogrinfo's features: one object per feature with its attributes (as text) and its POINT. */
function features(source: string, layer: string) {
  const out = tool('ogrinfo', ['-ro', '-al', '-q', source, layer]);
  return out
    .split(/\n(?=OGRFeature)/)
    .filter((b) => b.startsWith('OGRFeature'))
    .map((b) => {
      const attrs: Record<string, string> = {};
      for (const m of b.matchAll(/^ {2}(\w+) \(.*?\) = (.*)$/gm)) attrs[m[1]] = m[2];
      const pt = /POINT \(([-\d.]+) ([-\d.]+)\)/.exec(b);
      return { attrs, point: pt ? [Number(pt[1]), Number(pt[2])] : null };
    });
}

test('Shapefile: ogrinfo reads the zip; every case of the selection with its Chinese attributes, CGCS2000 declared in the .prj', async () => {
  const { path: file, headers } = await download('city', '/api/cases/export.shp.zip', 'cases.shp.zip');
  assert.equal(headers['content-type'], 'application/zip');
  assert.match(String(headers['content-disposition']), /filename\*=UTF-8''.*\.shp\.zip/);
  const entries = unzipSync(fs.readFileSync(file));
  assert.deepEqual(Object.keys(entries).sort(), ['cases.cpg', 'cases.dbf', 'cases.prj', 'cases.shp', 'cases.shx', 'fields.txt']);
  assert.equal(new TextDecoder().decode(entries['cases.cpg']), 'UTF-8');
  const prj = new TextDecoder().decode(entries['cases.prj']);
  assert.equal(crsFromWkt(prj).id, 'EPSG:4490', prj);
  const readme = new TextDecoder().decode(entries['fields.txt']);
  assert.match(readme, /STATUS_ZH\t状态\t文本/);
  assert.match(readme, /FARMLAND\t占用永久基本农田\t1 = 是,0 = 否/);

  const summary = tool('ogrinfo', ['-ro', '-so', `/vsizip/${file}`, 'cases']);
  assert.match(summary, /Geometry: Point/);
  assert.match(summary, /Feature Count: 6/);
  assert.match(summary, /China Geodetic Coordinate System 2000/);
  const api = await apiCases('city');
  const got = features(`/vsizip/${file}`, 'cases');
  assert.equal(got.length, api.size);
  for (const f of got) {
    const a = api.get(f.attrs.CASE_NO);
    assert.ok(a, `${f.attrs.CASE_NO} is one of the API's cases`);
    assert.equal(f.attrs.STATUS, a.properties.status);
    assert.equal(f.attrs.STATUS_ZH, '已上报');
    assert.equal(f.attrs.TOWN, a.properties.town);
    assert.equal(f.attrs.VILLAGE, a.properties.village);
    assert.equal(f.attrs.ADDRESS ?? null, a.properties.address);
    assert.equal(Number(f.attrs.AREA_M2), a.properties.areaM2);
    assert.ok(Math.abs(f.point![0] - a.geometry.coordinates[0]) < 1e-7 && Math.abs(f.point![1] - a.geometry.coordinates[1]) < 1e-7, `${f.point} = ${a.geometry.coordinates}`);
  }
  assert.ok(
    got.some((f) => /[\u4e00-\u9fa5]+.*\d号/.test(f.attrs.ADDRESS ?? '')),
    'Chinese text survives',
  );
  for (const secret of ['330482198001011234', '13812345678', '张三']) assert.ok(!fs.readFileSync(file).includes(secret), `${secret} leaked`);
});

test('Shapefile in Gauss-Krüger zone 40 (EPSG:4528): metres with the zone in front, as GDAL projects the API’s points', async () => {
  const { path: file } = await download('city', '/api/cases/export.shp.zip?crs=EPSG:4528', 'gk.shp.zip');
  const prj = new TextDecoder().decode(unzipSync(fs.readFileSync(file))['cases.prj']);
  assert.equal(crsFromWkt(prj).id, 'EPSG:4528');
  assert.match(tool('ogrinfo', ['-ro', '-so', `/vsizip/${file}`, 'cases']), /Gauss-Kruger zone 40/);
  const api = await apiCases('city');
  const got = features(`/vsizip/${file}`, 'cases');
  // GDAL's own projection of the API's WGS84 points
  const input = [...api.values()].map((a) => a.geometry.coordinates.join(' ')).join('\n');
  const r = spawnSync('gdaltransform', ['-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4528', '-output_xy'], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  // gdaltransform keeps EPSG:4528's axis order (northing, easting) unless told: compare as a set of either order
  const gdalPts = r.stdout
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/).map(Number));
  for (const f of got) {
    const [x, y] = f.point!;
    assert.ok(x > 40_000_000 && x < 41_000_000, `easting with zone 40 in front: ${x}`);
    assert.ok(
      gdalPts.some(([a, b]) => (Math.abs(a - x) < 0.01 && Math.abs(b - y) < 0.01) || (Math.abs(b - x) < 0.01 && Math.abs(a - y) < 0.01)),
      `${x} ${y} is where GDAL projects one of the API's points`,
    );
  }
  const bad = await t.req('city', { method: 'GET', url: '/api/cases/export.shp.zip?crs=EPSG:2385' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'export.unsupported_crs');
});

test('GeoPackage: SQLite finds it sound, GDAL reads layer cases with the API’s count and attributes; a town officer gets only his town', async () => {
  const { path: file, headers } = await download('city', '/api/cases/export.gpkg', 'cases.gpkg');
  assert.equal(headers['content-type'], 'application/geopackage+sqlite3');
  // SQLite's own check of the file (through GDAL's SQLite: no sqlite3 shell needed on the machine)
  assert.match(tool('ogrinfo', ['-ro', '-q', file, '-sql', 'PRAGMA integrity_check']), /integrity_check \(String\) = ok/);
  assert.match(tool('ogrinfo', ['-ro', '-q', file, '-sql', 'PRAGMA application_id']), new RegExp(`= ${0x47504b47}`));
  const summary = tool('ogrinfo', ['-ro', '-so', file, 'cases']);
  assert.match(summary, /using driver `GPKG'|Geometry: Point/);
  assert.match(summary, /Feature Count: 6/);
  assert.match(summary, /ID\["EPSG",4490\]/);
  const api = await apiCases('city');
  const got = features(file, 'cases');
  assert.equal(got.length, 6);
  for (const f of got) {
    const a = api.get(f.attrs.CASE_NO)!;
    assert.ok(a);
    assert.equal(f.attrs.STATUS_ZH, '已上报');
    assert.equal(f.attrs.TOWN_CODE.length, 9);
    assert.equal(f.attrs.VILLAGE, a.properties.village);
    assert.equal(f.attrs.FARMLAND, String(Number(a.properties.onBasicFarmland)));
    assert.ok(Math.abs(f.point![0] - a.geometry.coordinates[0]) < 1e-9);
  }
  // the town officer's export holds his town's 4 cases, none of town B
  const own = await download('officer_a', '/api/cases/export.gpkg', 'own.gpkg');
  const towns = tool('ogrinfo', ['-ro', '-q', own.path, '-sql', 'SELECT DISTINCT TOWN_CODE FROM cases']);
  assert.deepEqual(
    [...towns.matchAll(/TOWN_CODE \(String\) = (\d+)/g)].map((m) => m[1]),
    [TOWN_A],
  );
  assert.match(tool('ogrinfo', ['-ro', '-so', own.path, 'cases']), /Feature Count: 4/);
  // the filter applies: town B's cases only
  const b = await download('city', `/api/cases/export.gpkg?division=${TOWN_B}&crs=EPSG:4549`, 'b.gpkg');
  assert.match(tool('ogrinfo', ['-ro', '-so', b.path, 'cases']), /Feature Count: 2[\s\S]*ID\["EPSG",4549\]/);
});

test('each GIS export is on the audit trail: who, which format, how many rows, which filter and CRS', async () => {
  // gk3: the 3-degree zone of the cases (Pinghu, 121°E: zone 40, EPSG:4528)
  await download('officer_a', '/api/cases/export.shp.zip?status=reported&crs=gk3', 'audit.shp.zip');
  await download('city', `/api/cases/export.gpkg?division=${TOWN_B}`, 'audit.gpkg');
  const rows = await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'cases.export').orderBy('id', 'desc').limit(2).execute();
  const [gpkg, shp] = rows;
  assert.equal(shp.actor_name, 'officer_a');
  assert.deepEqual(shp.after, { format: 'shp', count: 4, filter: { status: ['reported'] }, crs: 'EPSG:4528' });
  assert.equal(gpkg.actor_name, 'city');
  assert.deepEqual(gpkg.after, { format: 'gpkg', count: 2, filter: { division: TOWN_B }, crs: 'EPSG:4490' });
});

test('division boundaries: villages as a Shapefile in Gauss-Krüger, towns and villages as GeoPackage layers, the officer’s town only', async () => {
  const { path: file } = await download('city', '/api/divisions/export.shp.zip?crs=gk3', 'villages.shp.zip');
  const summary = tool('ogrinfo', ['-ro', '-so', `/vsizip/${file}`, 'villages']);
  assert.match(summary, /Geometry: Polygon/);
  assert.match(summary, /Gauss-Kruger zone 40/);
  const ogc = (await t.req('city', { method: 'GET', url: '/ogc/collections/divisions/items?level=village&limit=1000' })).json();
  assert.match(summary, new RegExp(`Feature Count: ${ogc.numberMatched}\\b`));
  const v = ogc.features[0];
  const rows = tool('ogrinfo', ['-ro', '-q', `/vsizip/${file}`, '-sql', `SELECT CODE, NAME, PARENT FROM villages WHERE CODE = '${v.properties.code}'`]);
  assert.match(rows, new RegExp(`NAME \\(String\\) = ${v.properties.name}`));
  assert.match(rows, new RegExp(`PARENT \\(String\\) = ${v.properties.parentCode}`));
  // SQLite is sound and both layers are there; the town officer's holds his town and its villages only
  const own = await download('officer_a', '/api/divisions/export.gpkg', 'own-divisions.gpkg');
  assert.match(tool('ogrinfo', ['-ro', '-q', own.path, '-sql', 'PRAGMA integrity_check']), /= ok/);
  assert.match(tool('ogrinfo', ['-ro', '-so', own.path, 'towns']), /Feature Count: 1\b[\s\S]*ID\["EPSG",4490\]/);
  const parents = tool('ogrinfo', ['-ro', '-q', own.path, '-sql', 'SELECT DISTINCT PARENT FROM villages']);
  assert.deepEqual(
    [...parents.matchAll(/PARENT \(String\) = (\d+)/g)].map((m) => m[1]),
    [TOWN_A],
  );
  const a = (await t.db.q.selectFrom('audit_log').selectAll().where('action', '=', 'divisions.export').orderBy('id', 'desc').limit(1).execute())[0];
  assert.equal(a.actor_name, 'officer_a');
  assert.equal((a.after as { format: string }).format, 'gpkg');
});
