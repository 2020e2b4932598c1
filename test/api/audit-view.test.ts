import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { describeAudit, type AuditRowView } from '../../src/modules/audit/audit.describe.js';

/**
 * The audit view a discipline inspector (纪检监察) reads (issue 19, item 3): each record as a zh-CN sentence,
 * filters by person, role, action, object, town and China days, a case's complete record (its photos, tasks
 * and papers too), the Excel export (itself audited), and nobody but the supervisor reads it.
 */
let t: TestContext;
/** The same database served on a clock the test sets, to write records on chosen China days. */
const clock = new ManualClock(new Date('2026-11-30T12:00:00Z'));
let timedApp: FastifyInstance;

before(async () => {
  t = await createTestContext();
  timedApp = await buildApp(createDeps(t.deps.config, t.db, { clock }), { logger: false, webDist: null });
  await t.db.q.updateTable('users').set({ display_name: '王主任' }).where('username', '=', 'officer_a').execute();
});
after(async () => {
  await timedApp.close();
  await t.close();
});

const at = (user: string, o: InjectOptions) => timedApp.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } });
const userId = async (username: string) => (await t.db.q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
const search = async (query: Record<string, string | number>, user = 'supervisor') => {
  const r = await t.req(user, { method: 'GET', url: '/api/audit', query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as {
    total: number;
    items: {
      id: number;
      action: string;
      entity: string;
      sentence: string;
      caseNo: string | null;
      caseId: string | null;
      actorLabel: string;
      objectLabel: string;
      changes: { field: string; label: string; before: string | null; after: string | null }[];
    }[];
  };
};
let point = 0;
const createAt = async (user: string, town: string, iso: string) => {
  clock.set(new Date(iso));
  const r = await at(user, { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(town, point++ % 5)) });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; caseNo: string; version: number };
};
const act = async (user: string, id: string, body: Record<string, unknown>) => {
  const r = await t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: body });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { version: number };
};

test('the person and China-day filters return exactly the records of that person on those days', async () => {
  // China days are UTC+8: 2026-11-30T16:00Z is 2026-12-01 00:00 in 平湖
  const tooEarly = await createAt('officer_a', TOWN_A, '2026-11-30T15:59:59Z'); // 11-30 23:59:59, the nearest excluded
  const first = await createAt('officer_a', TOWN_A, '2026-11-30T16:00:00Z'); // 12-01 00:00:00
  const other = await createAt('officer_b', TOWN_B, '2026-12-01T03:00:00Z'); // the same day, another person
  const last = await createAt('officer_a', TOWN_A, '2026-12-02T15:59:59Z'); // 12-02 23:59:59
  const tooLate = await createAt('officer_a', TOWN_A, '2026-12-02T16:00:00Z'); // 12-03 00:00:00
  const r = await search({ actor: await userId('officer_a'), from: '2026-12-01', to: '2026-12-02', action: 'case.create' });
  assert.deepEqual(
    r.items.map((i) => i.caseNo),
    [last.caseNo, first.caseNo],
  );
  assert.equal(r.total, 2);
  for (const excluded of [tooEarly, other, tooLate]) assert.ok(!r.items.some((i) => i.caseNo === excluded.caseNo), excluded.caseNo);
  // without the person, the other officer's record of that day comes back; one day wider, the nearest excluded one
  assert.deepEqual(
    (await search({ from: '2026-12-01', to: '2026-12-02', action: 'case.create' })).items.map((i) => i.caseNo).sort(),
    [first.caseNo, other.caseNo, last.caseNo].sort(),
  );
  assert.ok((await search({ actor: await userId('officer_a'), from: '2026-11-30', to: '2026-11-30', action: 'case.create' })).items.some((i) => i.caseNo === tooEarly.caseNo));
  // the role filter: the actor's role
  const byRole = await search({ role: 'town_officer', from: '2026-12-01', to: '2026-12-02', action: 'case.create' });
  assert.equal(byRole.total, 3);
  assert.equal((await search({ role: 'inspector', from: '2026-12-01', to: '2026-12-02', action: 'case.create' })).total, 0);
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit?from=2026-12-03&to=2026-12-01' })).statusCode, 400);
});

test('a classify change reads as a sentence with zh-CN fields and value labels; the town filter keeps a town and its villages', async () => {
  clock.set(new Date());
  const a = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 2)) })).json();
  const b = (await t.req('officer_b', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_B, 2)) })).json();
  for (const [user, c] of [
    ['officer_a', a],
    ['officer_b', b],
  ] as const) {
    const v = (await act(user, c.id, { action: 'verify', version: c.version })).version;
    await act(user, c.id, { action: 'classify', version: v, disposalClass: 'demolish' });
  }
  const classified = await search({ caseNo: a.caseNo, action: 'case.classify' });
  assert.equal(classified.total, 1);
  const rec = classified.items[0];
  // the step deadline moves with the step: a moved deadline is named in the sentence, in China time
  const dl = rec.changes.find((c) => c.field === 'deadline_at');
  assert.ok(dl, 'classifying sets the next step’s deadline');
  assert.match(dl.after!, /^\d{4}-\d{2}-\d{2} 23:59$/);
  assert.equal(rec.sentence, `王主任(镇街专员) 定性 ${a.caseNo}:状态由 已立案 改为 已定性,处置类别由 空 改为 拆除,办理期限由 ${dl.before} 改为 ${dl.after}`);
  assert.deepEqual(
    rec.changes.filter((c) => c.field === 'disposal_class'),
    [{ field: 'disposal_class', label: '处置类别', before: null, after: '拆除' }],
  );
  assert.ok(!JSON.stringify(rec.changes).match(/[0-9a-f]{8}-[0-9a-f]{4}-/), 'no uuid shown');

  // town A (新埭镇) and one of its villages: A's records, never B's
  const village = (await t.db.q.selectFrom('cases').select('division_code').where('id', '=', a.id).executeTakeFirstOrThrow()).division_code;
  for (const town of [TOWN_A, village]) {
    const r = await search({ town, action: 'case.classify', limit: 500 });
    assert.ok(
      r.items.some((i) => i.caseNo === a.caseNo),
      town,
    );
    assert.ok(!r.items.some((i) => i.caseNo === b.caseNo), `${town}: the other town's case is excluded`);
  }
  const townB = await search({ town: TOWN_B, action: 'case.classify', limit: 500 });
  assert.deepEqual(
    townB.items.map((i) => i.caseNo),
    [b.caseNo],
  );
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit?town=999999' })).json().code, 'audit.unknown_division');
});

test('the sentence of a field change names the case, the field and both values in zh-CN', () => {
  const row: AuditRowView = {
    id: 1,
    at: '2026-12-01T02:00:00.000Z',
    actorId: '00000000-0000-4000-8000-000000000001',
    actorName: 'wang',
    actorDisplayName: '王主任',
    actorRole: 'city_office',
    action: 'case.update',
    entity: 'case',
    entityId: '00000000-0000-4000-8000-000000000002',
    before: { disposal_class: 'demolish', version: 3 },
    after: { disposal_class: 'defer', version: 4 },
    caseId: '00000000-0000-4000-8000-000000000002',
    caseNo: 'PH-2026-001011',
    objectName: null,
  };
  const names = { cases: new Map(), users: new Map(), divisions: new Map(), documents: new Map() };
  assert.equal(describeAudit(row, names).sentence, '王主任(市三改一拆办) 将 PH-2026-001011 的处置类别由 拆除 改为 暂缓');
  const d = describeAudit(
    { ...row, before: { structure: 'simple', division_code: '330482102001' }, after: { structure: 'frame', division_code: '330482102002' } },
    {
      ...names,
      divisions: new Map([
        ['330482102001', '甲村'],
        ['330482102002', '乙村'],
      ]),
    },
  );
  assert.equal(d.sentence, '王主任(市三改一拆办) 将 PH-2026-001011 的结构由 简易 改为 框架,所在村(社区)由 甲村 改为 乙村');
});

test('a case’s complete record includes its photos, tasks and papers', async () => {
  clock.set(new Date());
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const c = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).json();
  let v = (await act('officer_a', c.id, { action: 'verify', version: c.version })).version;
  v = (await act('officer_a', c.id, { action: 'classify', version: v, disposalClass: 'demolish' })).version;
  const mp = multipart({ stage: 'before' }, [{ name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: await jpegWithExif({ lon, lat, at: new Date(), seed: 7 }) }]);
  const photo = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(photo.statusCode, 201, photo.body);
  const due = new Date(Date.now() + 10 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 10);
  const task = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/tasks`, payload: { department: '自然资源和规划局', title: '核实用地性质', deadline: due } });
  assert.equal(task.statusCode, 201, task.body);
  const done = await t.req('dept', { method: 'POST', url: `/api/tasks/${task.json().id}/complete`, payload: { result: '已核实' } });
  assert.equal(done.statusCode, 200, done.body);
  const paper = await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/documents`, payload: { kind: 'demolition_order' } });
  assert.equal(paper.statusCode, 201, paper.body);
  // another case's photo stays out
  const other = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 4)) })).json();
  const mp2 = multipart({ stage: 'before' }, [
    {
      name: 'photo',
      filename: 'q.jpg',
      type: 'image/jpeg',
      data: await jpegWithExif({ ...{ lon: t.pointIn(TOWN_A, 4)[0], lat: t.pointIn(TOWN_A, 4)[1] }, at: new Date(), seed: 8 }),
    },
  ]);
  assert.equal((await t.req('inspector_a', { method: 'POST', url: `/api/cases/${other.id}/photos`, payload: mp2.payload, headers: mp2.headers })).statusCode, 201);

  // by the case's own id only: the case's records, as before
  const own = await search({ entity: 'case', entityId: c.id });
  assert.deepEqual(own.items.map((i) => i.action).sort(), ['case.classify', 'case.create', 'case.verify']);
  const all = await search({ caseNo: c.caseNo });
  assert.deepEqual(all.items.map((i) => i.action).sort(), ['case.classify', 'case.create', 'case.verify', 'document.issue', 'photo.add', 'task.assign', 'task.complete']);
  assert.ok(all.items.every((i) => i.caseNo === c.caseNo && i.caseId === c.id));
  const byId = await search({ caseId: c.id });
  assert.deepEqual(
    byId.items.map((i) => i.id),
    all.items.map((i) => i.id),
  );
  const sentences = Object.fromEntries(all.items.map((i) => [i.action, i.sentence]));
  assert.equal(sentences['photo.add'], `inspector_a(巡查员) 上传照片 ${c.caseNo} 的整改前照片`);
  assert.equal(sentences['task.complete'], `dept(职能部门) 部门任务办结 ${c.caseNo} 的部门任务「核实用地性质」`);
  assert.match(sentences['document.issue'], new RegExp(`^王主任\\(镇街专员\\) 出具文书 ${c.caseNo} 的新埭镇拆违〔\\d{4}〕\\d+号$`));
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit?caseNo=PH-1900-000000' })).statusCode, 404);
});

test('the Excel export holds the filtered records as sentences and is itself audited; the admin reads nothing', async () => {
  const caseNo = (await search({ action: 'task.complete' })).items[0].caseNo!;
  const expected = await search({ caseNo, limit: 500 });
  const r = await t.req('supervisor', { method: 'GET', url: `/api/audit/export.xlsx?caseNo=${encodeURIComponent(caseNo)}` });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /filename\*=UTF-8''/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('审计记录')!;
  assert.equal(ws.getRow(1).getCell(8).value, '记录');
  const rows: { id: number; sentence: string }[] = [];
  const details = new Map<string, string>();
  ws.eachRow((row, n) => {
    if (n > 1) rows.push({ id: Number(row.getCell(1).value), sentence: String(row.getCell(8).value) });
    if (n > 1) details.set(String(row.getCell(10).value), String(row.getCell(9).value));
  });
  // a change reads before → after (an empty before as 空); a record of what was lists its values
  assert.match(details.get('case.classify')!, /^状态:已立案 → 已定性\n处置类别:空 → 拆除\n/);
  assert.match(details.get('task.assign')!, /部门:自然资源和规划局\n任务:核实用地性质/);
  assert.deepEqual(
    rows,
    expected.items.map((i) => ({ id: i.id, sentence: i.sentence })),
  );
  assert.match(String(wb.getWorksheet('导出说明')!.getRow(2).getCell(2).value), new RegExp(`案件:${caseNo}`));
  // the export's own record: who, the filter and how many rows
  const own = (await search({ action: 'audit.export' })).items[0];
  assert.equal(own.actorLabel, 'supervisor(纪检监察)');
  const raw = await t.db.q.selectFrom('audit_log').select(['actor_name', 'after']).where('id', '=', own.id).executeTakeFirstOrThrow();
  assert.deepEqual(raw, { actor_name: 'supervisor', after: { format: 'xlsx', count: expected.total, filter: { caseNo } } });
  assert.equal(own.sentence, 'supervisor(纪检监察) 导出审计记录');

  for (const url of ['/api/audit', '/api/audit/export.xlsx', '/api/audit/people']) {
    assert.equal((await t.req('admin', { method: 'GET', url })).statusCode, 403, url);
    assert.equal((await t.req('city', { method: 'GET', url })).statusCode, 403, url);
  }
  const people = (await t.req('supervisor', { method: 'GET', url: '/api/audit/people' })).json();
  assert.ok(people.items.some((p: { username: string; displayName: string }) => p.username === 'officer_a' && p.displayName === '王主任'));
});
