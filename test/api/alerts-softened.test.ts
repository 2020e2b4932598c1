import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, TOWN_A, type TestContext } from '../support/context.js';
import { alertsApi, DAY, type Json } from '../support/alerts.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';

// 处置决定被改轻 (disposal_softened) over every pair of classes: the classes rank 拆除 > 整改补办 > 暂缓, and each
// move to a softer class is one alert (整改补办 → 暂缓 after a reopening too); a move to a harder one (暂缓 → 拆除
// or → 整改补办 at the review date, 整改补办 → 拆除 after a reopening) or to the same class raises none. Built
// through the API: the case is reopened after its closing, or its deferral's review date comes on the test's clock.

const api = alertsApi();
let t: TestContext;
before(async () => {
  t = await api.context();
});
const { clock, req, now, get, act, close, later } = api;
const RULE = 'disposal_softened';
const exactlyOne = (caseId: string) => api.exactlyOne(caseId, RULE);
const none = (caseId: string) => api.none(caseId, RULE);

let spread = 0;
async function report() {
  const [lon, lat] = t.pointIn(TOWN_A, spread % 8);
  spread++;
  const p = { lon: lon + spread * 0.0003, lat };
  const r = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(p.lon, p.lat) });
  assert.equal(r.statusCode, 201, r.body);
  const c = { ...(r.json() as { id: string; caseNo: string }), ...p };
  await act('officer_a', c.id, 'verify');
  return c;
}
const classify = (id: string, cls: 'demolish' | 'remedy' | 'defer', reason = '测试') =>
  act('officer_a', id, 'classify', {
    disposalClass: cls,
    remedyRef: cls === 'remedy' ? '平自然资规补〔2026〕7号' : undefined,
    deferReason: cls === 'defer' ? '涉及民生,暂缓处置' : undefined,
    reviewDate: cls === 'defer' ? chinaDay(new Date(now().getTime() + 2 * DAY)) : undefined,
    reason,
  });
/** Rectified with a sound 'after' photo, closed by the city, then reopened for a new decision. */
async function closeAndReopen(c: { id: string; lon: number; lat: number }, seed: number) {
  await act('officer_a', c.id, 'start_rectification');
  const mp = multipart({ stage: 'after' }, [
    { name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data: await jpegWithExif({ lon: c.lon, lat: c.lat, at: new Date(now().getTime() + 5000), seed }) },
  ]);
  const r = await req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
  await close(c.id);
  await act('officer_a', c.id, 'reopen', { reason: '复查发现问题,重新定性' });
}
/** The deferral's review date passes on the test's clock: the case returns for a new decision (暂缓到期复议). */
async function reviewDue() {
  await later(3, ['officer_a', 'inspector_a', 'city', 'supervisor']);
  await api.clocked.deps.services.cases.reviewDue();
}

test('a remedy (整改补办) reclassified as a deferral (暂缓) after a reopening: one alert naming both classes and who changed it', async () => {
  const c = await report();
  await classify(c.id, 'remedy');
  await closeAndReopen(c, 41);
  await classify(c.id, 'defer', '复议后暂缓');
  const a = await exactlyOne(c.id);
  assert.equal(a.severity, 'high');
  assert.deepEqual(a.caseIds, [c.id]);
  assert.match(a.summary, new RegExp(`^${c.caseNo} 于 .* 定性为整改补办,.* 由 .* 改为暂缓$`));
  const officer = ((await get('admin', '/api/users')).items as Json[]).find((u) => u.username === 'officer_a')!;
  assert.deepEqual(a.userIds, [officer.id]);
  // the rule's description says what it watches now
  const rule = ((await get('admin', '/api/alert-rules')).items as Json[]).find((r) => r.code === RULE)!;
  assert.match(rule.description, /“整改补办”改为“暂缓”/);
});

test('a demolition reclassified as a remedy still raises one; a remedy reclassified as a demolition, or as a remedy again, raises none', async () => {
  const softer = await report();
  await classify(softer.id, 'demolish');
  await closeAndReopen(softer, 42);
  await classify(softer.id, 'remedy', '复议');
  const a = await exactlyOne(softer.id);
  assert.match(a.summary, /定性为拆除,.* 改为整改补办$/);

  const harder = await report();
  await classify(harder.id, 'remedy');
  await closeAndReopen(harder, 43);
  await classify(harder.id, 'demolish', '复查发现不具备补办条件');
  await none(harder.id);

  const same = await report();
  await classify(same.id, 'remedy');
  await closeAndReopen(same, 44);
  await classify(same.id, 'remedy', '维持');
  await none(same.id);
});

test('a deferral decided as a demolition or a remedy at its review date raises none; deferred again raises none either (that is 暂缓反复延期)', async () => {
  clock.set(new Date());
  api.onClock = true;
  try {
    await reviewDue();
    const toDemolish = await report();
    const toRemedy = await report();
    const again = await report();
    for (const c of [toDemolish, toRemedy, again]) await classify(c.id, 'defer');
    await reviewDue();
    await classify(toDemolish.id, 'demolish', '到期复议,决定拆除');
    await classify(toRemedy.id, 'remedy', '到期复议,补办手续');
    await classify(again.id, 'defer', '继续暂缓');
    for (const c of [toDemolish, toRemedy, again]) await none(c.id);
  } finally {
    api.onClock = false;
  }
});
