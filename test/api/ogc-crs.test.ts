// OGC API – Features Part 2 at /ogc: each collection offers CRS84 (stored), CGCS2000 (EPSG:4490) and EPSG:4326;
// `crs` answers in that CRS with its axis order (latitude first for the EPSG ones) and says so in Content-Crs;
// `bbox-crs` reads a bbox given latitude first; anything else is a 400.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const CGCS2000 = 'http://www.opengis.net/def/crs/EPSG/0/4490';
let t: TestContext;
let point: [number, number];
before(async () => {
  t = await createTestContext();
  point = t.pointIn(TOWN_A, 0);
  for (let i = 0; i < 3; i++) assert.equal((await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, i)) })).statusCode, 201);
});
after(() => t?.close());

const get = (url: string) => t.req('city', { method: 'GET', url });

test('the collections offer CRS84, CGCS2000 and EPSG:4326, stored in CRS84; the conformance names Part 2', async () => {
  const conf = (await get('/ogc/conformance')).json();
  assert.ok(conf.conformsTo.includes('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs'));
  for (const id of ['cases', 'divisions']) {
    const c = (await get(`/ogc/collections/${id}`)).json();
    assert.deepEqual(c.crs, [CRS84, CGCS2000, 'http://www.opengis.net/def/crs/EPSG/0/4326']);
    assert.equal(c.storageCrs, CRS84);
  }
  const api = (await get('/ogc/api')).json();
  assert.ok(api.paths['/collections/cases/items'].get.parameters.some((p: { name: string }) => p.name === 'crs'));
});

test('crs=EPSG:4490: latitude first, Content-Crs says so; the same features as CRS84; one feature too', async () => {
  const plain = await get('/ogc/collections/cases/items?limit=10');
  assert.equal(plain.headers['content-crs'], `<${CRS84}>`);
  const cgcs = await get(`/ogc/collections/cases/items?limit=10&crs=${encodeURIComponent(CGCS2000)}`);
  assert.equal(cgcs.statusCode, 200, cgcs.body);
  assert.equal(cgcs.headers['content-crs'], `<${CGCS2000}>`);
  const a = plain.json().features;
  const b = cgcs.json().features;
  assert.equal(b.length, a.length);
  for (let i = 0; i < a.length; i++) assert.deepEqual(b[i].geometry.coordinates, [a[i].geometry.coordinates[1], a[i].geometry.coordinates[0]]);
  const one = await get(`/ogc/collections/cases/items/${a[0].id}?crs=${encodeURIComponent(CGCS2000)}`);
  assert.equal(one.headers['content-crs'], `<${CGCS2000}>`);
  assert.deepEqual(one.json().geometry.coordinates, b[0].geometry.coordinates);
  const div = (await get(`/ogc/collections/divisions/items?limit=1&crs=${encodeURIComponent(CGCS2000)}`)).json().features[0];
  const ring = div.geometry.coordinates[0][0];
  assert.ok(ring[0][0] > 20 && ring[0][0] < 40 && ring[0][1] > 110, `latitude first: ${ring[0]}`);
});

test('bbox-crs: a bbox given latitude first selects what the CRS84 one does; an unknown CRS is a 400', async () => {
  const [lon, lat] = point;
  const d = 0.002;
  const byLon = (await get(`/ogc/collections/cases/items?bbox=${lon - d},${lat - d},${lon + d},${lat + d}`)).json();
  const byLat = (await get(`/ogc/collections/cases/items?bbox=${lat - d},${lon - d},${lat + d},${lon + d}&bbox-crs=${encodeURIComponent(CGCS2000)}`)).json();
  assert.ok(byLon.numberMatched >= 1);
  assert.equal(byLat.numberMatched, byLon.numberMatched);
  const bad = await get(`/ogc/collections/cases/items?crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/2385')}`);
  assert.equal(bad.statusCode, 400);
});
