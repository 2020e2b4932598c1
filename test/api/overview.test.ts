import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { caseBody, CITY, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';

// The command centre's data: the overview, the map's points and clusters, a drawn polygon, and the
// export of the current selection, all inside the user's jurisdiction.
let t: TestContext;
const ids: Record<string, string> = {};
before(async () => {
  t = await createTestContext();
  const mk = async (key: string, town: string, n: number, extra: Record<string, unknown>) => {
    const [lon, lat] = t.pointIn(town, n);
    const r = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(lon + 0.0003 * Object.keys(ids).length, lat, extra) });
    assert.equal(r.statusCode, 201, r.body);
    ids[key] = r.json().id;
  };
  // an owner name that a spreadsheet would run as a formula
  await mk('s1', TOWN_A, 0, { source: 'census_import', areaM2: 100, ownerName: '=HYPERLINK("http://example.invalid","点此")' });
  await mk('s2', TOWN_A, 0, { source: 'census_import', areaM2: 200, structure: 'simple', use: 'production', landType: 'cultivated' });
  await mk('s3', TOWN_A, 1, { source: 'census_import', areaM2: 300 });
  await mk('n1', TOWN_A, 1, { areaM2: 40 });
  await mk('n2', TOWN_B, 0, { areaM2: 50 });
  await mk('n3', TOWN_B, 0, { areaM2: 60 });
  const d = (await t.req('city', { method: 'GET', url: `/api/cases/${ids.n3}` })).json();
  const rej = await t.req('city', { method: 'POST', url: `/api/cases/${ids.n3}/actions`, payload: { action: 'reject', version: d.version, reason: '经核查不属于违建' } });
  assert.equal(rej.statusCode, 200, rej.body);
});
after(() => t.close());

const get = async (user: string, url: string) => {
  const r = await t.req(user, { method: 'GET', url });
  return { status: r.statusCode, json: r.headers['content-type']?.toString().includes('json') ? r.json() : null, raw: r.rawPayload, headers: r.headers };
};

test('overview: stock and new now, by town, class and status; a rejected report is no violation; the month’s figures', async () => {
  const o = (await get('city', '/api/overview')).json;
  assert.equal(o.division.code, CITY);
  assert.deepEqual(o.totals.stock, { count: 3, area: 600 });
  assert.deepEqual(o.totals.new, { count: 2, area: 90 });
  assert.equal(o.totals.open.count, 5);
  assert.equal(o.byStatus.rejected, 1);
  assert.equal(o.byStatus.verified, 3, 'imported stock starts verified');
  assert.equal(o.byStatus.reported, 2);
  assert.equal(o.units.length, 9, 'the nine towns');
  const a = o.units.find((u: { code: string }) => u.code === TOWN_A);
  assert.equal(a.stock, 3);
  assert.equal(a.stockArea, 600);
  assert.equal(a.stockClearedRate, 0);
  assert.equal(a.newOpen, 1);
  const b = o.units.find((u: { code: string }) => u.code === TOWN_B);
  assert.equal(b.new, 1, 'the rejected report is not counted');
  assert.equal(o.trend.length, 12);
  const now = o.trend[11];
  assert.equal(now.month, o.month);
  assert.equal(now.openStock, 3, 'open at the month end, from the history');
  assert.equal(now.openNew, 2);
  assert.equal(now.foundStock + now.foundNew, 5);
  assert.equal(o.thisMonth.found, 5);
  assert.equal(o.trend[10].openStock + o.trend[10].openNew, 0, 'nothing was open a month ago');
  assert.equal(o.index, null, 'no index run yet');
});

test('overview: a town officer sees the villages of the town; another town is 404; an unknown code is 400', async () => {
  const o = (await get('officer_a', '/api/overview')).json;
  assert.equal(o.division.code, TOWN_A);
  assert.ok(o.units.length > 3 && o.units.every((u: { code: string }) => u.code.startsWith(TOWN_A)), 'villages of the town');
  assert.equal(o.totals.stock.count, 3);
  assert.equal(
    o.units.reduce((s: number, u: { open: number }) => s + u.open, 0),
    4,
  );
  assert.equal((await get('officer_a', `/api/overview?division=${TOWN_B}`)).status, 404);
  const bad = await get('city', '/api/overview?division=330482999');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'overview.unknown_division');
});

const CITY_VIEW = 'view=120.8,30.5,121.4,30.95';

test('map: every point in view, or clusters whose counts add up; the legend counts the whole selection', async () => {
  const pts = (await get('city', `/api/cases/map?${CITY_VIEW}&zoom=11`)).json;
  assert.equal(pts.mode, 'points');
  assert.equal(pts.points.length, 6);
  assert.equal(pts.total, 6);
  const open = (await get('city', `/api/cases/map?${CITY_VIEW}&zoom=11&status=reported,verified`)).json;
  assert.equal(open.points.length, 5);
  assert.deepEqual(open.byStatus, { reported: 2, verified: 3 });
  const cl = (await get('city', `/api/cases/map?${CITY_VIEW}&zoom=9&maxPoints=2`)).json;
  assert.equal(cl.mode, 'clusters');
  assert.equal(
    cl.clusters.reduce((s: number, c: { count: number }) => s + c.count, 0),
    6,
  );
  for (const c of cl.clusters) {
    assert.ok(c.count > 0, 'c.count > 0');
    assert.ok(
      c.lon >= c.bbox[0] && c.lon <= c.bbox[2] && c.lat >= c.bbox[1] && c.lat <= c.bbox[3],
      'c.lon >= c.bbox[0] && c.lon <= c.bbox[2] && c.lat >= c.bbox[1] && c.lat <= c.bbox[3]',
    );
  }
  const officer = (await get('officer_a', `/api/cases/map?${CITY_VIEW}&zoom=11`)).json;
  assert.equal(officer.points.length, 4, 'only the own town');
  assert.equal((await get('city', `/api/cases/map?zoom=11`)).status, 400, 'the view is required');
  assert.equal((await get('city', `/api/cases/map?view=1,2,3&zoom=11`)).status, 400);
});

test('a polygon drawn on the map selects the cases inside it, for the map, the list and the export', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 0);
  const d = 0.004;
  const poly = `${lon - d},${lat - d};${lon + d},${lat - d};${lon + d},${lat + d};${lon - d},${lat + d}`;
  const list = (await get('city', `/api/cases?polygon=${encodeURIComponent(poly)}`)).json;
  assert.deepEqual(list.items.map((c: { id: string }) => c.id).sort(), [ids.s1, ids.s2].sort());
  const map = (await get('city', `/api/cases/map?${CITY_VIEW}&zoom=11&polygon=${encodeURIComponent(poly)}`)).json;
  assert.equal(map.points.length, 2);
  for (const [bad, why] of [
    [`${lon},${lat};${lon + d},${lat}`, '至少需要 3 个'],
    [`${lon},${lat};${lon + d};${lon},${lat + d}`, 'lon,lat'],
    [`${lon},${lat};${lon + d},${lat};${lon},${lat + 100}`, '超出'],
  ] as const) {
    const r = await get('city', `/api/cases?polygon=${encodeURIComponent(bad)}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.json.code, 'validation_failed');
    assert.match(r.json.message, new RegExp(why));
  }
});

test('export: the filtered selection as Excel with zh-CN headers and as GeoJSON that GDAL reads; on the audit trail; inside the jurisdiction', async () => {
  const x = await get('city', `/api/cases/export.xlsx?origin=stock`);
  assert.equal(x.status, 200);
  assert.match(String(x.headers['content-disposition']), /filename\*=UTF-8''/);
  assert.equal(x.headers['x-total-count'], '3');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.raw as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('案件')!;
  assert.equal(ws.getRow(1).getCell(1).value, '案件编号');
  assert.equal(ws.rowCount, 4, 'header + 3 cases');
  assert.deepEqual(
    [2, 3, 4].map((i) => ws.getRow(i).getCell(2).value),
    ['已立案', '已立案', '已立案'],
    'zh-CN status',
  );
  const areas = [2, 3, 4].map((i) => Number(ws.getRow(i).getCell(10).value)).sort((a, b) => a - b);
  assert.deepEqual(areas, [100, 200, 300]);
  // codes are written as their labels, and no column holds a UUID
  const headers = ws.getRow(1).values as unknown[];
  assert.ok(!headers.includes('案件 ID'), `no UUID column: ${headers.join(',')}`);
  const row200 = [2, 3, 4].map((i) => ws.getRow(i)).find((r) => Number(r.getCell(10).value) === 200)!;
  const cell = (h: string) => row200.getCell(headers.indexOf(h)).value;
  assert.deepEqual([cell('结构'), cell('用途'), cell('土地类型'), cell('存量/新增')], ['简易', '生产', '耕地', '存量']);
  for (const r of [2, 3, 4]) for (const v of ws.getRow(r).values as unknown[]) assert.ok(!/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(String(v)), `no UUID in a cell: ${v}`);
  const ownerCol = headers.indexOf('当事人');
  assert.ok(ownerCol > 0, 'an owner column');
  const owners = [2, 3, 4].map((i) => ws.getRow(i).getCell(ownerCol).value);
  assert.ok(owners.includes('\'=HYPERLINK("http://example.invalid","点此")'), `the formula-looking name is text: ${JSON.stringify(owners)}`);
  assert.ok(
    owners.every((v) => typeof v === 'string'),
    'no cell is a formula',
  );

  const g = await get('officer_a', `/api/cases/export.geojson`);
  assert.equal(g.status, 200);
  const file = path.join(t.dataDir, 'sel.geojson');
  fs.writeFileSync(file, g.raw);
  const fc = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(fc.features.length, 4, 'only the own town');
  assert.ok(
    fc.features.every((f: { properties: { town: string } }) => f.properties.town === '新埭镇'),
    "fc.features.every((f: { properties: { town: string } }) => f.properties.town === '新埭镇')",
  );
  const ogr = spawnSync('ogrinfo', ['-ro', '-so', '-al', file], { encoding: 'utf8' });
  assert.equal(ogr.status, 0, ogr.stderr);
  assert.match(ogr.stdout, /Feature Count: 4/);
  assert.match(ogr.stdout, /Geometry: Point/);

  const audit = await t.db.q.selectFrom('audit_log').select(['action', 'after']).where('action', '=', 'cases.export').execute();
  assert.equal(audit.length, 2);
  const none = await get('officer_a', `/api/cases/export.xlsx?division=${TOWN_B}`);
  assert.equal(none.status, 200);
  assert.equal(none.headers['x-total-count'], '0', 'a foreign town yields nothing');
});

test('change patches: the footprints of satellite and drone finds in the view, as GeoJSON; patrol finds have none', async () => {
  const [lon, lat] = t.pointIn(TOWN_B, 2);
  const d = 0.0004;
  const footprint = {
    type: 'Polygon',
    coordinates: [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ],
  };
  const r = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, { source: 'satellite', footprint }) });
  assert.equal(r.statusCode, 201, r.body);
  const fc = (await get('city', `/api/cases/patches?${CITY_VIEW}`)).json;
  assert.equal(fc.type, 'FeatureCollection');
  assert.deepEqual(
    fc.features.map((f: { id: string }) => f.id),
    [r.json().id],
    'only the satellite find',
  );
  const g = fc.features[0].geometry;
  assert.match(g.type, /^(Multi)?Polygon$/, 'stored as a (multi)polygon');
  const first = g.type === 'MultiPolygon' ? g.coordinates[0][0][0] : g.coordinates[0][0];
  assert.ok(Math.abs(first[0] - (lon - d)) < 1e-6 && Math.abs(first[1] - (lat - d)) < 1e-6, JSON.stringify(first));
  assert.equal((await get('officer_a', `/api/cases/patches?${CITY_VIEW}`)).json.features.length, 0, 'not in the own town');
  assert.equal((await get('city', `/api/cases/patches?view=121.3,30.9,121.4,30.95`)).json.features.length, 0, 'not in that view');
});
