import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';

// Every case endpoint, called by a town officer of another town: 404 and never the data.
let t: TestContext;
let caseA: { id: string; caseNo: string };
let photoId: string;
before(async () => {
  t = await createTestContext();
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  caseA = (await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).json();
  const img = await jpegWithExif({ lon, lat, at: new Date() });
  const mp = multipart({ stage: 'before' }, [{ name: 'photo', filename: 'a.jpg', type: 'image/jpeg', data: img }]);
  const up = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${caseA.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 201, up.body);
  photoId = up.json().items[0].id;
});
after(() => t.close());

const notLeaking = (body: string) => {
  assert.ok(!body.includes(caseA.caseNo), 'response must not contain the case');
};

test('outsider: detail, edit, action, photo list, photo upload and photo bytes are all 404', async () => {
  const img = await jpegWithExif({ lon: 121, lat: 30.7, at: new Date(), seed: 9 });
  const mp = multipart({ stage: 'during' }, [{ name: 'photo', filename: 'b.jpg', type: 'image/jpeg', data: img }]);
  const calls = [
    { method: 'GET', url: `/api/cases/${caseA.id}` },
    { method: 'PATCH', url: `/api/cases/${caseA.id}`, payload: { version: 1, areaM2: 1 } },
    { method: 'POST', url: `/api/cases/${caseA.id}/actions`, payload: { action: 'verify', version: 1 } },
    { method: 'GET', url: `/api/cases/${caseA.id}/photos` },
    { method: 'POST', url: `/api/cases/${caseA.id}/photos`, payload: mp.payload, headers: mp.headers },
    { method: 'GET', url: `/api/photos/${photoId}/original` },
    { method: 'GET', url: `/api/photos/${photoId}/display` },
    { method: 'GET', url: `/api/photos/${photoId}/thumbnail` },
  ] as const;
  for (const c of calls) {
    for (const user of ['officer_b', 'inspector_b']) {
      const r = await t.req(user, c as any);
      assert.equal(r.statusCode, 404, `${user} ${c.method} ${c.url}: ${r.statusCode} ${r.body}`);
      assert.match(r.json().code, /not_found/);
      notLeaking(r.body);
    }
  }
  // nothing was written by the refused calls
  const d = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${caseA.id}` })).json();
  assert.equal(d.version, 1);
  assert.equal(d.status, 'reported');
  assert.equal(d.photos.length, 1);
});

test('outsider: the case is absent from lists, GeoJSON, bbox and text search', async () => {
  for (const url of ['/api/cases', '/api/cases?format=geojson', `/api/cases?q=${caseA.caseNo}`, `/api/cases?division=${TOWN_A}`, '/api/cases?bbox=120,30,122,31']) {
    const r = await t.req('officer_b', { method: 'GET', url });
    assert.equal(r.statusCode, 200);
    notLeaking(r.body);
  }
  const own = (await t.req('officer_a', { method: 'GET', url: `/api/cases?q=${caseA.caseNo}` })).json();
  assert.equal(own.total, 1);
  const city = (await t.req('city', { method: 'GET', url: `/api/cases?q=${caseA.caseNo}` })).json();
  assert.equal(city.total, 1);
});

test('insider with the wrong role: 403 with the reason', async () => {
  const verify = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${caseA.id}/actions`, payload: { action: 'verify', version: 1 } });
  assert.equal(verify.statusCode, 403);
  assert.match(verify.json().message, /无权/);
  const edit = await t.req('supervisor', { method: 'PATCH', url: `/api/cases/${caseA.id}`, payload: { version: 1, areaM2: 1 } });
  assert.equal(edit.statusCode, 403);
  const img = await jpegWithExif({ lon: 121, lat: 30.7, at: new Date(), seed: 11 });
  const mp = multipart({ stage: 'during' }, [{ name: 'photo', filename: 'c.jpg', type: 'image/jpeg', data: img }]);
  const up = await t.req('supervisor', { method: 'POST', url: `/api/cases/${caseA.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 403);
  const create = await t.req('supervisor', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A)) });
  assert.equal(create.statusCode, 403);
  const audit = await t.req('officer_a', { method: 'GET', url: '/api/audit/verify' });
  assert.equal(audit.statusCode, 403);
});

test('an unknown case id is the same 404 as a foreign one', async () => {
  const r = await t.req('officer_b', { method: 'GET', url: '/api/cases/00000000-0000-4000-8000-000000000000' });
  assert.equal(r.statusCode, 404);
  const foreign = await t.req('officer_b', { method: 'GET', url: `/api/cases/${caseA.id}` });
  assert.deepEqual(r.json(), foreign.json());
});
