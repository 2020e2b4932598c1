import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, type TestContext } from '../support/context.js';
import { alertsApi } from '../support/alerts.js';

// The rebuild rule (拆除销号后复建) judges closings, not a case's status now: its lookup reads the cases closed as
// demolished by their own index, and so must still find a closing as demolished whose case was reopened since
// (重新立案, closed → verified), or reopened, remedied and closed again.

const api = alertsApi();
let t: TestContext;
before(async () => {
  t = await api.context();
});
const { req, act, afterPhoto, close, evaluate, sweep, alertsOn } = api;
async function reportAt(lon: number, lat: number) {
  const r = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), lon, lat };
}
/** Classified as `cls` and closed (from verified). */
async function closeAs(c: { id: string; lon: number; lat: number }, cls: 'demolish' | 'remedy', seed: number) {
  await act('officer_a', c.id, 'classify', { disposalClass: cls, remedyRef: cls === 'remedy' ? '平自然资规补〔2026〕1号' : undefined, reason: '测试' });
  await act('officer_a', c.id, 'start_rectification');
  await afterPhoto(c, seed);
  await close(c.id);
}
async function rebuildAlerts(caseId: string) {
  await evaluate();
  await sweep();
  return alertsOn(caseId, 'rebuild_after_demolition');
}

test('a closing as demolished still counts once its case is reopened (复建), and once reopened, remedied and closed again', async () => {
  const [lon, lat] = t.pointIn('330482102', 3);
  const reopened = await reportAt(lon, lat);
  await act('officer_a', reopened.id, 'verify');
  await closeAs(reopened, 'demolish', 11);
  await act('officer_a', reopened.id, 'reopen', { reason: '复建' });
  const near1 = await reportAt(lon + 0.0001, lat);
  await act('officer_a', near1.id, 'verify');
  const a = await rebuildAlerts(near1.id);
  assert.equal(a.length, 1, JSON.stringify(a));
  assert.deepEqual(a[0].caseIds, [reopened.id, near1.id]);

  // the same case remedied and closed again: its first closing (as demolished) is the one questioned, its second is not
  const [lon2, lat2] = t.pointIn('330482102', 6);
  const twice = await reportAt(lon2, lat2);
  await act('officer_a', twice.id, 'verify');
  await closeAs(twice, 'demolish', 12);
  await act('officer_a', twice.id, 'reopen', { reason: '复建' });
  await closeAs(twice, 'remedy', 13);
  const near2 = await reportAt(lon2, lat2 + 0.0001);
  await act('officer_a', near2.id, 'verify');
  const b = await rebuildAlerts(near2.id);
  assert.equal(b.length, 1, JSON.stringify(b));
  assert.deepEqual(b[0].caseIds, [twice.id, near2.id]);
});
