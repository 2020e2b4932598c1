import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, type TestContext } from '../support/context.js';
import { alertsApi, type Json } from '../support/alerts.js';

// Supervision of public power (issue 21, third slice): a rebuild reported where a case was closed as demolished,
// a case past its deadline that nobody touches, a supervision notice (督办单) left unanswered. Each situation is
// built through the API and raises exactly one alert (judging again raises no second); the nearest innocent
// neighbour raises none. The thresholds are the rules' settings (the unit tests move them).

const api = alertsApi();
let t: TestContext;
before(async () => {
  t = await api.context();
});
const { req, get, act, version, rectifying, afterPhoto, close, exactlyOne, none, userId, later, clock } = api;

async function reportAt(lon: number, lat: number, extra: Json = {}) {
  const r = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), lon, lat };
}
let spread = 0;
/** A report in one of town A's villages, a few metres from the last one there. */
async function report(extra: Json = {}) {
  const k = spread % 8;
  spread++;
  const [lon, lat] = t.pointIn('330482102', k);
  return reportAt(lon + spread * 0.00005, lat, extra);
}
async function closedAs(c: { id: string; lon: number; lat: number }, cls: 'demolish' | 'remedy', seed: number) {
  await rectifying(c, cls);
  await afterPhoto(c, seed);
  await close(c.id);
}

test('k. a rebuild reported 10 m from a case closed as demolished: one alert naming the closing and who did it; near a remedied case, or 100 m away, none', async () => {
  const demolished = await report();
  await closedAs(demolished, 'demolish', 1);
  const rebuilt = await reportAt(demolished.lon + 0.0001, demolished.lat);
  await act('officer_a', rebuilt.id, 'verify');
  const a = await exactlyOne(rebuilt.id, 'rebuild_after_demolition', 'change');
  assert.equal(a.severity, 'high');
  assert.deepEqual(a.caseIds, [demolished.id, rebuilt.id]);
  assert.deepEqual([...a.userIds].sort(), [await userId('officer_a'), await userId('city')].sort());
  assert.match(a.summary, new RegExp(`${demolished.caseNo} 于 .* 拆除销号.*米处又报告了 ${rebuilt.caseNo}`));
  // a second report of the same rebuild is the same situation
  const again = await reportAt(demolished.lon, demolished.lat + 0.0001);
  await act('officer_a', again.id, 'reject', { reason: '同一处复建' });
  await none(again.id, 'rebuild_after_demolition');

  // innocent: a report 10 m from a case closed as remedied (整改补办: the building stays), and one 100 m from the demolition
  const remedied = await report();
  await closedAs(remedied, 'remedy', 2);
  const beside = await reportAt(remedied.lon + 0.0001, remedied.lat);
  await act('officer_a', beside.id, 'verify');
  await none(beside.id, 'rebuild_after_demolition');
  const far = await reportAt(demolished.lon + 0.00105, demolished.lat);
  await act('officer_a', far.id, 'verify');
  await none(far.id, 'rebuild_after_demolition');
});

test('i. a verified case past its deadline that nobody touches for 30 days: one alert naming the owner; a case acted on 10 days ago, none', async () => {
  clock.set(new Date());
  api.onClock = true;
  try {
    await later(0);
    const idle = await report({ ownerKind: 'enterprise', enterpriseName: '某某五金加工厂' });
    const moving = await report();
    for (const c of [idle, moving]) await act('officer_a', c.id, 'verify');
    // the classification is due within 10 working days; 40 days later the officer edits one case, then both wait 10 days
    await later(40);
    const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${moving.id}`, payload: { version: await version(moving.id), areaM2: 130 } });
    assert.equal(r.statusCode, 200, r.body);
    await later(10);
    const a = await exactlyOne(idle.id, 'overdue_idle', 'sweep');
    assert.deepEqual(a.caseIds, [idle.id]);
    assert.deepEqual(a.userIds, [await userId('officer_a')], "the town's officer whose work it is");
    assert.ok(a.summary.startsWith(`${idle.caseNo}(当事人:某某五金加工厂)处于“已立案待定性”`), a.summary);
    assert.match(a.summary, /期限 \d{4}-\d{2}-\d{2} 已逾期 \d+ 天,最后一次办理在 [\d-]+,已 \d+ 天无任何办理动作$/);
    await none(moving.id, 'overdue_idle');
  } finally {
    api.onClock = false;
  }
});

test('j. a supervision notice line not answered 3 days after its reply date: one alert to the town officers; a line answered in time, none', async () => {
  clock.set(new Date());
  api.onClock = true;
  try {
    await later(0);
    const ignored = await report();
    const answered = await report();
    for (const c of [ignored, answered]) await act('officer_a', c.id, 'verify');
    await later(20);
    const swept = await api.clocked.deps.services.supervision.sweepOverdue();
    assert.ok(swept.issued >= 2, JSON.stringify(swept));
    const lineOf = async (caseId: string) => ((await get('officer_a', `/api/notices?caseId=${caseId}`)).items as Json[])[0];
    const line = await lineOf(answered.id);
    const r = await req('officer_a', { method: 'POST', url: `/api/notices/${line.id}/reply`, payload: { text: '已督促整改,本周内立案定性' } });
    assert.equal(r.statusCode, 200, r.body);
    // the reply date is 3 working days after the notice; 10 days later the other line is still waiting
    await later(10);
    const a = await exactlyOne(ignored.id, 'notice_unanswered', 'sweep');
    const notice = await lineOf(ignored.id);
    assert.deepEqual(a.userIds, [await userId('officer_a')]);
    assert.match(a.summary, new RegExp(`镇级督办单 ${notice.noticeNo.replace(/[〔〕()]/g, '.')}.*至今未答复`));
    await none(answered.id, 'notice_unanswered');
  } finally {
    api.onClock = false;
  }
});
