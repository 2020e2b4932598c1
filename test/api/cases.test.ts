import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { wgs84ToGcj02 } from '../../src/modules/cases/geo.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

async function create(user: string, body: Record<string, unknown>) {
  const r = await t.req(user, { method: 'POST', url: '/api/cases', payload: body });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

test('a report gets its division from the location, never from the client', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const c = await create('inspector_a', caseBody(lon, lat, { note: '新建钢棚' }));
  assert.match(c.caseNo, /^PH-\d{4}-\d{6}$/);
  assert.equal(c.status, 'reported');
  assert.equal(c.origin, 'new');
  assert.equal(c.townCode, TOWN_A);
  assert.equal(c.townName, '新埭镇');
  assert.ok(c.divisionCode.startsWith(TOWN_A), 'c.divisionCode.startsWith(TOWN_A)');
  const sneaky = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: { ...caseBody(lon, lat), divisionCode: TOWN_B } });
  assert.equal(sneaky.statusCode, 400);
  assert.equal(sneaky.json().code, 'validation_failed');
  assert.match(JSON.stringify(sneaky.json().details), /divisionCode/);
});

test('GCJ-02 input is converted to WGS84 on the server', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const [glon, glat] = wgs84ToGcj02(lon, lat);
  const c = await create('inspector_a', caseBody(glon, glat, { crs: 'gcj02' }));
  assert.ok(Math.abs(c.lon - lon) < 1e-5 && Math.abs(c.lat - lat) < 1e-5, `${c.lon},${c.lat} vs ${lon},${lat}`);
});

test('a location outside the inspector’s town is refused; outside the city is 422', async () => {
  const [lon, lat] = t.pointIn(TOWN_B);
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(r.statusCode, 403);
  assert.equal(r.json().code, 'case.outside_jurisdiction');
  const sea = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(122.5, 30.0) });
  assert.equal(sea.statusCode, 422);
  assert.equal(sea.json().code, 'division.outside_area');
});

test('list filters, sorting, paging, free text and GeoJSON', async () => {
  const [lon, lat] = t.pointIn(TOWN_B, 1);
  await create(
    'city',
    caseBody(lon, lat, {
      source: 'census_import',
      origin: 'stock',
      enterpriseName: 'O\'Neil "钢构" 有限公司',
      ownerKind: 'enterprise',
      enterpriseUscc: '91330482MA2BXXXX1Q',
      landType: 'basic_farmland',
    }),
  );
  const all = (await t.req('city', { method: 'GET', url: '/api/cases?limit=500' })).json();
  assert.ok(all.total >= 3, 'all.total >= 3');
  const stock = (await t.req('city', { method: 'GET', url: '/api/cases?origin=stock' })).json();
  assert.equal(stock.total, 1);
  assert.equal(stock.items[0].status, 'verified', 'imported stock starts at verified');
  const farm = (await t.req('city', { method: 'GET', url: '/api/cases?onBasicFarmland=true' })).json();
  assert.equal(farm.total, 1);
  const text = (await t.req('city', { method: 'GET', url: `/api/cases?q=${encodeURIComponent('O\'Neil "钢构')}` })).json();
  assert.equal(text.total, 1);
  const town = (await t.req('city', { method: 'GET', url: `/api/cases?division=${TOWN_A}` })).json();
  assert.ok(
    town.items.every((c: { townCode: string }) => c.townCode === TOWN_A),
    'town.items.every((c: { townCode: string }) => c.townCode === TOWN_A)',
  );
  const page1 = (await t.req('city', { method: 'GET', url: '/api/cases?limit=1&sort=case_no&order=asc' })).json();
  const page2 = (await t.req('city', { method: 'GET', url: '/api/cases?limit=1&offset=1&sort=case_no&order=asc' })).json();
  assert.ok(page1.items[0].caseNo < page2.items[0].caseNo, 'page1.items[0].caseNo < page2.items[0].caseNo');
  const [alon, alat] = t.pointIn(TOWN_A, 2);
  const bbox = (await t.req('city', { method: 'GET', url: `/api/cases?bbox=${alon - 0.001},${alat - 0.001},${alon + 0.001},${alat + 0.001}` })).json();
  assert.equal(bbox.total, 1);
  const geo = await t.req('city', { method: 'GET', url: '/api/cases?format=geojson' });
  assert.match(geo.headers['content-type'] as string, /application\/geo\+json/);
  const fc = geo.json();
  assert.equal(fc.type, 'FeatureCollection');
  assert.equal(fc.features.length, all.total);
  assert.equal(fc.features[0].geometry.type, 'Point');
  const byAccept = await t.req('city', { method: 'GET', url: '/api/cases', headers: { accept: 'application/geo+json' } });
  assert.equal(byAccept.json().type, 'FeatureCollection');
});

test('personal data is masked on the case page for every role; the town officer may reveal it (test/api/personal-data.test.ts)', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 4);
  const c = await create('officer_a', caseBody(lon, lat));
  for (const user of ['officer_a', 'inspector_a', 'supervisor']) {
    const page = (await t.req(user, { method: 'GET', url: `/api/cases/${c.id}` })).json();
    assert.equal(page.ownerIdNumber, '3304**********1234', user);
    assert.equal(page.ownerPhone, '138****5678', user);
    assert.equal(page.personalDataMasked, true, user);
    assert.equal(page.personalDataRevealable, user === 'officer_a', user);
  }
  const full = (await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/personal-data`, payload: {} })).json();
  assert.equal(full.ownerIdNumber, '330482198001011234');
  assert.equal(full.ownerPhone, '13812345678');
});

test('the whole workflow through the API, with history and timeline', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 5);
  const c = await create('inspector_a', caseBody(lon, lat));
  const act = async (user: string, body: Record<string, unknown>, expect = 200) => {
    const r = await t.req(user, { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: body });
    assert.equal(r.statusCode, expect, r.body);
    return r.json();
  };
  let v = (await act('officer_a', { action: 'verify', version: 1 })).version;
  const stale = await act('officer_a', { action: 'classify', version: 1, disposalClass: 'demolish' }, 409);
  assert.equal(stale.code, 'case.version_conflict');
  v = (await act('officer_a', { action: 'classify', version: v, disposalClass: 'demolish', deadline: '2027-01-31' })).version;
  v = (await act('officer_a', { action: 'start_rectification', version: v })).version;
  const noPhoto = await act('officer_a', { action: 'request_closing', version: v }, 422);
  assert.equal(noPhoto.code, 'case.guard_failed');
  assert.match(noPhoto.message, /整改后/);
  const detail = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}` })).json();
  assert.equal(detail.status, 'rectifying');
  assert.equal(detail.disposalClass, 'demolish');
  assert.deepEqual(
    detail.timeline.map((e: { kind: string }) => e.kind),
    ['created', 'verify', 'classify', 'start_rectification'],
  );
  assert.ok(detail.allowedActions.includes('request_closing'), "detail.allowedActions.includes('request_closing')");
  const hist = await t.db.q.selectFrom('case_history').selectAll().where('case_id', '=', c.id).orderBy('version').execute();
  assert.deepEqual(
    hist.map((h) => h.status),
    ['reported', 'verified', 'classified', 'rectifying'],
  );
  assert.equal(hist.filter((h) => h.valid_to === null).length, 1);
  const forbidden = await act('inspector_a', { action: 'reopen', version: v, reason: 'x' }, 403);
  assert.equal(forbidden.code, 'case.role_forbidden');
});

test('registry edits need the current version and are recorded', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 6);
  const c = await create('officer_a', caseBody(lon, lat));
  const r = await t.req('officer_a', {
    method: 'PATCH',
    url: `/api/cases/${c.id}`,
    payload: {
      version: 1,
      areaM2: 88.5,
      floors: 2,
      footprint: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + 0.0002, lat],
            [lon + 0.0002, lat + 0.0002],
            [lon, lat + 0.0002],
            [lon, lat],
          ],
        ],
      },
    },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().areaM2, 88.5);
  assert.equal(r.json().version, 2);
  const again = await t.req('officer_a', { method: 'PATCH', url: `/api/cases/${c.id}`, payload: { version: 1, areaM2: 1 } });
  assert.equal(again.statusCode, 409);
  const byInspector = await t.req('inspector_a', { method: 'PATCH', url: `/api/cases/${c.id}`, payload: { version: 2, areaM2: 1 } });
  assert.equal(byInspector.statusCode, 403);
  const d = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}` })).json();
  assert.equal(d.footprint.type, 'MultiPolygon');
  const ev = d.timeline.find((e: { kind: string }) => e.kind === 'fields_changed');
  assert.deepEqual(ev.data.changes.areaM2, { from: 120, to: 88.5 });
});

test('external references are unique per source system', async () => {
  const [lon, lat] = t.pointIn(TOWN_B, 2);
  const body = caseBody(lon, lat, { source: 'provincial', externalRefs: [{ system: 'provincial', externalId: 'ZJ-0001' }] });
  await create('city', body);
  const dup = await t.req('city', { method: 'POST', url: '/api/cases', payload: body });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'case.external_ref_taken');
});

test('divisions: tree, GeoJSON boundaries and point-in-polygon', async () => {
  const list = (await t.req('officer_a', { method: 'GET', url: '/api/divisions' })).json().items;
  assert.equal(list.length, 146);
  assert.equal(list.filter((d: { level: string }) => d.level === 'town').length, 9);
  assert.ok(list.find((d: { code: string }) => d.code === TOWN_A).inJurisdiction, 'list.find((d: { code: string }) => d.code === TOWN_A).inJurisdiction');
  assert.equal(list.find((d: { code: string }) => d.code === TOWN_B).inJurisdiction, false);
  const fc = (await t.req('city', { method: 'GET', url: '/api/divisions?format=geojson&level=town' })).json();
  assert.equal(fc.features.length, 9);
  assert.equal(fc.features[0].geometry.type, 'MultiPolygon');
  assert.equal(fc.features[0].properties.boundarySynthetic, true);
  const [lon, lat] = t.pointIn(TOWN_B, 0);
  const loc = (await t.req('city', { method: 'GET', url: `/api/divisions/locate?lon=${lon}&lat=${lat}` })).json();
  assert.equal(loc.townCode, TOWN_B);
});

test('a deferred case returns for a new decision at its review date', async () => {
  const { createDeps } = await import('../../src/deps.js');
  const { ManualClock } = await import('../../src/platform/clock.js');
  const [lon, lat] = t.pointIn(TOWN_A, 7);
  const c = await create('officer_a', caseBody(lon, lat));
  const act = (body: Record<string, unknown>) => t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: body });
  const v = (await act({ action: 'verify', version: 1 })).json().version;
  const review = new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10);
  const d = await act({ action: 'classify', version: v, disposalClass: 'defer', deferReason: '待规划明确', reviewDate: review, reason: '规划调整区域内,暂缓至规划明确' });
  assert.equal(d.statusCode, 200, d.body);
  assert.equal((await act({ action: 'start_rectification', version: d.json().version })).statusCode, 422);
  assert.equal(await t.deps.services.cases.reviewDue(), 0, 'not due yet');
  const later = createDeps(t.deps.config, t.db, { clock: new ManualClock(new Date(Date.now() + 11 * 86400_000)) });
  assert.equal(await later.services.cases.reviewDue(), 1);
  const after = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${c.id}` })).json();
  assert.equal(after.status, 'verified');
  assert.equal(after.disposalClass, null);
  assert.equal(after.timeline.at(-1).kind, 'review_due');
});

test('the history answers "what was true at the end of that month"', async () => {
  const { createDeps } = await import('../../src/deps.js');
  const { ManualClock } = await import('../../src/platform/clock.js');
  const clock = new ManualClock(new Date('2026-03-10T02:00:00Z'));
  const d = createDeps(t.deps.config, t.db, { clock });
  const officer = (await d.services.users.actorForToken(t.tokens.officer_a))!;
  const [lon, lat] = t.pointIn(TOWN_A, 8);
  const c = (await d.services.cases.create(officer, { ...caseBody(lon, lat), source: 'patrol', areaM2: 50 } as any)).case;
  clock.set(new Date('2026-04-15T02:00:00Z'));
  let v = (await d.services.cases.act(officer, c.id, 'verify', c.version, {})) as { version: number };
  clock.set(new Date('2026-05-20T02:00:00Z'));
  v = (await d.services.cases.update(officer, c.id, v.version, { areaM2: 75 })) as { version: number };
  clock.set(new Date('2026-06-05T02:00:00Z'));
  await d.services.cases.act(officer, c.id, 'classify', v.version, { disposalClass: 'demolish' });
  const at = async (iso: string) => (await d.repos.cases.asOf(officer.divisionPath, new Date(iso))).find((h) => h.case_id === c.id);
  assert.equal(await at('2026-02-28T16:00:00Z'), undefined, 'did not exist yet');
  assert.equal((await at('2026-03-31T16:00:00Z'))!.status, 'reported');
  const april = (await at('2026-04-30T16:00:00Z'))!;
  assert.equal(april.status, 'verified');
  assert.equal(april.area_m2, 50);
  const may = (await at('2026-05-31T16:00:00Z'))!;
  assert.equal(may.area_m2, 75);
  assert.equal(may.status, 'verified');
  const june = (await at('2026-06-30T16:00:00Z'))!;
  assert.equal(june.status, 'classified');
  assert.equal(june.disposal_class, 'demolish');
});

test('a case reported at 00:30 on 1 January China time is numbered in the new year, whatever the server time zone', async () => {
  const { createDeps } = await import('../../src/deps.js');
  const { ManualClock } = await import('../../src/platform/clock.js');
  const tz = process.env.TZ;
  // a server on UTC: it is still 31 December there
  process.env.TZ = 'UTC';
  try {
    const d = createDeps(t.deps.config, t.db, { clock: new ManualClock(new Date('2026-12-31T16:30:00Z')) });
    // the session was opened by the wall clock: by this one it would have expired
    const officer = (await t.deps.services.users.actorForToken(t.tokens.officer_a))!;
    const [lon, lat] = t.pointIn(TOWN_A, 9);
    const c = (await d.services.cases.create(officer, { ...caseBody(lon, lat), source: 'patrol' } as any)).case;
    assert.match(c.caseNo, /^PH-2027-\d+$/);
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
});
