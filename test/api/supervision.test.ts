import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { addWorkingDays, chinaDay } from '../../src/modules/settings/work.calendar.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const today = () => chinaDay(new Date());
const newCase = async (n: number, extra: Record<string, unknown> = {}) => {
  const [lon, lat] = t.pointIn(TOWN_A, n);
  const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, extra) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; version: number; deadlineAt: string };
};
const act = (user: string, id: string, body: Record<string, unknown>) => t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
const get = async (user: string, id: string) => (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();

test('deadlines are counted in working days on the calendar the admin keeps (holidays and 调休)', async () => {
  // the next five working days from today, then the same with a holiday on the third of them
  const plain = addWorkingDays(today(), 5, { holidays: new Set(), workdays: new Set() });
  const c1 = await newCase(0);
  assert.equal(chinaDay(new Date(c1.deadlineAt)), plain, 'a report must be verified within 5 working days');
  const third = addWorkingDays(today(), 3, { holidays: new Set(), workdays: new Set() });
  assert.equal(
    (await t.req('officer_a', { method: 'PUT', url: `/api/calendar/days/${third}`, payload: { kind: 'holiday', name: '测试假日' } })).statusCode,
    403,
    'only an admin keeps the calendar',
  );
  const put = await t.req('admin', { method: 'PUT', url: `/api/calendar/days/${third}`, payload: { kind: 'holiday', name: '测试假日' } });
  assert.equal(put.statusCode, 200, put.body);
  const c2 = await newCase(1);
  const expected = addWorkingDays(today(), 5, { holidays: new Set([third]), workdays: new Set() });
  assert.notEqual(expected, plain);
  assert.equal(chinaDay(new Date(c2.deadlineAt)), expected, 'the holiday pushes the deadline one working day later');
  const cal = (await t.req('city', { method: 'GET', url: `/api/calendar?year=${third.slice(0, 4)}` })).json();
  assert.ok(
    cal.days.some((d: { day: string; kind: string }) => d.day === third && d.kind === 'holiday'),
    "cal.days.some((d: { day: string; kind: string }) => d.day === third && d.kind === 'holiday')",
  );
  // a make-up working day must be a weekend day; a bad date is refused
  const weekday = (await t.req('admin', { method: 'PUT', url: `/api/calendar/days/${today()}`, payload: { kind: 'workday', name: '调休' } })).json();
  if (![0, 6].includes(new Date(`${today()}T00:00:00Z`).getUTCDay())) assert.equal(weekday.code, 'calendar.not_weekend');
  assert.equal((await t.req('admin', { method: 'PUT', url: '/api/calendar/days/2026-02-30', payload: { kind: 'holiday', name: 'x' } })).statusCode, 400);
  assert.equal((await t.req('admin', { method: 'DELETE', url: `/api/calendar/days/${third}` })).statusCode, 200);
  // the admin's deadline policy applies to the next step
  const pol = (await t.req('admin', { method: 'GET', url: '/api/settings/deadlines' })).json();
  const bad = await t.req('admin', { method: 'PUT', url: '/api/settings/deadlines', payload: { ...pol, verifyDays: 0 } });
  assert.equal(bad.statusCode, 400);
  const ok = await t.req('admin', { method: 'PUT', url: '/api/settings/deadlines', payload: { ...pol, classifyDays: 2 } });
  assert.equal(ok.statusCode, 200, ok.body);
  const v = (await act('officer_a', c1.id, { action: 'verify', version: c1.version })).json();
  assert.equal(chinaDay(new Date(v.deadlineAt)), addWorkingDays(today(), 2, { holidays: new Set(), workdays: new Set() }));
  // an explicit deadline may not lie in the past
  const past = await act('officer_a', c2.id, { action: 'verify', version: c2.version, deadline: '2020-01-01' });
  assert.equal(past.statusCode, 422);
  assert.equal(past.json().code, 'case.deadline_in_past');
  assert.equal((await get('officer_a', c2.id)).status, 'reported', 'the refused action left the case as it was');
});

test('disposal rules suggest a class with reasons; deciding otherwise needs a reason and is recorded as an override', async () => {
  const c = await newCase(2, { landType: 'basic_farmland', ownerKind: 'enterprise', enterpriseName: '平湖市某某机械有限公司', use: 'production' });
  let v = (await act('officer_a', c.id, { action: 'verify', version: c.version })).json().version;
  const d = await get('officer_a', c.id);
  assert.equal(d.suggestion.disposalClass, 'demolish');
  assert.equal(d.suggestion.reasons[0].ruleId, 'basic-farmland');
  assert.match(d.suggestion.reasons[0].reason, /基本农田/);
  const refused = await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'remedy', remedyRef: '平自然资规〔2026〕9号' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.json().message, /须说明理由/);
  const ok = await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'remedy', remedyRef: '平自然资规〔2026〕9号', reason: '经复核不在基本农田保护红线内' });
  assert.equal(ok.statusCode, 200, ok.body);
  v = ok.json().version;
  const ev = (await get('officer_a', c.id)).timeline.find((e: { kind: string }) => e.kind === 'classify');
  assert.equal(ev.data.suggestion, 'demolish');
  assert.equal(ev.data.override, true);
  assert.equal(ev.data.reason, '经复核不在基本农田保护红线内');
});

test('an overdue case gets a notice (督办单) to its town; the town replies; an unanswered one and a repeated overdue go to the city', async () => {
  const c = await newCase(3);
  const c2 = await newCase(4);
  // time passes: the deadlines are behind us
  await t.db.q
    .updateTable('cases')
    .set({ deadline_at: new Date(Date.now() - 3 * 86400_000) })
    .where('id', 'in', [c.id, c2.id])
    .execute();
  const r1 = await t.deps.services.supervision.sweepOverdue();
  assert.deepEqual(r1, { issued: 2, escalated: 0, sheets: 1 }, 'one sheet for the town, a line per case');
  assert.deepEqual(await t.deps.services.supervision.sweepOverdue(), { issued: 0, escalated: 0, sheets: 0 }, 'one notice per missed deadline');
  const mine = (await t.req('officer_a', { method: 'GET', url: `/api/notices?caseId=${c.id}` })).json().items;
  assert.equal(mine.length, 1);
  const n = mine[0];
  assert.equal(n.level, 'town');
  assert.equal(n.step, 'verify');
  assert.match(n.noticeNo, /^新埭镇督〔\d{4}〕\d+号第[12]项$/);
  const other = (await t.req('officer_a', { method: 'GET', url: `/api/notices?caseId=${c2.id}` })).json().items[0];
  assert.equal(other.noticeNo.replace(/第\d项$/, ''), n.noticeNo.replace(/第\d项$/, ''), 'both cases are lines of one 督办单');
  assert.ok(n.replyDue > today(), 'n.replyDue > today()');
  assert.deepEqual((await t.req('officer_b', { method: 'GET', url: `/api/notices?caseId=${c.id}` })).json().items, [], 'another town does not see it');
  assert.equal((await t.req('officer_b', { method: 'POST', url: `/api/notices/${n.id}/reply`, payload: { text: 'x' } })).statusCode, 404);
  assert.equal((await t.req('inspector_a', { method: 'POST', url: `/api/notices/${n.id}/reply`, payload: { text: 'x' } })).statusCode, 403);
  const rep = await t.req('officer_a', { method: 'POST', url: `/api/notices/${n.id}/reply`, payload: { text: '已安排本周内完成核查' } });
  assert.equal(rep.statusCode, 200, rep.body);
  assert.equal(rep.json().status, 'replied');
  assert.equal((await t.req('officer_a', { method: 'POST', url: `/api/notices/${n.id}/reply`, payload: { text: '再次' } })).statusCode, 409);
  const tl = (await get('officer_a', c.id)).timeline.map((e: { kind: string }) => e.kind);
  assert.ok(tl.includes('overdue_notice') && tl.includes('notice_replied'), "tl.includes('overdue_notice') && tl.includes('notice_replied')");

  // the other town notice is not answered in time → escalated to the city
  const n2 = (await t.req('officer_a', { method: 'GET', url: `/api/notices?caseId=${c2.id}` })).json().items[0];
  await t.db.q.updateTable('supervision_notices').set({ reply_due: '2020-01-01' }).where('id', '=', n2.id).execute();
  assert.deepEqual(await t.deps.services.supervision.sweepOverdue(), { issued: 0, escalated: 1, sheets: 1 });
  const all2 = (await t.req('city', { method: 'GET', url: `/api/notices?caseId=${c2.id}` })).json().items;
  assert.deepEqual(all2.map((x: { level: string; status: string }) => `${x.level}:${x.status}`).sort(), ['city:open', 'town:escalated']);
  assert.match(all2.find((x: { level: string }) => x.level === 'city').noticeNo, /^平湖市三改一拆办督〔\d{4}〕\d+号$/);
  assert.ok((await get('city', c2.id)).timeline.some((e: { kind: string }) => e.kind === 'escalated'));

  // the first case misses its next deadline too: a repeated overdue goes straight to the city
  await t.db.q
    .updateTable('cases')
    .set({ deadline_at: new Date(Date.now() - 86400_000) })
    .where('id', '=', c.id)
    .execute();
  assert.deepEqual(await t.deps.services.supervision.sweepOverdue(), { issued: 0, escalated: 1, sheets: 1 });
  const cityLevel = (await t.req('city', { method: 'GET', url: `/api/notices?caseId=${c.id}&level=city` })).json().items;
  assert.equal(cityLevel.length, 1);
  assert.match(cityLevel[0].reason, /多次逾期/);
});

test('a backlog of overdue cases (the first sweep after an import or the demo seed): one 督办单 per town listing its cases, one notification, a line and an audit record per case', async () => {
  const sv = t.deps.services.supervision;
  assert.deepEqual(await sv.sweepOverdue(), { issued: 0, escalated: 0, sheets: 0 }, 'nothing overdue before');
  const made: { id: string; town: string }[] = [];
  for (let i = 0; i < 14; i++) {
    const town = i < 12 ? TOWN_A : TOWN_B;
    const [lon, lat] = t.pointIn(town, i % 4);
    const r = await t.req(town === TOWN_A ? 'officer_a' : 'officer_b', { method: 'POST', url: '/api/cases', payload: caseBody(lon + i * 0.0002, lat) });
    assert.equal(r.statusCode, 201, r.body);
    made.push({ id: r.json().id, town });
  }
  await t.db.q
    .updateTable('cases')
    .set({ deadline_at: new Date(Date.now() - 40 * 86400_000) })
    .where(
      'id',
      'in',
      made.map((m) => m.id),
    )
    .execute();
  const unread = async (user: string) => (await t.req(user, { method: 'GET', url: '/api/notifications?unread=true' })).json();
  const auditBefore = Number(
    (
      await t.db.q
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'notice.issue')
        .executeTakeFirstOrThrow()
    ).n,
  );
  // two worker processes sweep at once: the lines are issued once, on one sheet per town
  const runs = await Promise.all([sv.sweepOverdue(), sv.sweepOverdue()]);
  assert.equal(runs[0].issued + runs[1].issued, 14, 'every overdue case is on a notice, once');
  assert.equal(runs[0].sheets + runs[1].sheets, 2, 'one sheet for each of the two towns');
  const linesOf = async (town: string) =>
    (await t.req('city', { method: 'GET', url: '/api/notices?level=town' })).json().items.filter((x: { caseId: string }) => made.some((m) => m.town === town && m.id === x.caseId));
  const a = await linesOf(TOWN_A);
  assert.equal(a.length, 12);
  const sheetA = new Set(a.map((x: { noticeNo: string }) => x.noticeNo.replace(/第\d+项$/, '')));
  assert.equal(sheetA.size, 1, 'the twelve cases share one 督办单 number');
  assert.deepEqual(
    a.map((x: { noticeNo: string }) => Number(/第(\d+)项$/.exec(x.noticeNo)?.[1])).sort((p: number, q: number) => p - q),
    Array.from({ length: 12 }, (_, i) => i + 1),
    'its lines numbered 第1项 … 第12项',
  );
  assert.match([...sheetA][0] as string, /^新埭镇督〔\d{4}〕\d+号$/);
  const b = await linesOf(TOWN_B);
  assert.equal(b.length, 2);
  assert.ok(
    b.every((x: { noticeNo: string }) => !x.noticeNo.startsWith('新埭镇')),
    'the other town has its own sheet in its own series',
  );
  // the town hears of the sheet once, with its count and case numbers, not twelve times
  const sheetNo = [...sheetA][0] as string;
  const issuedA = (await unread('officer_a')).items.filter((x: { kind: string; title: string }) => x.kind === 'notice_issued' && x.title.includes(sheetNo));
  assert.equal(issuedA.length, 1);
  assert.match(issuedA[0].title, /新埭镇督〔\d{4}〕\d+号:逾期案件 12 件$/);
  assert.match(issuedA[0].body, /^PH-.+ 等 12 件;请于 \d{4}-\d{2}-\d{2} 前逐件回复/);
  assert.equal(issuedA[0].caseId, null);
  // each case still has its own line: timeline event, to-do item, reply and audit record
  const auditAfter = Number(
    (
      await t.db.q
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'notice.issue')
        .executeTakeFirstOrThrow()
    ).n,
  );
  assert.equal(auditAfter - auditBefore, 14, 'an audit record per line');
  assert.ok(
    (await get('officer_a', made[3].id)).timeline.some((e: { kind: string; data: { noticeNo?: string } }) => e.kind === 'overdue_notice' && e.data.noticeNo?.startsWith(sheetNo)),
  );
  const todo = (await t.req('officer_a', { method: 'GET', url: '/api/todo?limit=500' })).json();
  assert.ok(
    made.slice(0, 12).every((m) => todo.items.some((i: { kind: string; caseId: string }) => i.kind === 'notice' && i.caseId === m.id)),
    'each line is on the to-do list',
  );
  const rep = await t.req('officer_a', { method: 'POST', url: `/api/notices/${a[0].id}/reply`, payload: { text: '已约谈当事人,限期自拆' } });
  assert.equal(rep.statusCode, 200, rep.body);
  assert.deepEqual(await sv.sweepOverdue(), { issued: 0, escalated: 0, sheets: 0 }, 'swept once');
  // replies not given in time: the unanswered lines go up on one city sheet about the town
  await t.db.q
    .updateTable('supervision_notices')
    .set({ reply_due: '2020-01-01' })
    .where(
      'id',
      'in',
      a.map((x: { id: string }) => x.id),
    )
    .execute();
  assert.deepEqual(await sv.sweepOverdue(), { issued: 0, escalated: 11, sheets: 1 }, 'the answered line stays with the town');
  const city = (await t.req('city', { method: 'GET', url: '/api/notices?level=city' })).json().items.filter((x: { caseId: string }) => made.some((m) => m.id === x.caseId));
  assert.equal(city.length, 11);
  assert.equal(new Set(city.map((x: { noticeNo: string }) => x.noticeNo.replace(/第\d+项$/, ''))).size, 1);
  const cityNotes = (await unread('city')).items.filter((x: { kind: string; title: string }) => x.kind === 'notice_escalated' && /新埭镇逾期案件 11 件/.test(x.title));
  assert.equal(cityNotes.length, 1);
});

test('closing waits for every department task; the department reports its result', async () => {
  const c = await newCase(5);
  let v = (await act('officer_a', c.id, { action: 'verify', version: c.version })).json().version;
  v = (await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'remedy', remedyRef: '平住建〔2026〕3号', reason: '补办' })).json().version;
  v = (await act('officer_a', c.id, { action: 'start_rectification', version: v })).json().version;
  const due = addWorkingDays(today(), 10, { holidays: new Set(), workdays: new Set() });
  const task = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '核发补办用地手续', deadline: due } });
  assert.equal(task.statusCode, 201, task.body);
  assert.equal(
    (await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: 'x', deadline: '2020-01-01' } })).statusCode,
    422,
  );
  assert.equal((await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: 'x', title: 'x', deadline: due } })).statusCode, 403);
  // an after photo is there, but the task is open
  await t.db.q
    .insertInto('photos')
    .values({
      id: crypto.randomUUID(),
      case_id: c.id,
      stage: 'after',
      sha256: 'f'.repeat(64),
      blob_key: 'originals/x.jpg',
      mime: 'image/jpeg',
      bytes: 1,
      uploaded_at: new Date(),
      captured_at: new Date(),
      exif: null,
    })
    .execute();
  const waiting = await act('officer_a', c.id, { action: 'request_closing', version: v });
  assert.equal(waiting.statusCode, 422);
  assert.match(waiting.json().message, /部门任务未办结/);
  const deptList = (await t.req('dept', { method: 'GET', url: '/api/tasks?status=open' })).json().items;
  assert.ok(
    deptList.some((k: { id: string }) => k.id === task.json().id),
    'the department sees its task',
  );
  assert.equal((await t.req('dept', { method: 'POST', url: `/api/tasks/${task.json().id}/complete`, payload: { result: '' } })).statusCode, 400);
  const done = await t.req('dept', { method: 'POST', url: `/api/tasks/${task.json().id}/complete`, payload: { result: '已核发补办手续' } });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal((await t.req('dept', { method: 'POST', url: `/api/tasks/${task.json().id}/complete`, payload: { result: '再次' } })).statusCode, 409);
  const ok = await act('officer_a', c.id, { action: 'request_closing', version: v });
  assert.equal(ok.statusCode, 200, ok.body);
  const d = await get('officer_a', c.id);
  assert.equal(d.tasks[0].status, 'done');
  assert.ok(
    d.timeline.some((e: { kind: string }) => e.kind === 'task_done'),
    "d.timeline.some((e: { kind: string }) => e.kind === 'task_done')",
  );
});

test('a bulk action reports one result per case and does not undo the successes', async () => {
  const a = await newCase(6);
  const b = await newCase(7);
  const c = await newCase(8);
  const vb = (await act('officer_a', b.id, { action: 'verify', version: b.version })).json().version; // already verified
  const r = await t.req('officer_a', {
    method: 'POST',
    url: '/api/cases/bulk-actions',
    payload: {
      action: 'verify',
      items: [
        { id: a.id, version: a.version },
        { id: b.id, version: vb },
        { id: c.id, version: c.version + 5 },
        { id: '00000000-0000-4000-8000-000000000000', version: 1 },
      ],
    },
  });
  assert.equal(r.statusCode, 200, r.body);
  const out = r.json();
  assert.equal(out.succeeded, 1);
  assert.equal(out.failed, 3);
  assert.deepEqual(
    out.results.map((x: { ok: boolean; httpStatus?: number; code?: string }) => (x.ok ? 'ok' : `${x.httpStatus}:${x.code}`)),
    ['ok', '409:case.invalid_transition', '409:case.version_conflict', '404:case.not_found'],
  );
  assert.equal((await get('officer_a', a.id)).status, 'verified');
  assert.equal((await get('officer_a', c.id)).status, 'reported');
  const dup = await t.req('officer_a', {
    method: 'POST',
    url: '/api/cases/bulk-actions',
    payload: {
      action: 'verify',
      items: [
        { id: a.id, version: 1 },
        { id: a.id, version: 1 },
      ],
    },
  });
  assert.equal(dup.statusCode, 400);
});

test('to-do lists by role (overdue first) and notifications with an unread count', async () => {
  const c = await newCase(9);
  const late = await newCase(10);
  await t.db.q
    .updateTable('cases')
    .set({ deadline_at: new Date(Date.now() - 86400_000) })
    .where('id', '=', late.id)
    .execute();
  const todo = (await t.req('officer_a', { method: 'GET', url: '/api/todo' })).json();
  assert.ok(todo.total >= 2, 'todo.total >= 2');
  assert.equal(todo.items[0].overdue, true, 'overdue first');
  assert.ok(
    todo.items.some((i: { caseId: string; kind: string }) => i.caseId === c.id && i.kind === 'verify'),
    "todo.items.some((i: { caseId: string; kind: string }) => i.caseId === c.id && i.kind === 'verify')",
  );
  assert.ok(todo.counts.verify >= 2, 'todo.counts.verify >= 2');
  assert.ok(!(await t.req('officer_b', { method: 'GET', url: '/api/todo' })).json().items.some((i: { caseId: string }) => i.caseId === c.id), "not on another town's list");
  // the sweep's notice reaches the town officers as a notification and a to-do
  const before = (await t.req('officer_a', { method: 'GET', url: '/api/notifications?unread=true' })).json().unread;
  await t.deps.services.supervision.sweepOverdue();
  const notes = (await t.req('officer_a', { method: 'GET', url: '/api/notifications?unread=true' })).json();
  assert.ok(notes.unread > before, 'notes.unread > before');
  assert.ok(
    notes.items.some((n: { kind: string; caseId: string }) => n.kind === 'notice_issued' && n.caseId === late.id),
    "notes.items.some((n: { kind: string; caseId: string }) => n.kind === 'notice_issued' && n.caseId === late.id)",
  );
  assert.ok(
    (await t.req('officer_a', { method: 'GET', url: '/api/todo' })).json().items.some((i: { kind: string; caseId: string }) => i.kind === 'notice' && i.caseId === late.id),
  );
  assert.equal(
    (await t.req('officer_b', { method: 'GET', url: '/api/notifications?unread=true' })).json().items.some((n: { caseId: string }) => n.caseId === late.id),
    false,
  );
  // a department task reaches the department; the city sees closings to review
  let v = (await act('officer_a', c.id, { action: 'verify', version: c.version })).json().version;
  v = (await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'demolish' })).json().version;
  const due = addWorkingDays(today(), 5, { holidays: new Set(), workdays: new Set() });
  await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '拆除后复垦验收', deadline: due } });
  const deptTodo = (await t.req('dept', { method: 'GET', url: '/api/todo' })).json();
  assert.ok(
    deptTodo.items.some((i: { kind: string; caseId: string; title: string }) => i.kind === 'task' && i.caseId === c.id && i.title === '拆除后复垦验收'),
    "deptTodo.items.some((i: { kind: string; caseId: string; title: string }) => i.kind === 'task' && i.caseId === c.id && i.title === '拆除后复垦验收')",
  );
  const deptNotes = (await t.req('dept', { method: 'GET', url: '/api/notifications' })).json();
  assert.ok(
    deptNotes.items.some((n: { kind: string }) => n.kind === 'task_assigned'),
    "deptNotes.items.some((n: { kind: string }) => n.kind === 'task_assigned')",
  );
  const read = await t.req('dept', { method: 'POST', url: '/api/notifications/read', payload: { all: true } });
  assert.ok(read.json().marked >= 1, 'read.json().marked >= 1');
  assert.equal((await t.req('dept', { method: 'GET', url: '/api/notifications' })).json().unread, 0);
  // the inspector is asked for the after photo once rectification starts
  v = (await act('officer_a', c.id, { action: 'start_rectification', version: v })).json().version;
  assert.ok((await t.req('inspector_a', { method: 'GET', url: '/api/todo' })).json().items.some((i: { kind: string; caseId: string }) => i.kind === 'photo' && i.caseId === c.id));
  assert.deepEqual((await t.req('supervisor', { method: 'GET', url: '/api/todo' })).json().items, []);
});
