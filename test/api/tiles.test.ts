// Vector tiles at /tiles/{layer}/{z}/{x}/{y}.mvt: GDAL's MVT driver opens what the server writes (ST_AsMVT on
// PostgreSQL, the product's encoder on PGlite), each case where its point is, the change patches' polygons and the
// divisions with their Chinese names; the jurisdiction holds; the tile is cacheable and revalidates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { encodeTile } from '../../src/modules/tiles/tiles.mvt.js';

let t: TestContext;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-tiles-'));
let point: [number, number];
let caseNo: string;
let patchNo: string;
const Z = 15;
let tx: number;
let ty: number;

/** The z/x/y of the tile holding a lon/lat. */
function tileOf(lon: number, lat: number, z: number) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}
const merc = (lon: number, lat: number) => [(lon * Math.PI * 6378137) / 180, 6378137 * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];

before(async () => {
  t = await createTestContext();
  point = t.pointIn(TOWN_A, 0);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...point) });
  assert.equal(r.statusCode, 201, r.body);
  caseNo = r.json().caseNo;
  const [lon, lat] = [point[0] + 0.0004, point[1] + 0.0004];
  const d = 0.0002;
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
  // a change patch (图斑) of an imported batch
  const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { TBBH: 'WP-T1' }, geometry: footprint }] };
  const form = multipart({ batchNo: '瓦片测试批次', source: 'satellite', detectedOn: '2026-11-01', dueOn: '2026-11-30' }, [
    { name: 'file', filename: 'p.geojson', type: 'application/geo+json', data: Buffer.from(JSON.stringify(fc)) },
  ]);
  const p = await t.req('city', { method: 'POST', url: '/api/patches/batches', payload: form.payload, headers: form.headers });
  assert.equal(p.json().applied, true, p.body);
  patchNo = 'WP-T1';
  [tx, ty] = tileOf(point[0], point[1], Z);
});
after(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tile(user: string, layer: string, z = Z, x = tx, y = ty) {
  const r = await t.req(user, { method: 'GET', url: `/tiles/${layer}/${z}/${x}/${y}.mvt` });
  assert.equal(r.statusCode, 200, r.body.slice(0, 200));
  const file = path.join(dir, `${user}-${layer}-${z}-${x}-${y}.mvt`);
  fs.writeFileSync(file, r.rawPayload);
  return { file, r };
}

/** ogrinfo over one tile file (GDAL's MVT driver, told the tile's z/x/y): each feature's attributes and WKT. */
function ogr(file: string, z = Z, x = tx, y = ty) {
  const r = spawnSync('ogrinfo', ['-ro', '-al', '-q', '-oo', `Z=${z}`, '-oo', `X=${x}`, '-oo', `Y=${y}`, `MVT:${file}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split(/\n(?=OGRFeature)/)
    .filter((b) => b.startsWith('OGRFeature'))
    .map((b) => {
      const attrs: Record<string, string> = {};
      for (const m of b.matchAll(/^ {2}(\w+) \(.*?\) = (.*)$/gm)) attrs[m[1]] = m[2];
      return { layer: /OGRFeature\((\w+)\)/.exec(b)![1], attrs, wkt: /^ {2}((?:MULTI)?(?:POINT|POLYGON) .*)$/m.exec(b)?.[1] ?? '' };
    });
}

test('cases: GDAL opens the tile; the case is where its point is, with its number and status', async () => {
  const { file, r } = await tile('city', 'cases');
  assert.equal(r.headers['content-type'], 'application/vnd.mapbox-vector-tile');
  const feats = ogr(file).filter((f) => f.attrs.caseNo === caseNo);
  assert.equal(feats.length, 1, `${caseNo} in ${Z}/${tx}/${ty}`);
  const f = feats[0];
  assert.equal(f.layer, 'cases');
  assert.equal(f.attrs.status, 'reported');
  const [x, y] = /POINT \(([-\d.]+) ([-\d.]+)\)/.exec(f.wkt)!.slice(1).map(Number);
  const [mx, my] = merc(...point);
  const pixel = (2 * Math.PI * 6378137) / 2 ** Z / 4096;
  assert.ok(Math.abs(x - mx) <= pixel && Math.abs(y - my) <= pixel, `${x},${y} within a tile pixel of ${mx},${my}`);
  // the town B officer's tile of the same place holds none of town A's cases
  const other = ogr((await tile('officer_b', 'cases')).file);
  assert.ok(!other.some((o) => o.attrs.caseNo === caseNo), 'another town’s officer does not see it');
});

test('patches: the imported change patch as a polygon; divisions: the boundaries with their Chinese names', async () => {
  const patches = ogr((await tile('city', 'patches')).file);
  const p = patches.find((f) => f.attrs.code === patchNo);
  assert.ok(p, `patch ${patchNo}: ${JSON.stringify(patches.map((f) => f.attrs))}`);
  assert.equal(p.attrs.source, 'satellite');
  assert.equal(p.attrs.batchNo, '瓦片测试批次');
  // some 20 m from the patrol case: matched on import (已掌握, awaiting the town's confirmation)
  assert.equal(p.attrs.status, 'submitted');
  assert.equal(p.attrs.verdict, 'known');
  assert.match(p.wkt, /POLYGON/);
  assert.equal(patches.length, 1, 'a case is not a patch');

  const divs = ogr((await tile('city', 'divisions', 12, ...tileOf(point[0], point[1], 12))).file, 12, ...tileOf(point[0], point[1], 12));
  const village = divs.find((f) => f.attrs.level === 'village');
  const town = divs.find((f) => f.attrs.code === TOWN_A);
  assert.ok(village && town, JSON.stringify(divs.map((f) => f.attrs)));
  assert.match(town.attrs.name, /^[\u4e00-\u9fa5]+(镇|街道)$/);
  assert.match(village.wkt, /POLYGON/);
});

test('a tile is cacheable per user and revalidates with its ETag; bad coordinates and layers are refused', async () => {
  const { r } = await tile('city', 'cases');
  assert.equal(r.headers['cache-control'], 'private, max-age=300');
  assert.match(String(r.headers.vary), /Authorization/);
  const etag = String(r.headers.etag);
  const again = await t.req('city', { method: 'GET', url: `/tiles/cases/${Z}/${tx}/${ty}.mvt`, headers: { 'if-none-match': etag } });
  assert.equal(again.statusCode, 304);
  // far from the city: an empty tile
  const empty = await t.req('city', { method: 'GET', url: '/tiles/cases/15/0/0.mvt' });
  assert.equal(empty.statusCode, 200);
  assert.equal(empty.rawPayload.length, 0);
  assert.equal((await t.req('city', { method: 'GET', url: '/tiles/cases/3/8/0.mvt' })).statusCode, 400);
  assert.equal((await t.req('city', { method: 'GET', url: '/tiles/owners/3/1/1.mvt' })).statusCode, 400);
  assert.equal((await t.req(null, { method: 'GET', url: `/tiles/cases/${Z}/${tx}/${ty}.mvt` })).statusCode, 401);
});

test('the encoder: points, a polygon with a hole wound as MVT wants, properties of each type — GDAL reads them back', () => {
  const body = encodeTile([
    {
      name: 'demo',
      features: [
        { type: 1, geometry: [[[[100, 200]]]], properties: { name: '平湖', n: 3, f: 1.5, ok: true, none: null } },
        {
          type: 3,
          geometry: [
            [
              [
                [0, 0],
                [1000, 0],
                [1000, 1000],
                [0, 1000],
                [0, 0],
              ],
              [
                [200, 200],
                [200, 400],
                [400, 400],
                [400, 200],
                [200, 200],
              ],
            ],
          ],
          properties: { name: '当湖街道' },
        },
      ],
    },
  ]);
  const file = path.join(dir, 'demo.mvt');
  fs.writeFileSync(file, body);
  const feats = ogr(file, 0, 0, 0);
  assert.equal(feats.length, 2);
  assert.equal(feats[0].attrs.name, '平湖');
  assert.equal(feats[0].attrs.n, '3');
  assert.equal(feats[0].attrs.f, '1.5');
  assert.match(feats[1].wkt, /^POLYGON \(\([^)]+\),\([^)]+\)\)$/, 'one exterior ring with its hole');
  assert.equal(feats[1].attrs.name, '当湖街道');
});
