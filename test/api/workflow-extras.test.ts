import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { addWorkingDays, chinaDay } from '../../src/modules/settings/work.calendar.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const NO_HOLIDAYS = { holidays: new Set<string>(), workdays: new Set<string>() };
const today = () => chinaDay(new Date());
const newCase = async (n: number, extra: Record<string, unknown> = {}) => {
  const [lon, lat] = t.pointIn(TOWN_A, n);
  const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; version: number; deadlineAt: string; lon: number; lat: number; caseNo: string };
};
const act = (user: string, id: string, body: Record<string, unknown>) => t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
const get = async (user: string, id: string) => (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();
const photoCount = async (caseId: string) =>
  (
    await t.db.q
      .selectFrom('photos')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow()
  ).n;
const upload = (user: string, url: string, fields: Record<string, string>, files: Buffer[]) => {
  const mp = multipart(
    fields,
    files.map((data, i) => ({ name: 'photo', filename: `p${i}.jpg`, type: 'image/jpeg', data })),
  );
  return t.req(user, { method: 'POST', url, payload: mp.payload, headers: mp.headers });
};

test('a department task carries its own photos: checked like any case photo, shown on the task, recorded with the result or not at all', async () => {
  const c = await newCase(0);
  const due = addWorkingDays(today(), 5, NO_HOLIDAYS);
  const task = (
    await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '现场核实用地性质', deadline: due } })
  ).json();
  const near = await jpegWithExif({ lon: c.lon + 0.0001, lat: c.lat, at: new Date(Date.now() - 60_000), seed: 11 });
  const far = await jpegWithExif({ lon: c.lon + 0.02, lat: c.lat, at: new Date(Date.now() - 60_000), seed: 12 });
  const notAnImage = Buffer.from('this is not an image at all');

  // who may: the task's department or an office in the jurisdiction
  assert.equal((await upload('officer_b', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 404, 'another town does not see the task');
  assert.equal((await upload('inspector_a', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 403);
  const before = await photoCount(c.id);
  const bad = await upload('dept', `/api/tasks/${task.id}/photos`, {}, [near, notAnImage]);
  assert.equal(bad.statusCode, 415, bad.body);
  assert.equal(await photoCount(c.id), before, 'a refused upload stores no photo, not even the good one');

  const up = await upload('dept', `/api/tasks/${task.id}/photos`, { stage: 'during' }, [near]);
  assert.equal(up.statusCode, 201, up.body);
  const p1 = up.json().items[0];
  assert.equal(p1.stage, 'during');
  assert.equal(p1.evidence.locationSource, 'exif');
  assert.ok(!p1.evidence.flags.includes('far_from_case'), JSON.stringify(p1.evidence));

  // the result with a photo that was taken far away: recorded, and flagged like any other photo
  const badDone = await upload('dept', `/api/tasks/${task.id}/complete`, { result: '已核实', stage: 'after' }, [far, notAnImage]);
  assert.equal(badDone.statusCode, 415, badDone.body);
  assert.equal((await get('officer_a', c.id)).tasks[0].status, 'open', 'a refused photo leaves the task open');
  const noResult = await upload('dept', `/api/tasks/${task.id}/complete`, { result: ' ' }, [far]);
  assert.equal(noResult.statusCode, 400);
  const done = await upload('dept', `/api/tasks/${task.id}/complete`, { result: '已核实,为一般农用地', stage: 'after' }, [far]);
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().status, 'done');
  assert.equal(done.json().photos.length, 2);

  const d = await get('officer_a', c.id);
  const k = d.tasks.find((x: { id: string }) => x.id === task.id);
  assert.equal(k.result, '已核实,为一般农用地');
  assert.deepEqual(
    k.photos.map((p: { stage: string }) => p.stage),
    ['during', 'after'],
  );
  assert.ok(k.photos[1].evidenceFlags.includes('far_from_case'), 'the far photo carries its evidence flag on the task');
  assert.ok(!k.photos[0].evidenceFlags.includes('far_from_case'), "!k.photos[0].evidenceFlags.includes('far_from_case')");
  const casePhotoIds = d.photos.map((p: { id: string }) => p.id);
  assert.ok(
    k.photos.every((p: { id: string }) => casePhotoIds.includes(p.id)),
    'task photos are photos of the case',
  );
  assert.ok(
    d.timeline.some((e: { kind: string; data: { photoIds?: string[] } }) => e.kind === 'task_done' && e.data.photoIds?.length === 1),
    "d.timeline.some((e: { kind: string; data: { photoIds?: string[] } }) => e.kind === 'task_done' && e.data.photoIds?.length === 1)",
  );
  const thumb = await t.req('dept', { method: 'GET', url: k.photos[0].urls.thumbnail });
  assert.equal(thumb.statusCode, 200);
  assert.equal((await t.req('officer_b', { method: 'GET', url: k.photos[0].urls.thumbnail })).statusCode, 404);

  // a done task takes no more photos; the department's list shows them
  assert.equal((await upload('dept', `/api/tasks/${task.id}/photos`, {}, [near])).statusCode, 409);
  assert.equal((await upload('dept', `/api/tasks/${task.id}/complete`, { result: '再次' }, [])).statusCode, 409);
  const mine = (await t.req('dept', { method: 'GET', url: '/api/tasks?status=done' })).json().items.find((x: { id: string }) => x.id === task.id);
  assert.equal(mine.photos.length, 2);
  // the JSON form still works for a result without photos
  const t2 = (await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '出具意见', deadline: due } })).json();
  const j = await t.req('dept', { method: 'POST', url: `/api/tasks/${t2.id}/complete`, payload: { result: '同意' } });
  assert.equal(j.statusCode, 200, j.body);
  assert.deepEqual(j.json().photos, []);
});

test('bulk assign (to a person or a department task) and bulk set-deadline: one result per case, refusals with their reasons, nothing partial', async () => {
  const [a, b, c, d] = [await newCase(1), await newCase(2), await newCase(3), await newCase(4)];
  const [lonB, latB] = t.pointIn('330482101', 0);
  const other = (await t.req('officer_b', { method: 'POST', url: '/api/cases', payload: caseBody(lonB, latB) })).json();
  const dv = (await act('officer_a', d.id, { action: 'reject', version: d.version, reason: '经核查不属于违法建设' })).json().version;
  const bulk = (user: string, payload: Record<string, unknown>) => t.req(user, { method: 'POST', url: '/api/cases/bulk-actions', payload });
  const outcome = (r: { json(): { results: { ok: boolean; httpStatus?: number; code?: string }[] } }) => r.json().results.map((x) => (x.ok ? 'ok' : `${x.httpStatus}:${x.code}`));

  // the people and departments a town officer can assign to: their own town's staff only
  assert.equal((await t.req('inspector_a', { method: 'GET', url: '/api/assignees' })).statusCode, 403);
  const who = (await t.req('officer_a', { method: 'GET', url: '/api/assignees' })).json();
  const inspA = who.people.find((p: { role: string }) => p.role === 'inspector');
  assert.ok(inspA, JSON.stringify(who));
  assert.ok(who.departments.includes('自然资源和规划局'), "who.departments.includes('自然资源和规划局')");
  const inspB = (await t.req('officer_b', { method: 'GET', url: '/api/assignees' })).json().people.find((p: { role: string }) => p.role === 'inspector');
  assert.ok(!who.people.some((p: { id: string }) => p.id === inspB.id), "another town's inspector is not offered");

  // the target must be one person or one department, with what a task needs
  assert.equal((await bulk('officer_a', { action: 'assign', items: [{ id: a.id, version: a.version }] })).statusCode, 400);
  assert.equal((await bulk('officer_a', { action: 'assign', assigneeId: inspA.id, department: '自然资源和规划局', items: [{ id: a.id, version: a.version }] })).statusCode, 400);
  assert.equal((await bulk('officer_a', { action: 'assign', department: '自然资源和规划局', items: [{ id: a.id, version: a.version }] })).statusCode, 400);
  assert.equal((await bulk('officer_a', { action: 'set_deadline', items: [{ id: a.id, version: a.version }] })).statusCode, 400);

  const notesBefore = (await t.req('inspector_a', { method: 'GET', url: '/api/notifications' })).json().unread;
  const r1 = await bulk('officer_a', {
    action: 'assign',
    assigneeId: inspA.id,
    items: [
      { id: a.id, version: a.version },
      { id: b.id, version: b.version + 3 },
      { id: d.id, version: dv },
      { id: other.id, version: other.version },
    ],
  });
  assert.equal(r1.statusCode, 200, r1.body);
  assert.deepEqual(outcome(r1), ['ok', '409:case.version_conflict', '409:case.not_open', '404:case.not_found']);
  assert.equal(r1.json().succeeded, 1);
  assert.equal(r1.json().failed, 3);
  assert.equal(r1.json().results[0].caseNo, a.caseNo);
  const ga = await get('officer_a', a.id);
  assert.equal(ga.assignee.id, inspA.id);
  assert.equal(ga.version, a.version + 1, 'the assignment is a change of the case (optimistic locking holds)');
  assert.ok(
    ga.timeline.some((e: { kind: string; data: { assigneeId?: string } }) => e.kind === 'assigned' && e.data.assigneeId === inspA.id),
    "ga.timeline.some((e: { kind: string; data: { assigneeId?: string } }) => e.kind === 'assigned' && e.data.assigneeId === inspA.id)",
  );
  assert.equal((await get('officer_a', b.id)).assignee, null, 'the refused case is not assigned');
  const notes = (await t.req('inspector_a', { method: 'GET', url: '/api/notifications' })).json();
  assert.equal(notes.unread, notesBefore + 1, 'one notification for the bulk, not one per case');
  assert.match(notes.items.find((n: { kind: string }) => n.kind === 'case_assigned').title, /分派了 1 件案件/);
  assert.ok(
    (await t.req('inspector_a', { method: 'GET', url: '/api/todo' })).json().items.some((i: { kind: string; caseId: string }) => i.kind === 'assigned' && i.caseId === a.id),
  );
  // a person whose area does not cover the case
  const r2 = await bulk('officer_a', { action: 'assign', assigneeId: inspB.id, items: [{ id: a.id, version: ga.version }] });
  assert.deepEqual(outcome(r2), ['422:case.assignee_out_of_area']);
  assert.equal((await bulk('inspector_a', { action: 'assign', assigneeId: inspA.id, items: [{ id: c.id, version: c.version }] })).json().results[0].code, 'case.assign_forbidden');

  // a task for a department on each case; a task deadline in the past is refused per case
  const due = addWorkingDays(today(), 7, NO_HOLIDAYS);
  const r3 = await bulk('officer_a', {
    action: 'assign',
    department: '自然资源和规划局',
    title: '核实用地性质',
    deadline: due,
    items: [
      { id: a.id, version: ga.version },
      { id: c.id, version: c.version },
    ],
  });
  assert.deepEqual(outcome(r3), ['ok', 'ok']);
  assert.equal((await get('officer_a', c.id)).tasks.filter((k: { title: string }) => k.title === '核实用地性质').length, 1);
  const r4 = await bulk('officer_a', { action: 'assign', department: '自然资源和规划局', title: 'x', deadline: '2020-01-01', items: [{ id: c.id, version: c.version }] });
  assert.deepEqual(outcome(r4), ['422:task.deadline_in_past']);

  // deadlines: a future day is set on each case; a past day is refused per case with the reason, the case unchanged
  const day = addWorkingDays(today(), 20, NO_HOLIDAYS);
  const r5 = await bulk('officer_a', {
    action: 'set_deadline',
    deadline: day,
    items: [
      { id: a.id, version: ga.version },
      { id: c.id, version: c.version },
      { id: d.id, version: dv },
    ],
  });
  assert.deepEqual(outcome(r5), ['ok', 'ok', '409:case.no_deadline']);
  const gc = await get('officer_a', c.id);
  assert.equal(chinaDay(new Date(gc.deadlineAt)), day);
  assert.ok(
    gc.timeline.some((e: { kind: string; note: string }) => e.kind === 'deadline_set' && e.note === day),
    "gc.timeline.some((e: { kind: string; note: string }) => e.kind === 'deadline_set' && e.note === day)",
  );
  const r6 = await bulk('officer_a', {
    action: 'set_deadline',
    deadline: '2020-03-01',
    items: [
      { id: c.id, version: gc.version },
      { id: b.id, version: b.version },
    ],
  });
  assert.deepEqual(outcome(r6), ['422:case.deadline_in_past', '422:case.deadline_in_past']);
  assert.match(r6.json().results[0].message, /2020-03-01 早于今天/);
  const gc2 = await get('officer_a', c.id);
  assert.equal(gc2.version, gc.version);
  assert.equal(gc2.deadlineAt, gc.deadlineAt);
  assert.deepEqual(outcome(await bulk('inspector_a', { action: 'set_deadline', deadline: day, items: [{ id: c.id, version: gc.version }] })), ['403:case.deadline_forbidden']);
});

test('deadline reminders: two working days before a step deadline, once per case, step and deadline, to the town, the assignee and the department', async () => {
  const [e, f, g, h] = [await newCase(5), await newCase(6), await newCase(7), await newCase(8)];
  const inspA = (await t.req('officer_a', { method: 'GET', url: '/api/assignees' })).json().people.find((p: { role: string }) => p.role === 'inspector');
  const bulk = (payload: Record<string, unknown>) => t.req('officer_a', { method: 'POST', url: '/api/cases/bulk-actions', payload });
  assert.equal((await bulk({ action: 'assign', assigneeId: inspA.id, items: [{ id: e.id, version: e.version }] })).json().succeeded, 1);
  const in1 = addWorkingDays(today(), 1, NO_HOLIDAYS);
  const in2 = addWorkingDays(today(), 2, NO_HOLIDAYS);
  const in3 = addWorkingDays(today(), 3, NO_HOLIDAYS);
  const set = await bulk({ action: 'set_deadline', deadline: in1, items: [{ id: e.id, version: e.version + 1 }] });
  assert.equal(set.json().succeeded, 1, set.body);
  assert.equal((await bulk({ action: 'set_deadline', deadline: in2, items: [{ id: f.id, version: f.version }] })).json().succeeded, 1);
  assert.equal((await bulk({ action: 'set_deadline', deadline: in3, items: [{ id: g.id, version: g.version }] })).json().succeeded, 1);
  // h is overdue already: that is the notice's business, not a reminder's
  await t.db.q
    .updateTable('cases')
    .set({ deadline_at: new Date(Date.now() - 3600_000) })
    .where('id', '=', h.id)
    .execute();
  const task = (
    await t.req('officer_a', { method: 'POST', url: `/api/cases/${g.id}/tasks`, payload: { department: '自然资源和规划局', title: '到期提醒测试任务', deadline: in1 } })
  ).json();

  const remindersFor = async (user: string, caseId: string) =>
    (await t.req(user, { method: 'GET', url: '/api/notifications?limit=200' }))
      .json()
      .items.filter((n: { kind: string; caseId: string }) => n.kind === 'deadline_approaching' && n.caseId === caseId);
  const r1 = await t.deps.services.supervision.remindApproaching();
  assert.ok(r1.cases >= 2 && r1.tasks >= 1, JSON.stringify(r1));
  const eNotes = await remindersFor('officer_a', e.id);
  assert.equal(eNotes.length, 1);
  assert.match(eNotes[0].title, /即将到期/);
  assert.match(eNotes[0].body, new RegExp(`期限 ${in1}`));
  assert.equal((await remindersFor('inspector_a', e.id)).length, 1, 'the assignee hears of it too');
  assert.equal((await remindersFor('officer_a', f.id)).length, 1, 'two working days ahead is in');
  assert.equal((await remindersFor('officer_a', g.id)).length, 0, 'three working days ahead is not yet');
  assert.equal((await remindersFor('officer_a', h.id)).length, 0, 'an overdue case gets no reminder');
  assert.equal((await remindersFor('officer_b', e.id)).length, 0, 'another town hears nothing');
  const deptNotes = await remindersFor('dept', g.id);
  assert.equal(deptNotes.length, 1);
  assert.match(deptNotes[0].title, /到期提醒测试任务/);
  assert.ok(task.id, 'task.id');

  // once: the next sweeps send nothing again for the same step and deadline
  const r2 = await t.deps.services.supervision.remindApproaching();
  assert.deepEqual(r2, { cases: 0, tasks: 0 });
  assert.equal((await remindersFor('officer_a', e.id)).length, 1);
  // the next step has its own deadline and its own reminder
  const ev = (await get('officer_a', e.id)).version;
  assert.equal((await act('officer_a', e.id, { action: 'verify', version: ev, deadline: in2 })).statusCode, 200);
  assert.deepEqual(await t.deps.services.supervision.remindApproaching(), { cases: 1, tasks: 0 });
  const after = await remindersFor('officer_a', e.id);
  assert.equal(after.length, 2);
  assert.ok(
    after.some((n: { title: string }) => n.title.includes('定性处置')),
    "after.some((n: { title: string }) => n.title.includes('定性处置'))",
  );
});

test('the disposal rule set is data an admin edits at runtime: validated with zh-CN reasons, versioned, audited, and used for the next suggestion', async () => {
  const c = await newCase(9, { landType: 'basic_farmland', ownerKind: 'enterprise', enterpriseName: '平湖市某某五金厂', use: 'production' });
  assert.equal((await get('officer_a', c.id)).suggestion.disposalClass, 'demolish');
  const cur = (await t.req('admin', { method: 'GET', url: '/api/settings/disposal-rules' })).json();
  assert.equal(cur.version, 0);
  assert.equal(cur.isDefault, true);
  assert.ok(
    cur.rules.some((r: { id: string }) => r.id === 'basic-farmland'),
    "cur.rules.some((r: { id: string }) => r.id === 'basic-farmland')",
  );
  const put = (user: string, body: Record<string, unknown>) => t.req(user, { method: 'PUT', url: '/api/settings/disposal-rules', payload: body });
  const mine = [
    { id: 'farmland-remedy-pilot', priority: 100, suggest: 'remedy', reason: '试点:基本农田上企业用房先整改补办', when: { onBasicFarmland: true, ownerKind: 'enterprise' } },
    ...cur.rules.filter((r: { id: string }) => r.id !== 'basic-farmland'),
  ];
  assert.equal((await put('officer_a', { version: 0, rules: mine })).statusCode, 403);

  const bad = await put('admin', {
    version: 0,
    rules: [
      { id: 'Bad Id', priority: 5, suggest: 'burn', reason: '', when: {} },
      { id: 'dup', priority: 2000, suggest: 'demolish', reason: 'x', when: { colour: 'red' } },
      { id: 'dup', priority: 1, suggest: 'defer', reason: 'y', when: { landType: 'moon', areaAtLeast: 500, areaBelow: 100 } },
    ],
  });
  assert.equal(bad.statusCode, 422, bad.body);
  assert.equal(bad.json().code, 'settings.invalid_rules');
  const reasons: string[] = bad.json().details.reasons;
  for (const want of [
    /编号须为/,
    /建议处置须为/,
    /须写明理由/,
    /至少须有一个适用条件/,
    /优先级须为 0–1000/,
    /“colour”不是可用的事实/,
    /编号“dup”重复/,
    /取值“moon”无效/,
    /面积范围为空/,
  ]) {
    assert.ok(
      reasons.some((r) => want.test(r)),
      `${want} in ${reasons.join(' | ')}`,
    );
  }
  assert.equal((await t.req('admin', { method: 'GET', url: '/api/settings/disposal-rules' })).json().version, 0, 'a refused set changes nothing');
  assert.equal((await put('admin', { version: 0, rules: [] })).statusCode, 422);

  const ok = await put('admin', { version: 0, rules: mine });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().version, 1);
  assert.equal(ok.json().isDefault, false);
  const stale = await put('admin', { version: 0, rules: mine });
  assert.equal(stale.statusCode, 409, 'saved from an old version');
  assert.equal(stale.json().code, 'settings.version_conflict');

  // the next suggestion follows the new set, and deciding against it is an override again
  const s = (await get('officer_a', c.id)).suggestion;
  assert.equal(s.disposalClass, 'remedy');
  assert.equal(s.reasons[0].ruleId, 'farmland-remedy-pilot');
  const v = (await act('officer_a', c.id, { action: 'verify', version: c.version })).json().version;
  const noReason = await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'demolish' });
  assert.equal(noReason.statusCode, 422, 'demolish is now against the suggestion and needs a reason');
  const cl = await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'remedy', remedyRef: '平自然资规〔2026〕12号' });
  assert.equal(cl.statusCode, 200, cl.body);
  const ev = (await get('officer_a', c.id)).timeline.find((e: { kind: string }) => e.kind === 'classify');
  assert.equal(ev.data.suggestion, 'remedy');
  assert.equal(ev.data.override, false);

  const hist = (await t.req('admin', { method: 'GET', url: '/api/settings/disposal-rules/history' })).json().items;
  assert.equal(hist.length, 1);
  assert.equal(hist[0].before.version, 0);
  assert.equal(hist[0].after.version, 1);
  assert.ok(
    hist[0].after.rules.some((r: { id: string }) => r.id === 'farmland-remedy-pilot'),
    "hist[0].after.rules.some((r: { id: string }) => r.id === 'farmland-remedy-pilot')",
  );
  assert.equal((await t.req('officer_a', { method: 'GET', url: '/api/settings/disposal-rules/history' })).statusCode, 403);
  const chain = await t.deps.services.audit.verify();
  assert.equal(chain.ok, true, JSON.stringify(chain));
});

test('the OpenAPI document describes the new endpoints and bulk actions', async () => {
  const doc = (await t.req(null, { method: 'GET', url: '/api/openapi.json' })).json();
  for (const p of ['/api/tasks/{id}/photos', '/api/tasks/{id}/complete', '/api/settings/disposal-rules', '/api/settings/disposal-rules/history', '/api/assignees'])
    assert.ok(doc.paths[p], p);
  const complete = doc.paths['/api/tasks/{id}/complete'].post.requestBody.content;
  assert.ok(complete['application/json'] && complete['multipart/form-data'], 'the result as JSON or with photos');
  const bulk = JSON.stringify(doc.paths['/api/cases/bulk-actions'].post.requestBody.content['application/json'].schema);
  for (const w of ['"assign"', '"set_deadline"', 'assigneeId', 'department']) assert.ok(bulk.includes(w), w);
});
