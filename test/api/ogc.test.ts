// OGC API – Features at /ogc: the landing page, conformance, collections, items with paging, bbox and filters, the
// jurisdiction, HTTP Basic auth; then GDAL itself (ogrinfo, ogr2ogr) against a real server process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseBody, createTestContext, PASSWORD, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { demoAccount, freshPgDatabase, serverEnv, startServerProcess } from '../support/process-server.js';
import { TEST_DRIVER } from '../support/env.js';

let t: TestContext;
const cleanups: (() => Promise<void> | void)[] = [];
before(async () => {
  t = await createTestContext();
  // 7 cases in town A (one a demolition category), 3 in town B
  for (let i = 0; i < 7; i++) {
    const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, i % 2), i === 0 ? { category: 'shed' } : {}) });
    assert.equal(r.statusCode, 201, r.body);
  }
  for (let i = 0; i < 3; i++) assert.equal((await t.req('inspector_b', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_B)) })).statusCode, 201);
});
after(async () => {
  for (const c of cleanups.reverse()) await c();
  await t.close();
});

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

test('landing page, conformance and the OpenAPI 3.0 service description', async () => {
  const land = await t.req('city', { method: 'GET', url: '/ogc' });
  assert.equal(land.statusCode, 200);
  const rels = Object.fromEntries(land.json().links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
  for (const rel of ['self', 'service-desc', 'conformance', 'data']) assert.ok(rels[rel], rel);
  assert.match(rels.data, /\/ogc\/collections$/);
  const conf = (await t.req('city', { method: 'GET', url: '/ogc/conformance' })).json();
  for (const c of ['core', 'geojson', 'oas30']) assert.ok(conf.conformsTo.includes(`http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`), c);
  const api = await t.req('city', { method: 'GET', url: new URL(rels['service-desc']).pathname });
  assert.equal(api.statusCode, 200);
  assert.match(api.headers['content-type'] as string, /openapi/);
  assert.equal(api.json().openapi, '3.0.3');
  assert.ok(api.json().paths['/collections/cases/items'].get.parameters.some((p: { name: string }) => p.name === 'datetime'));
});

test('collections with their extent: the jurisdiction’s bbox', async () => {
  const all = (await t.req('city', { method: 'GET', url: '/ogc/collections' })).json();
  assert.deepEqual(
    all.collections.map((c: { id: string }) => c.id),
    ['cases', 'divisions', 'patches'],
  );
  const cityBox = all.collections[0].extent.spatial.bbox[0];
  const townBox = (await t.req('officer_a', { method: 'GET', url: '/ogc/collections/cases' })).json().extent.spatial.bbox[0];
  assert.equal(cityBox.length, 4);
  assert.ok(townBox[0] >= cityBox[0] && townBox[2] <= cityBox[2] && townBox[2] - townBox[0] < cityBox[2] - cityBox[0], `${townBox} inside ${cityBox}`);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/nope' })).statusCode, 404);
});

test('items: GeoJSON, paging by next links, readable properties and no personal data', async () => {
  const first = await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?limit=4' });
  assert.equal(first.statusCode, 200);
  assert.match(first.headers['content-type'] as string, /^application\/geo\+json/);
  const fc = first.json();
  assert.equal(fc.numberMatched, 10);
  assert.equal(fc.numberReturned, 4);
  const f = fc.features[0];
  assert.equal(f.geometry.type, 'Point');
  assert.ok(f.properties.caseNo && f.properties.statusLabel && f.properties.categoryLabel && f.properties.town && f.properties.village && f.properties.foundAt);
  assert.equal(f.properties.areaM2, 120);
  const text = first.body;
  for (const secret of ['330482198001011234', '13812345678', '张三']) assert.ok(!text.includes(secret), `${secret} leaked`);
  const ids = new Set<string>();
  let url: string | undefined = '/ogc/collections/cases/items?limit=4';
  let pages = 0;
  while (url) {
    const page: { features: { id: string }[]; links: { rel: string; href: string }[] } = (await t.req('city', { method: 'GET', url })).json();
    for (const x of page.features) ids.add(x.id);
    url = page.links.find((l: { rel: string }) => l.rel === 'next')?.href.replace(/^https?:\/\/[^/]+/, '');
    pages++;
  }
  assert.equal(ids.size, 10);
  assert.equal(pages, 3);
  // limit is clamped to 1000, a wrong value is a 400
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?limit=50000' })).json().numberReturned, 10);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?status=nope' })).statusCode, 400);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?unknown=1' })).statusCode, 400);
  // one feature by id
  const one = await t.req('city', { method: 'GET', url: `/ogc/collections/cases/items/${f.id}` });
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().properties.caseNo, f.properties.caseNo);
});

test('items filtered by bbox, town, category and datetime', async () => {
  const [lon, lat] = t.pointIn(TOWN_B);
  const box = `${lon - 0.001},${lat - 0.001},${lon + 0.001},${lat + 0.001}`;
  const inBox = (await t.req('city', { method: 'GET', url: `/ogc/collections/cases/items?bbox=${box}` })).json();
  assert.equal(inBox.numberMatched, 3);
  assert.ok(inBox.features.every((x: { properties: { townCode: string } }) => x.properties.townCode === TOWN_B));
  assert.equal((await t.req('city', { method: 'GET', url: `/ogc/collections/cases/items?town=${TOWN_A}` })).json().numberMatched, 7);
  const sheds = (await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?category=shed' })).json();
  assert.equal(sheds.numberMatched, 1);
  assert.equal(sheds.features[0].properties.categoryLabel.length > 0, true);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?datetime=2000-01-01/2000-12-31' })).json().numberMatched, 0);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?datetime=2000-01-01/..' })).json().numberMatched, 10);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?datetime=yesterday' })).statusCode, 400);
  const towns = (await t.req('city', { method: 'GET', url: '/ogc/collections/divisions/items?level=town&limit=1000' })).json();
  assert.ok(towns.numberMatched > 1);
  assert.ok(towns.features.every((x: { geometry: { type: string } }) => /Polygon/.test(x.geometry.type)));
});

test('a town officer sees only his town, in items, by id and in divisions', async () => {
  const mine = (await t.req('officer_a', { method: 'GET', url: '/ogc/collections/cases/items' })).json();
  assert.equal(mine.numberMatched, 7);
  assert.ok(mine.features.every((x: { properties: { townCode: string } }) => x.properties.townCode === TOWN_A));
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/ogc/collections/cases/items?town=${TOWN_B}` })).json().numberMatched, 0);
  const theirs = (await t.req('officer_b', { method: 'GET', url: '/ogc/collections/cases/items' })).json().features[0];
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/ogc/collections/cases/items/${theirs.id}` })).statusCode, 404);
  const divs = (await t.req('officer_a', { method: 'GET', url: '/ogc/collections/divisions/items?limit=1000' })).json();
  assert.ok(divs.features.every((x: { properties: { code: string } }) => x.properties.code.startsWith(TOWN_A)));
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/ogc/collections/divisions/items/${TOWN_B}` })).statusCode, 404);
});

test('HTTP Basic auth through the login service; without or with a wrong password 401 with WWW-Authenticate', async () => {
  const none = await t.app.inject({ method: 'GET', url: '/ogc/collections' });
  assert.equal(none.statusCode, 401);
  assert.match(none.headers['www-authenticate'] as string, /^Basic realm=/);
  const ok = await t.app.inject({ method: 'GET', url: '/ogc/collections/cases/items', headers: { authorization: basic('officer_a', PASSWORD) } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().numberMatched, 7);
  // the second request reuses the session the first opened: one login on the audit trail
  assert.equal((await t.app.inject({ method: 'GET', url: '/ogc', headers: { authorization: basic('officer_a', PASSWORD) } })).statusCode, 200);
  const officer = await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'officer_a').executeTakeFirstOrThrow();
  const logins = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'auth.login').where('entity_id', '=', officer.id).execute();
  assert.equal(logins.length, 2, 'the fixture login and one Basic login');
  const wrong = await t.app.inject({ method: 'GET', url: '/ogc/collections', headers: { authorization: basic('officer_a', 'wrong-password') } });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json().code, 'auth.invalid_credentials');
  assert.match(wrong.headers['www-authenticate'] as string, /^Basic realm=/);
  const failed = await t.db.kysely.selectFrom('audit_log').select('id').where('action', '=', 'auth.login_failed').execute();
  assert.equal(failed.length, 1, 'the wrong password is audited');
  // Basic is taken by the OGC API only
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: basic('officer_a', PASSWORD) } })).statusCode, 401);
});

test('GDAL, unmodified, reads the OGC API of a real server: ogrinfo lists the collections, ogr2ogr copies a town’s cases', { timeout: 900_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-ogc-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  let url: string | undefined;
  if (TEST_DRIVER === 'postgres') {
    const d = await freshPgDatabase();
    cleanups.push(d.drop);
    url = d.url;
  }
  const srv = await startServerProcess(serverEnv(path.join(dir, 'data'), url, { DEMO: '1', DEMO_CASES: '40', DEMO_PASSWORD: 'ogc-Demo-2026' }));
  cleanups.push(() => srv.stop());
  const officer = demoAccount(path.join(dir, 'data'), 'town_officer');
  const city = demoAccount(path.join(dir, 'data'), 'city_office');
  const gdal = (cmd: string, args: string[], user: { username: string; password: string }) => {
    const r = spawnSync(cmd, args, {
      encoding: 'utf8',
      env: { ...process.env, GDAL_HTTP_USERPWD: `${user.username}:${user.password}`, GDAL_HTTP_AUTH: 'BASIC' },
      timeout: 300_000,
    });
    assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  const listed = gdal('ogrinfo', ['-ro', `OAPIF:${srv.base}/ogc`], city);
  assert.match(listed, /cases/);
  assert.match(listed, /divisions/);
  assert.match(listed, /patches/);

  // what the city sees, by town, over the JSON API: the count GDAL must copy for one town
  const auth = { authorization: basic(city.username, city.password) };
  const all = (await (await fetch(`${srv.base}/ogc/collections/cases/items?limit=1000`, { headers: auth })).json()) as {
    features: { properties: { townCode: string; caseNo: string } }[];
  };
  const byTown = new Map<string, string[]>();
  for (const f of all.features) byTown.set(f.properties.townCode, [...(byTown.get(f.properties.townCode) ?? []), f.properties.caseNo]);
  const [town, caseNos] = [...byTown].sort((a, b) => b[1].length - a[1].length)[0];
  assert.ok(byTown.size > 1 && caseNos.length > 0, `${byTown.size} towns`);

  const out = path.join(dir, 'town.gpkg');
  gdal('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${srv.base}/ogc`, 'cases', '-where', `townCode = '${town}'`], city);
  const summary = gdal('ogrinfo', ['-ro', '-so', out, 'cases'], city);
  assert.match(summary, new RegExp(`Feature Count: ${caseNos.length}\\b`), summary);
  const rows = gdal('ogrinfo', ['-ro', '-q', out, '-sql', 'SELECT DISTINCT townCode FROM cases'], city);
  assert.deepEqual(
    [...rows.matchAll(/townCode \(String\) = (\d+)/g)].map((m) => m[1]),
    [town],
  );

  // the town officer's own copy holds his town's cases only, whatever he asks for
  const own = path.join(dir, 'own.gpkg');
  gdal('ogr2ogr', ['-f', 'GPKG', own, `OAPIF:${srv.base}/ogc`, 'cases'], officer);
  const ownRows = gdal('ogrinfo', ['-ro', '-q', own, '-sql', 'SELECT DISTINCT townCode FROM cases'], officer);
  const ownTowns = [...ownRows.matchAll(/townCode \(String\) = (\d+)/g)].map((m) => m[1]);
  assert.equal(ownTowns.length, 1, ownRows);
});
