import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';

// The map's view without its legend (`legend=false`) and the legend apart (`/api/cases/map/legend`): the
// web app asks for the view at every move and for the legend once per filter. Both must say what the
// combined answer says, inside the jurisdiction, and see every case write at once.
let t: TestContext;
const ids: string[] = [];
const VIEW = 'view=120.8,30.5,121.4,30.95';
before(async () => {
  t = await createTestContext();
  for (const [town, n, extra] of [
    [TOWN_A, 0, { source: 'census_import' }],
    [TOWN_A, 1, {}],
    [TOWN_A, 2, {}],
    [TOWN_B, 0, {}],
    [TOWN_B, 1, { source: 'census_import' }],
  ] as const) {
    const [lon, lat] = t.pointIn(town, n);
    const r = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
    assert.equal(r.statusCode, 201, r.body);
    ids.push(r.json().id);
  }
});
after(() => t.close());

const get = async (user: string, url: string) => {
  const r = await t.req(user, { method: 'GET', url });
  return { status: r.statusCode, json: r.json() };
};

test('legend=false: the same view without the legend; the legend apart counts what the combined answer counts', async () => {
  const filters = ['', '&status=reported', '&status=verified,reported', `&division=${TOWN_A}`, '&origin=stock', '&maxPoints=1', `&division=${TOWN_B}&status=verified`];
  for (const f of filters) {
    const both = await get('city', `/api/cases/map?${VIEW}&zoom=10${f}`);
    const view = await get('city', `/api/cases/map?${VIEW}&zoom=10${f}&legend=false`);
    assert.equal(both.status, 200, f);
    assert.equal(view.status, 200, f);
    assert.ok(!('byStatus' in view.json) && !('total' in view.json), `no legend with legend=false (${f})`);
    const { byStatus, total, ...rest } = both.json;
    assert.deepEqual(view.json, rest, `the same view (${f})`);
    const legendFilters = f.replace('&maxPoints=1', '');
    const legend = await get('city', `/api/cases/map/legend?${legendFilters.slice(1)}`);
    assert.equal(legend.status, 200, f);
    assert.deepEqual(legend.json, { total, byStatus }, `the same legend (${f})`);
    assert.equal(
      total,
      Object.values(byStatus as Record<string, number>).reduce((a, b) => a + b, 0),
      f,
    );
  }
  const all = (await get('city', '/api/cases/map/legend')).json;
  assert.deepEqual(all, { total: 5, byStatus: { reported: 3, verified: 2 } });
  const explicit = await get('city', `/api/cases/map?${VIEW}&zoom=10&legend=true`);
  assert.equal(explicit.json.total, 5, 'legend=true is the default');
});

test('the legend inside the jurisdiction: a town officer counts the own town only; another town is outside', async () => {
  assert.deepEqual((await get('officer_a', '/api/cases/map/legend')).json, { total: 3, byStatus: { reported: 2, verified: 1 } });
  const other = (await get('officer_a', `/api/cases/map/legend?division=${TOWN_B}`)).json;
  assert.equal(other.total, 0, 'a town outside the jurisdiction selects nothing');
  const view = (await get('officer_a', `/api/cases/map?${VIEW}&zoom=11&legend=false`)).json;
  assert.equal(view.inView, 3);
});

test('every case write is in the next legend and the next view (nothing kept between requests)', async () => {
  const before = (await get('city', '/api/cases/map/legend')).json;
  const [lon, lat] = t.pointIn(TOWN_B, 2);
  const made = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(made.statusCode, 201, made.body);
  const id = made.json().id as string;
  const afterCreate = (await get('city', '/api/cases/map/legend')).json;
  assert.equal(afterCreate.total, before.total + 1);
  assert.equal(afterCreate.byStatus.reported, before.byStatus.reported + 1);
  const view = (await get('city', `/api/cases/map?${VIEW}&zoom=11&legend=false`)).json;
  assert.ok(
    view.points.some((p: { id: string }) => p.id === id),
    'the new case is a point of the next view',
  );

  const d = (await t.req('city', { method: 'GET', url: `/api/cases/${id}` })).json();
  const rej = await t.req('city', { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action: 'reject', version: d.version, reason: '经核查不属于违建' } });
  assert.equal(rej.statusCode, 200, rej.body);
  const afterReject = (await get('city', '/api/cases/map/legend')).json;
  assert.equal(afterReject.byStatus.rejected, 1);
  assert.equal(afterReject.byStatus.reported, before.byStatus.reported);
  const rejected = (await get('city', `/api/cases/map?${VIEW}&zoom=11&legend=false&status=rejected`)).json;
  assert.deepEqual(
    rejected.points.map((p: { id: string }) => p.id),
    [id],
  );
});

test('bad input: legend is true or false; the legend takes the list filters only', async () => {
  assert.equal((await get('city', `/api/cases/map?${VIEW}&zoom=11&legend=maybe`)).status, 400);
  assert.equal((await get('city', '/api/cases/map/legend?view=1,2,3,4')).status, 400, 'no view on the legend');
  const bad = await get('city', '/api/cases/map/legend?division=330482999');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.code, 'case.unknown_division');
  assert.equal((await t.req(null, { method: 'GET', url: '/api/cases/map/legend' })).statusCode, 401);
});
