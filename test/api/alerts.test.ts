import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import sharp from 'sharp';
import { caseBody, PASSWORD, TOWN_A, type TestContext } from '../support/context.js';
import { alertsApi, type Json } from '../support/alerts.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';

// Supervision of public power (issue 21, first slice): each rule's situation built through the API raises exactly
// one alert (and judging again raises no second); the nearest innocent situation raises none; thresholds come from
// the settings; only supervisors see alerts, never those about themselves; every step is audited.

const api = alertsApi();
let t: TestContext;
before(async () => {
  t = await api.context();
});
const { clock, req, get, version, act, rectifying, close, evaluate, alertsOn, exactlyOne, none } = api;
let village = 0;
async function report(user = 'inspector_a', extra: Json = {}) {
  const [lon, lat] = t.pointIn(TOWN_A, village++ % 8);
  // a few metres apart inside the village, so no two cases share a point
  const p = { lon: lon + village * 0.0003, lat };
  const r = await req(user, { method: 'POST', url: '/api/cases', payload: caseBody(p.lon, p.lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return { ...(r.json() as { id: string; caseNo: string }), ...p };
}
async function upload(id: string, data: Buffer, fields: Record<string, string> = {}) {
  const mp = multipart({ stage: 'after', ...fields }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await req('inspector_a', { method: 'POST', url: `/api/cases/${id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
const soon = (s = 5) => new Date(Date.now() + s * 1000);
/** A photo with no EXIF at all (a screenshot, an edited or forwarded picture). */
const plainJpeg = (seed: number) =>
  sharp({ create: { width: 200, height: 150, channels: 3, background: { r: seed % 255, g: (seed * 7) % 255, b: 90 } } })
    .jpeg()
    .toBuffer();

test('a. closing: an after photo with no camera EXIF, or taken far away, or before the decision; a sound photo raises nothing', async () => {
  // no EXIF at all: the device's time and place pass the workflow, the closing is flagged
  const noExif = await report();
  await rectifying(noExif);
  await upload(noExif.id, await plainJpeg(1), { capturedAt: soon().toISOString(), lon: String(noExif.lon), lat: String(noExif.lat) });
  await close(noExif.id);
  const a = await exactlyOne(noExif.id, 'closing_weak_evidence');
  assert.equal(a.severity, 'high');
  assert.match(a.summary, /无相机 EXIF/);

  // a remedy closed on a camera photo taken about 1 km from the case
  const far = await report();
  await rectifying(far);
  await upload(far.id, await jpegWithExif({ lon: far.lon + 0.01, lat: far.lat, at: soon(), seed: 11 }));
  await close(far.id);
  const f = await exactlyOne(far.id, 'closing_weak_evidence');
  assert.match(f.summary, /距案件 \d{3,4} 米/);

  // a camera photo from two days before the decision, next to one without EXIF that only the device dates
  const old = await report();
  await rectifying(old);
  await upload(old.id, await jpegWithExif({ lon: old.lon, lat: old.lat, at: new Date(Date.now() - 2 * 86400_000), seed: 12 }));
  await upload(old.id, await plainJpeg(2), { capturedAt: soon().toISOString() });
  await close(old.id);
  const o = await exactlyOne(old.id, 'closing_weak_evidence');
  const detail = await get('supervisor', `/api/alerts/${o.id}`);
  const problems = (detail.photos as Json[]).flatMap((p) => p.problems.map((x: Json) => x.code));
  assert.ok(problems.includes('before_decision'), problems.join());

  // innocent: a camera photo at the place, after the decision; requested by the town, approved by the city
  const ok = await report();
  await rectifying(ok, 'demolish');
  await upload(ok.id, await jpegWithExif({ lon: ok.lon + 0.0001, lat: ok.lat, at: soon(), seed: 13 }));
  await close(ok.id);
  await none(ok.id, 'closing_weak_evidence');
  await none(ok.id, 'separation_of_duties');
});

test('b. separation of duties: the reporter verifies or rejects his own report, or requests its closing; one person requests and approves a closing', async () => {
  const self = await report('officer_a');
  await act('officer_a', self.id, 'verify');
  const s = await exactlyOne(self.id, 'separation_of_duties');
  assert.match(s.summary, /本人立案/);
  assert.deepEqual(
    s.users.map((u: Json) => u.displayName),
    ['officer_a'],
  );

  const both = await report();
  await rectifying(both);
  await upload(both.id, await jpegWithExif({ lon: both.lon, lat: both.lat, at: soon(), seed: 21 }));
  await close(both.id, 'city', 'city');
  const b = await exactlyOne(both.id, 'separation_of_duties');
  assert.match(b.summary, /既申请销号又审核通过/);

  // the reporter rejects his own report (不予立案)
  const selfReject = await report('officer_a');
  await act('officer_a', selfReject.id, 'reject', { reason: '经核实不属于违建' });
  const r = await exactlyOne(selfReject.id, 'separation_of_duties');
  assert.match(r.summary, /又由其本人不予立案/);

  // the reporter requests the closing of his own report (the city verified it and approves the closing)
  const selfClose = await report('officer_a');
  await act('city', selfClose.id, 'verify');
  await act('officer_a', selfClose.id, 'classify', { disposalClass: 'remedy', remedyRef: '平自然资规补〔2026〕3号', reason: '测试' });
  await act('officer_a', selfClose.id, 'start_rectification');
  await upload(selfClose.id, await jpegWithExif({ lon: selfClose.lon, lat: selfClose.lat, at: soon(), seed: 23 }));
  await close(selfClose.id);
  const sc = await exactlyOne(selfClose.id, 'separation_of_duties');
  assert.match(sc.summary, /上报人 officer_a 本人申请销号/);
  assert.ok(!/既申请销号又审核通过/.test(sc.summary), sc.summary);

  // innocent: an inspector reports, the town verifies
  const fine = await report();
  await act('officer_a', fine.id, 'verify');
  await none(fine.id, 'separation_of_duties');

  // innocent: a point the province sent, registered by the city office, which later approves its closing
  const sent = await report('city', { source: 'provincial' });
  const got = await get('city', `/api/cases/${sent.id}`);
  if (got.status === 'reported') await act('officer_a', sent.id, 'verify');
  await act('officer_a', sent.id, 'classify', { disposalClass: 'remedy', remedyRef: '平自然资规补〔2026〕2号', reason: '测试' });
  await act('officer_a', sent.id, 'start_rectification');
  await upload(sent.id, await jpegWithExif({ lon: sent.lon, lat: sent.lat, at: soon(), seed: 22 }));
  await close(sent.id);
  await none(sent.id, 'separation_of_duties');
});

test('c. a demolition softened to deferral or to remedy after a reopening; kept as demolition raises nothing', async () => {
  const build = async (seed: number) => {
    const c = await report();
    await rectifying(c, 'demolish');
    await upload(c.id, await jpegWithExif({ lon: c.lon, lat: c.lat, at: soon(), seed }));
    await close(c.id);
    await act('officer_a', c.id, 'reopen', { reason: '复建' });
    return c;
  };
  const soft = await build(31);
  await act('officer_a', soft.id, 'classify', {
    disposalClass: 'defer',
    deferReason: '涉及民生,暂缓处置',
    reviewDate: chinaDay(new Date(Date.now() + 30 * 86400_000)),
    reason: '复议',
  });
  const a = await exactlyOne(soft.id, 'disposal_softened');
  assert.match(a.summary, /定性为拆除.*改为暂缓/);

  // softened to remedy (整改补办) just the same
  const toRemedy = await build(33);
  await act('officer_a', toRemedy.id, 'classify', { disposalClass: 'remedy', remedyRef: '平自然资规补〔2026〕4号', reason: '复议' });
  const m = await exactlyOne(toRemedy.id, 'disposal_softened');
  assert.match(m.summary, /定性为拆除.*改为整改补办/);

  const kept = await build(32);
  await act('officer_a', kept.id, 'classify', { disposalClass: 'demolish', reason: '维持' });
  await none(kept.id, 'disposal_softened');
});

test('c. the area cut after classification by both thresholds; a small cut, or a cut before classification, raises nothing; the threshold is read from the settings', async () => {
  const patch = async (id: string, areaM2: number) => {
    const r = await t.req('officer_a', { method: 'PATCH', url: `/api/cases/${id}`, payload: { version: await version(id), areaM2 } });
    assert.equal(r.statusCode, 200, r.body);
  };
  const cut = await report();
  await act('officer_a', cut.id, 'verify');
  await act('officer_a', cut.id, 'classify', { disposalClass: 'demolish', reason: '测试' });
  await patch(cut.id, 60);
  const a = await exactlyOne(cut.id, 'area_reduced');
  assert.match(a.summary, /由 120 平方米改为 60 平方米/);

  const early = await report();
  await patch(early.id, 60);
  await act('officer_a', early.id, 'verify');
  await act('officer_a', early.id, 'classify', { disposalClass: 'demolish', reason: '测试' });
  await none(early.id, 'area_reduced');

  // 120 → 115 m² is 4.2 %: under the default 10 % nothing; with the admin's 3 % an alert
  const small = await report();
  await act('officer_a', small.id, 'verify');
  await act('officer_a', small.id, 'classify', { disposalClass: 'demolish', reason: '测试' });
  await patch(small.id, 115);
  await none(small.id, 'area_reduced');

  const rules = await get('admin', '/api/alert-rules');
  const rule = (rules.items as Json[]).find((r) => r.code === 'area_reduced')!;
  assert.deepEqual(rule.thresholds, { minReductionPct: 10, minReductionM2: 5 });
  const put = await t.req('admin', {
    method: 'PUT',
    url: '/api/alert-rules',
    payload: { code: 'area_reduced', enabled: true, severity: 'low', thresholds: { minReductionPct: 3, minReductionM2: 5 }, version: rule.version },
  });
  assert.equal(put.statusCode, 200, put.body);
  const again = await report();
  await act('officer_a', again.id, 'verify');
  await act('officer_a', again.id, 'classify', { disposalClass: 'demolish', reason: '测试' });
  await patch(again.id, 115);
  const low = await exactlyOne(again.id, 'area_reduced');
  assert.equal(low.severity, 'low', 'the severity set with it');

  // the change is audited before → after, and read in zh-CN
  const audit = await get('supervisor', '/api/audit?action=alert_rule.update');
  const rec = audit.items[0];
  assert.match(rec.sentence, /预警规则「定性后调减面积」/);
  const th = rec.changes.find((c: Json) => c.field === 'thresholds');
  assert.match(th.before, /调减比例达到\(%\):10/);
  assert.match(th.after, /调减比例达到\(%\):3/);
  assert.ok(!/alert_rule|area_reduced|minReduction/.test(JSON.stringify([rec.sentence, rec.changes])), 'no code in what is read');

  // thresholds are checked per rule; a stale version is refused
  const bad = await t.req('admin', {
    method: 'PUT',
    url: '/api/alert-rules',
    payload: { code: 'area_reduced', enabled: true, severity: 'low', thresholds: { minReductionPct: 0, radius: 5 }, version: rule.version + 1 },
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.equal(bad.json().code, 'alert_rule.invalid_thresholds');
  const stale = await t.req('admin', {
    method: 'PUT',
    url: '/api/alert-rules',
    payload: { code: 'area_reduced', enabled: true, severity: 'low', thresholds: { minReductionPct: 3, minReductionM2: 5 }, version: rule.version },
  });
  assert.equal(stale.statusCode, 409, stale.body);
});

test('d. the owner’s personal data looked up on a case outside the person’s work, judged once the grace time is over; inside it, or acted on within it, nothing', async () => {
  const rule = 'personal_data_outside_work';
  const hour = 3600_000;
  // the lookups 30 hours ago, judged 3 hours ago: the grace time (24 h) lies between
  const start = Date.now() - 30 * hour;
  clock.set(new Date(start));
  api.onClock = true;
  try {
    const look = (user: string, id: string) => req(user, { method: 'POST', url: `/api/cases/${id}/personal-data`, payload: {} });
    // the city office never touched this fresh report and it is not in its to-do (closings to review)
    const outside = await report();
    assert.equal((await look('city', outside.id)).statusCode, 200);
    // right after the lookup nothing is judged yet: the evaluation waits for the grace time, the sweep skips the lookup
    const queued = await t.db.q.selectFrom('jobs').select('run_at').where('name', '=', 'alerts.evaluate').where(sql<boolean>`payload->>'caseId' = ${outside.id}`).execute();
    assert.deepEqual(
      queued.map((j) => new Date(j.run_at).getTime()),
      [start + 24 * hour],
      'the evaluation is queued for the end of the grace time',
    );
    await none(outside.id, rule);

    // the city looks up another fresh report and verifies it two hours later: it acted within the grace time
    const acted = await report();
    assert.equal((await look('city', acted.id)).statusCode, 200);

    // the town officer verifying a report in his town, and the city reviewing a closing: their work
    clock.set(new Date(start + hour));
    const inTodo = await report();
    assert.equal((await look('officer_a', inTodo.id)).statusCode, 200);
    const review = await report();
    await rectifying(review);
    await upload(review.id, await jpegWithExif({ lon: review.lon, lat: review.lat, at: new Date(clock.now().getTime() + 5000), seed: 41 }));
    await act('officer_a', review.id, 'request_closing');
    assert.equal((await look('city', review.id)).statusCode, 200);
    clock.set(new Date(start + 2 * hour));
    await act('city', acted.id, 'verify');
    await evaluate();
    assert.deepEqual(await alertsOn(outside.id, rule), [], 'still within the grace time');

    // past the grace time: the queued evaluation is due and raises the one alert
    clock.set(new Date(start + 27 * hour));
    const a = await exactlyOne(outside.id, rule);
    assert.deepEqual(a.userIds.length, 1);
    const detail = await get('supervisor', `/api/alerts/${a.id}`);
    const view = (detail.auditRecords as Json[]).find((r) => r.involved);
    assert.ok(view, 'the lookup is among the evidence');
    assert.match(view.sentence, /查看当事人完整信息/);
    await none(acted.id, rule);
    await none(inTodo.id, rule);
    await none(review.id, rule);
  } finally {
    api.onClock = false;
  }
});

test('a supervisor cannot change cases: no workflow step, bulk step, edit, photo or report of his; the cases stay as they were', async () => {
  // a fresh report, a closing waiting for the city's review, and a closed case
  const fresh = await report();
  const waiting = await report();
  await rectifying(waiting);
  await upload(waiting.id, await jpegWithExif({ lon: waiting.lon, lat: waiting.lat, at: soon(), seed: 51 }));
  await act('officer_a', waiting.id, 'request_closing');
  const closed = await report();
  await rectifying(closed, 'demolish');
  await upload(closed.id, await jpegWithExif({ lon: closed.lon, lat: closed.lat, at: soon(), seed: 52 }));
  await close(closed.id);
  const was = await Promise.all([fresh, waiting, closed].map((c) => get('city', `/api/cases/${c.id}`)));

  const tries: [string, string, Json][] = [
    [fresh.id, 'verify', {}],
    [fresh.id, 'reject', { reason: '经核实不属于违建' }],
    [waiting.id, 'approve_closing', {}],
    [waiting.id, 'return_closing', { reason: '证据不足' }],
    [closed.id, 'reopen', { reason: '复建' }],
  ];
  for (const [id, action, extra] of tries) {
    const r = await t.req('supervisor', { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: await version(id), ...extra } });
    assert.equal(r.statusCode, 403, `${action}: ${r.body}`);
  }
  const bulk = await t.req('supervisor', {
    method: 'POST',
    url: '/api/cases/bulk-actions',
    payload: { action: 'verify', items: [{ id: fresh.id, version: await version(fresh.id) }] },
  });
  assert.ok(bulk.statusCode === 403 || (bulk.statusCode === 200 && bulk.json().succeeded === 0 && bulk.json().results[0].httpStatus === 403), bulk.body);
  for (const c of [fresh, closed]) {
    const edit = await t.req('supervisor', { method: 'PATCH', url: `/api/cases/${c.id}`, payload: { version: await version(c.id), areaM2: 1 } });
    assert.ok([403, 404].includes(edit.statusCode), edit.body);
  }
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data: await plainJpeg(5) }]);
  assert.equal((await t.req('supervisor', { method: 'POST', url: `/api/cases/${waiting.id}/photos`, payload: mp.payload, headers: mp.headers })).statusCode, 403);
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  assert.equal((await t.req('supervisor', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).statusCode, 403);

  const now = await Promise.all([fresh, waiting, closed].map((c) => get('city', `/api/cases/${c.id}`)));
  assert.deepEqual(
    now.map((c) => [c.status, c.version, c.areaM2]),
    was.map((c) => [c.status, c.version, c.areaM2]),
    'nothing changed',
  );
});

test('an alert has no way to be edited or deleted through the API: only new status steps', async () => {
  const any = (await get('supervisor', '/api/alerts')).items[0] as Json;
  for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
    const r = await t.req('supervisor', { method, url: `/api/alerts/${any.id}`, payload: method === 'DELETE' ? undefined : { summary: '改写', status: 'dismissed' } });
    assert.ok([404, 405].includes(r.statusCode), `${method}: ${r.statusCode} ${r.body}`);
  }
  const del = await t.req('supervisor', { method: 'DELETE', url: `/api/alerts/${any.id}/actions` });
  assert.ok([404, 405].includes(del.statusCode), `${del.statusCode}`);
  const same = await get('supervisor', `/api/alerts/${any.id}`);
  assert.equal(same.summary, any.summary);
  assert.equal(same.status, any.status);
});

test('only supervisors see alerts and only admins set rules: every other role gets 403', async () => {
  const any = (await get('supervisor', '/api/alerts')).items[0] as Json;
  assert.ok(any, 'an alert exists from the tests above');
  for (const user of ['city', 'admin', 'officer_a', 'inspector_a', 'dept']) {
    assert.equal((await t.req(user, { method: 'GET', url: '/api/alerts' })).statusCode, 403, user);
    assert.equal((await t.req(user, { method: 'GET', url: `/api/alerts/${any.id}` })).statusCode, 403, user);
    assert.equal((await t.req(user, { method: 'POST', url: `/api/alerts/${any.id}/actions`, payload: { action: 'review' } })).statusCode, 403, user);
  }
  for (const user of ['supervisor', 'city', 'officer_a']) {
    assert.equal((await t.req(user, { method: 'GET', url: '/api/alert-rules' })).statusCode, 403, user);
    assert.equal(
      (await t.req(user, { method: 'PUT', url: '/api/alert-rules', payload: { code: 'area_reduced', enabled: false, severity: 'low', thresholds: {}, version: 1 } })).statusCode,
      403,
      user,
    );
  }
  assert.equal((await t.req(null, { method: 'GET', url: '/api/alerts' })).statusCode, 401);
});

test('the inbox: shape, filters, severity before age', async () => {
  const all = await get('supervisor', '/api/alerts?limit=200');
  assert.ok(all.total >= 8, `${all.total}`);
  const first = all.items[0] as Json;
  for (const k of ['id', 'rule', 'severity', 'status', 'caseIds', 'userIds', 'createdAt', 'summary']) assert.ok(k in first, k);
  const rank = { high: 3, medium: 2, low: 1 } as Record<string, number>;
  const ranks = (all.items as Json[]).map((a) => rank[a.severity]);
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => b - a),
    'the most severe first',
  );
  const high = await get('supervisor', '/api/alerts?severity=high&limit=200');
  assert.ok(high.items.length && high.items.every((a: Json) => a.severity === 'high'));
  const duty = await get('supervisor', '/api/alerts?rule=separation_of_duties,disposal_softened&status=open');
  assert.ok(duty.items.every((a: Json) => ['separation_of_duties', 'disposal_softened'].includes(a.rule)));
  const town = await get('supervisor', `/api/alerts?division=${TOWN_A}&limit=200`);
  assert.equal(town.total, all.total, 'every case of these tests lies in town A');
  assert.equal((await get('supervisor', '/api/alerts?division=330482101')).total, 0, 'none in town B');
  const cityId = (all.items as Json[]).flatMap((a) => a.users).find((u: Json) => u.displayName === 'city').id;
  const byCity = await get('supervisor', `/api/alerts?user=${cityId}&limit=200`);
  assert.ok(byCity.total > 0 && byCity.items.every((a: Json) => a.userIds.includes(cityId)));
  // the days are China days; an alert of the clocked test above is raised 3 hours ago, which may be yesterday
  const days = (all.items as Json[]).map((a) => chinaDay(new Date(a.createdAt))).sort();
  const [firstDay, lastDay] = [days[0], days.at(-1)];
  assert.equal((await get('supervisor', `/api/alerts?from=${firstDay}&to=${lastDay}&limit=200`)).total, all.total);
  assert.equal((await get('supervisor', `/api/alerts?from=${lastDay}&to=${lastDay}&limit=200`)).total, days.filter((d) => d === lastDay).length);
  assert.equal((await get('supervisor', '/api/alerts?to=2020-01-01')).total, 0);
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/alerts?rule=nonsense' })).statusCode, 400);
});

test('the lifecycle: review, dismiss needs a reason, confirm, refer with a referral number; every step audited; facts never edited', async () => {
  const c = await report('officer_a');
  await act('officer_a', c.id, 'verify');
  const [a] = await (async () => {
    await evaluate();
    return alertsOn(c.id, 'separation_of_duties');
  })();
  const step = (action: string, reason?: string, id = a.id) => t.req('supervisor', { method: 'POST', url: `/api/alerts/${id}/actions`, payload: { action, reason } });
  assert.equal((await step('confirm')).statusCode, 409, 'an open alert is reviewed first');
  assert.equal((await step('review')).statusCode, 200);
  const noReason = await step('dismiss', '  ');
  assert.equal(noReason.statusCode, 422);
  assert.equal(noReason.json().code, 'alert.reason_required');
  assert.equal((await step('confirm', '本人上报本人立案,无他人复核')).statusCode, 200);
  const referred = await step('refer');
  assert.equal(referred.statusCode, 200, referred.body);
  const d = referred.json();
  assert.equal(d.status, 'referred');
  assert.deepEqual(d.allowedActions, []);
  assert.deepEqual(
    d.steps.map((s: Json) => s.action),
    ['raise', 'review', 'confirm', 'refer'],
  );
  assert.match(d.steps[3].referralNo, /^纪移〔\d{4}〕\d+号$/);
  const audit = await get('supervisor', `/api/audit?entity=alert&entityId=${a.id}`);
  assert.deepEqual(audit.items.map((r: Json) => r.action).reverse(), ['alert.raise', 'alert.review', 'alert.confirm', 'alert.refer']);
  assert.match(audit.items[0].sentence, /移送纪委监委 预警「职责未分离」/);
  assert.ok(audit.items[0].changes.some((x: Json) => x.label === '移送编号' && /纪移/.test(x.after)));
  assert.ok(audit.items.every((r: Json) => !/under_review|referred|separation_of_duties/.test(r.sentence)));

  // a dismissal with its reason
  const other = await report('officer_a');
  await act('officer_a', other.id, 'verify');
  await evaluate();
  const [b] = await alertsOn(other.id, 'separation_of_duties');
  assert.equal((await step('review', undefined, b.id)).statusCode, 200);
  const dismissed = await step('dismiss', '镇街专员兼任巡查,经核实为正常上报', b.id);
  assert.equal(dismissed.statusCode, 200);
  assert.equal(dismissed.json().steps.at(-1).reason, '镇街专员兼任巡查,经核实为正常上报');

  // the database itself refuses to edit or delete an alert's facts or steps
  await assert.rejects(t.db.q.updateTable('alerts').set({ summary: '改写' }).where('id', '=', a.id).execute());
  await assert.rejects(t.db.q.deleteFrom('alerts').where('id', '=', b.id).execute());
  await assert.rejects(t.db.q.updateTable('alert_steps').set({ reason: '改写' }).where('alert_id', '=', a.id).execute());
  await assert.rejects(t.db.q.deleteFrom('alert_steps').where('alert_id', '=', a.id).execute());
});

test('nobody sees alerts about himself: an official made supervisor neither lists nor acts on his own', async () => {
  await t.deps.services.users.create(
    null,
    { username: 'officer_x', displayName: '陈专员', password: PASSWORD, role: 'town_officer', divisionCode: TOWN_A, department: null },
    { demo: true },
  );
  t.tokens.officer_x = (await t.deps.services.users.login('officer_x', PASSWORD, '127.0.0.1')).token;
  const c = await report('officer_x');
  await act('officer_x', c.id, 'verify');
  await evaluate();
  const [a] = await alertsOn(c.id, 'separation_of_duties');
  assert.ok(a, 'the other supervisor sees it');
  const x = (await get('admin', '/api/users')).items.find((u: Json) => u.username === 'officer_x');
  const moved = await t.req('admin', { method: 'PATCH', url: `/api/users/${x.id}`, payload: { role: 'supervisor', divisionCode: '330482' } });
  assert.equal(moved.statusCode, 200, moved.body);
  // a change of role ends his sessions: he signs in again as a supervisor
  t.tokens.officer_x = (await t.deps.services.users.login('officer_x', PASSWORD, '127.0.0.1')).token;
  const mine = await get('officer_x', '/api/alerts?limit=200');
  assert.ok(
    mine.items.every((i: Json) => !i.userIds.includes(x.id)),
    'not listed',
  );
  assert.ok(mine.total > 0, 'he sees the others');
  assert.equal((await t.req('officer_x', { method: 'GET', url: `/api/alerts/${a.id}` })).statusCode, 404);
  const dismiss = await t.req('officer_x', { method: 'POST', url: `/api/alerts/${a.id}/actions`, payload: { action: 'review' } });
  assert.equal(dismiss.statusCode, 404);
  assert.equal((await get('officer_x', `/api/alerts?user=${x.id}`)).total, 0);

  // nor through the audit log: the alert's raise (its summary names him) is in the other supervisor's view and export only
  const auditIds = async (user: string) => ((await get(user, `/api/audit?entity=alert&limit=500`)).items as Json[]).filter((r) => r.entity_id === a.id).map((r) => r.id);
  const exportedIds = async (user: string) => {
    const r = await t.req(user, { method: 'GET', url: '/api/audit/export.xlsx?entity=alert' });
    assert.equal(r.statusCode, 200, r.body);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ids: number[] = [];
    wb.getWorksheet('审计记录')!.eachRow((row, n) => {
      if (n > 1) ids.push(Number(row.getCell(1).value));
    });
    return ids;
  };
  const seen = await auditIds('supervisor');
  assert.equal(seen.length, 1, 'the other supervisor reads the raise');
  assert.ok((await exportedIds('supervisor')).includes(seen[0]), 'and exports it');
  assert.deepEqual(await auditIds('officer_x'), [], 'not in his audit view');
  assert.ok(!(await exportedIds('officer_x')).includes(seen[0]), 'not in his export');
  assert.ok((await get('officer_x', '/api/audit?entity=alert&limit=500')).total > 0, 'he reads the records of the others');
});
