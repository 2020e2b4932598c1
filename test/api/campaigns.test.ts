import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { indexBaseline } from '../support/index-baseline.js';
import { shapefileZip, type VillageFeature } from '../fixtures/going-live.js';

// Campaigns (专项整治): a campaign and its target list; its items are cases of kind campaign_item worked
// through the cases' own workflow; progress figures checked against counts made by hand from the fixtures.
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const offset = ([lon, lat]: [number, number], dx: number, dy: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const day = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
let seed = 100;

async function xlsx(rows: (string | number | null)[][], headers = ['编号', '名称', '类别', '责任单位', '经度', '纬度', '备注']) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('对象清单');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function upload(
  user: string,
  id: string,
  data: Buffer,
  dryRun: boolean,
  filename = 'items.xlsx',
  type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
) {
  const mp = multipart({}, [{ name: 'file', filename, type, data }]);
  return t.req(user, { method: 'POST', url: `/api/campaigns/${id}/import?dryRun=${dryRun}`, payload: mp.payload, headers: mp.headers });
}
async function createCampaign(body: Record<string, unknown>) {
  const r = await t.req('city', { method: 'POST', url: '/api/campaigns', payload: body });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; version: number };
}
async function act(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const c = (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();
  return t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: c.version, ...body } });
}
async function afterPhoto(id: string, at: [number, number]) {
  const data = await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(Date.now() + 5000), seed: seed++ });
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
/** 确定整治方式(拆除) → 开始整治 → after photo at the place → 申请验收 → 验收销号. */
async function close(id: string, at: [number, number]) {
  for (const [user, action, body] of [
    ['officer_a', 'classify', { disposalClass: 'demolish' }],
    ['officer_a', 'start_rectification', {}],
  ] as const) {
    const r = await act(user, id, action, body);
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  }
  await afterPhoto(id, at);
  const req = await act('officer_a', id, 'request_closing');
  assert.equal(req.statusCode, 200, req.body);
  const ok = await act('city', id, 'approve_closing');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().status, 'closed');
}
async function handCounts(campaignId: string) {
  const r = await sql<{ town_code: string; total: number; done: number }>`
    select town_code, count(*) filter (where status <> 'rejected')::int as total, count(*) filter (where status = 'closed')::int as done
    from cases where campaign_id = ${campaignId} and kind = 'campaign_item' group by town_code order by town_code`.execute(t.db.q);
  return r.rows;
}

let poles: { id: string; version: number };
const pts = () => ({
  a1: offset(t.pointIn(TOWN_A, 0), 10, 0),
  a2: offset(t.pointIn(TOWN_A, 1), 20, 0),
  a3: offset(t.pointIn(TOWN_A, 2), 30, 0),
  b1: offset(t.pointIn(TOWN_B, 0), 10, 0),
  b2: offset(t.pointIn(TOWN_B, 1), 10, 0),
});

test('create and edit a campaign: city office only, a valid period, a unique name', async () => {
  const officer = await t.req('officer_a', { method: 'POST', url: '/api/campaigns', payload: { name: 'x', startsOn: today(), endsOn: today() } });
  assert.equal(officer.statusCode, 403);
  const bad = await t.req('city', { method: 'POST', url: '/api/campaigns', payload: { name: '倒序', startsOn: day(5), endsOn: day(1) } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'campaign.invalid_period');
  poles = await createCampaign({
    name: '农村废弃杆线整治',
    description: '清理农村废弃电杆、通信杆及线路',
    startsOn: day(-30),
    endsOn: day(60),
    scopeDivisions: [TOWN_A, TOWN_B],
    units: ['供电公司', '电信公司'],
  });
  const again = await t.req('city', { method: 'POST', url: '/api/campaigns', payload: { name: '农村废弃杆线整治', startsOn: today(), endsOn: today() } });
  assert.equal(again.statusCode, 409);
  const d = (await t.req('officer_a', { method: 'GET', url: `/api/campaigns/${poles.id}` })).json();
  assert.deepEqual(
    d.scopeDivisions.map((x: { code: string }) => x.code),
    [TOWN_A, TOWN_B],
  );
  assert.deepEqual([d.total, d.done, d.progress], [0, 0, 0]);
  const edit = await t.req('city', { method: 'PATCH', url: `/api/campaigns/${poles.id}`, payload: { version: d.version, units: ['供电公司', '电信公司', '移动公司'] } });
  assert.equal(edit.statusCode, 200, edit.body);
  assert.equal(edit.json().units.length, 3);
  const stale = await t.req('city', { method: 'PATCH', url: `/api/campaigns/${poles.id}`, payload: { version: d.version, description: '旧版本' } });
  assert.equal(stale.statusCode, 409);
});

test('import: the dry run reports each row; with a bad row nothing is imported; the good file imports once', async () => {
  const p = pts();
  const outside = [120.0, 29.0];
  const bad = await xlsx([
    ['GX-001', '废弃电杆1', '杆线', '供电公司', p.a1[0], p.a1[1], null],
    ['GX-002', '废弃电杆2', '杆线', '电信公司', p.a2[0], p.a2[1], '倾斜'],
    ['GX-003', '废弃线路', '杆线', '供电公司', 'abc', p.a3[1], null],
    ['GX-002', '重复编号', '杆线', '供电公司', p.b1[0], p.b1[1], null],
    ['GX-005', '未知类别', '电线', '供电公司', p.b2[0], p.b2[1], null],
    ['GX-006', '市外', '杆线', '供电公司', outside[0], outside[1], null],
  ]);
  const dry = await upload('city', poles.id, bad, true);
  assert.equal(dry.statusCode, 200, dry.body);
  const d = dry.json();
  assert.deepEqual([d.dryRun, d.format, d.rows, d.created, d.unchanged, d.rejected], [true, 'xlsx', 6, 2, 0, 4]);
  const byRow = Object.fromEntries(d.report.map((r: { row: number; outcome: string; reasons: string[] }) => [r.row, r]));
  assert.equal(byRow[2].outcome, 'new');
  assert.match(byRow[4].reasons.join(), /经度无效/);
  assert.match(byRow[5].reasons.join(), /GX-002 在文件中重复/);
  assert.match(byRow[6].reasons.join(), /类别只能是/);
  assert.match(byRow[7].reasons.join(), /不在本市/);
  const refused = await upload('city', poles.id, bad, false);
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal(refused.json().code, 'campaign.import_rejected');
  assert.equal(refused.json().details.rejected, 4);
  assert.deepEqual(await handCounts(poles.id), [], 'nothing half-imported');

  const good = await xlsx([
    ['GX-001', '废弃电杆1', '杆线', '供电公司', p.a1[0], p.a1[1], null],
    ['GX-002', '废弃电杆2', '杆线', '电信公司', p.a2[0], p.a2[1], '倾斜'],
    ['GX-003', '废弃线路', '杆线', '供电公司', p.a3[0], p.a3[1], null],
    ['GX-004', '废弃电杆4', '杆线', '镇街', p.b1[0], p.b1[1], null],
  ]);
  const okDry = (await upload('city', poles.id, good, true)).json();
  assert.deepEqual([okDry.created, okDry.rejected], [4, 0]);
  assert.deepEqual(await handCounts(poles.id), [], 'a dry run changes nothing');
  const done = await upload('city', poles.id, good, false);
  assert.equal(done.statusCode, 200, done.body);
  assert.deepEqual([done.json().dryRun, done.json().created, done.json().unchanged], [false, 4, 0]);
  assert.ok(done.json().report.every((r: { caseNo: string }) => r.caseNo.startsWith('ZX-')));
  const again = (await upload('city', poles.id, good, false)).json();
  assert.deepEqual([again.created, again.unchanged, again.rejected], [0, 4, 0], 're-importing the same file changes nothing');
  const counts = await handCounts(poles.id);
  assert.equal(
    counts.reduce((n, r) => n + r.total, 0),
    4,
  );

  // a town officer imports inside his town only
  const other = await upload('officer_b', poles.id, await xlsx([['GX-009', 'A镇电杆', '杆线', '供电公司', p.a1[0] + 0.0005, p.a1[1], null]]), true);
  assert.match(other.json().report[0].reasons.join(), /管辖范围/);

  // GeoJSON: points (and a line at its middle) with the same properties
  const gj = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', geometry: { type: 'Point', coordinates: p.b2 }, properties: { ref: 'GX-101', name: '通信杆', category: 'pole_line', responsibleUnit: '电信公司' } },
      {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [offset(p.b2, 40, 0), offset(p.b2, 60, 0), offset(p.b2, 80, 0)] },
        properties: { 编号: 'GX-102', 名称: '废弃线路', 类别: '杆线', 责任单位: '电信公司' },
      },
    ],
  };
  const g = await upload('city', poles.id, Buffer.from(JSON.stringify(gj)), false, 'items.geojson', 'application/geo+json');
  assert.equal(g.statusCode, 200, g.body);
  assert.deepEqual([g.json().format, g.json().created], ['geojson', 2]);
  const junk = await upload('city', poles.id, Buffer.from('not a file'), true, 'x.txt', 'text/plain');
  assert.equal(junk.statusCode, 400);
  assert.equal(junk.json().code, 'campaign.bad_file');
});

test('an item walked from its import to closing, reopened (重新整治) and closed again, with the cases’ own workflow', async () => {
  const list = (await t.req('city', { method: 'GET', url: `/api/cases?kind=campaign_item&campaignId=${poles.id}&limit=100` })).json();
  assert.equal(list.total, 6);
  assert.ok(list.items.every((c: { kind: string; caseNo: string }) => c.kind === 'campaign_item' && c.caseNo.startsWith('ZX-')));
  const item = list.items.find((c: { extra: { ref?: string } }) => c.extra.ref === 'GX-001');
  assert.equal(item.status, 'verified', 'an imported item is already verified');
  assert.deepEqual(item.extra, { ref: 'GX-001', name: '废弃电杆1', responsibleUnit: '供电公司' });
  const at: [number, number] = [item.lon, item.lat];
  // worked from the campaign's page, not the town officer's to-do list (thousands of poles would bury his cases)
  const todo = (await t.req('officer_a', { method: 'GET', url: '/api/todo?limit=500' })).json();
  assert.ok(!todo.items.some((i: { caseNo: string }) => i.caseNo.startsWith('ZX-')), JSON.stringify(todo.counts));
  const wrong = await act('officer_a', item.id, 'classify', { disposalClass: 'defer' });
  assert.equal(wrong.statusCode, 422);
  await close(item.id, at);
  const reopen = await act('city', item.id, 'reopen', { reason: '复查发现电杆未清理' });
  assert.equal(reopen.statusCode, 200, reopen.body);
  assert.equal(reopen.json().status, 'verified');
  await close(item.id, at);
  const file = (await t.req('city', { method: 'GET', url: `/api/cases/${item.id}` })).json();
  const steps = file.timeline.map((e: { kind: string }) => e.kind).filter((k: string) => !['photo_added', 'assigned'].includes(k));
  assert.deepEqual(steps, [
    'created',
    'classify',
    'start_rectification',
    'request_closing',
    'approve_closing',
    'reopen',
    'classify',
    'start_rectification',
    'request_closing',
    'approve_closing',
  ]);
  // a second item closed too: 2 of 6 done
  const b = list.items.find((c: { extra: { ref?: string } }) => c.extra.ref === 'GX-002');
  await close(b.id, [b.lon, b.lat]);
});

test('progress: the list, by town and week by week, as counted by hand', async () => {
  const hand = await handCounts(poles.id);
  const total = hand.reduce((n, r) => n + r.total, 0);
  const done = hand.reduce((n, r) => n + r.done, 0);
  assert.deepEqual([total, done], [6, 2]);
  const list = await t.req('supervisor', { method: 'GET', url: '/api/campaigns' });
  assert.equal(list.statusCode, 200, list.body);
  const mine = list.json().items.find((c: { id: string }) => c.id === poles.id);
  assert.deepEqual(mine, { id: poles.id, name: '农村废弃杆线整治', startsOn: day(-30), endsOn: day(60), total, done, progress: done / total });
  assert.equal(list.json().total, list.json().items.length);
  const d = (await t.req('city', { method: 'GET', url: `/api/campaigns/${poles.id}` })).json();
  assert.deepEqual([d.total, d.done, d.open, d.overdue], [6, 2, 4, 0]);
  assert.equal(d.summary, '共 6 个,已完成 2 个,完成率 33.3%');
  assert.deepEqual(
    d.byTown.map((x: { townCode: string; total: number; done: number; progress: number }) => [x.townCode, x.total, x.done, x.progress]),
    hand.map((r) => [r.town_code, r.total, r.done, r.done / r.total]),
  );
  const unit = d.byUnit.find((u: { unit: string }) => u.unit === '电信公司');
  assert.deepEqual([unit.total, unit.done], [3, 1]);
  // weekly: the campaign started 30 days ago: 5 weeks, the last one holding today; all found and done in it
  assert.equal(d.weekly.length, 5);
  assert.deepEqual(
    d.weekly.map((w: { total: number; done: number }) => [w.total, w.done]),
    [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [6, 2],
    ],
  );
  assert.equal(d.weekly[0].weekEnding, day(-24));
  // a town officer sees his town's share
  const a = (await t.req('officer_a', { method: 'GET', url: '/api/campaigns' })).json().items.find((c: { id: string }) => c.id === poles.id);
  const handA = hand.find((r) => r.town_code === TOWN_A)!;
  assert.deepEqual([a.total, a.done], [handA.total, handA.done]);
});

test('overdue: open items of a campaign whose end has passed', async () => {
  const late = await createCampaign({ name: '六店大桥周边地块清零', startsOn: day(-60), endsOn: day(-1) });
  const p = pts();
  const r = await upload(
    'city',
    late.id,
    await xlsx([
      ['LD-01', '简易棚', '构筑物', '镇街', p.a3[0] + 0.001, p.a3[1], null],
      ['LD-02', '围墙', '构筑物', '镇街', p.a2[0] + 0.001, p.a2[1], null],
    ]),
    false,
  );
  assert.equal(r.statusCode, 200, r.body);
  const d = (await t.req('city', { method: 'GET', url: `/api/campaigns/${late.id}` })).json();
  assert.deepEqual([d.total, d.overdue, d.overdueItems.length], [2, 2, 2]);
  assert.equal(d.overdueItems[0].statusLabel, '已交办');
  assert.ok(d.weekly.length >= 8 && d.weekly.length <= 9, `weeks: ${d.weekly.length}`);
  // a field report needs a running campaign
  const closed = await t.req('inspector_a', { method: 'POST', url: `/api/campaigns/${late.id}/items`, payload: { lon: p.a1[0], lat: p.a1[1] } });
  assert.equal(closed.statusCode, 409);
});

test('a field report joins the campaign; the patrol app sees open items nearby', async () => {
  const p = pts();
  const at = offset(p.a1, 200, 0);
  const r = await t.req('inspector_a', {
    method: 'POST',
    url: `/api/campaigns/${poles.id}/items`,
    payload: { lon: at[0], lat: at[1], name: '路边废弃电杆', responsibleUnit: '供电公司', clientId: '6f1d2b1e-1111-4c1a-9d1a-000000000001' },
  });
  assert.equal(r.statusCode, 201, r.body);
  assert.match(r.json().caseNo, /^ZX-/);
  const resend = await t.req('inspector_a', {
    method: 'POST',
    url: `/api/campaigns/${poles.id}/items`,
    payload: { lon: at[0], lat: at[1], name: '路边废弃电杆', responsibleUnit: '供电公司', clientId: '6f1d2b1e-1111-4c1a-9d1a-000000000001' },
  });
  assert.equal(resend.statusCode, 200);
  assert.equal(resend.json().id, r.json().id);
  const c = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${r.json().id}` })).json();
  assert.deepEqual([c.kind, c.status, c.source], ['campaign_item', 'reported', 'patrol']);
  const listed = (await t.req('city', { method: 'GET', url: `/api/cases?kind=campaign_item&campaignId=${poles.id}&limit=100` })).json();
  assert.ok(listed.items.some((x: { id: string }) => x.id === r.json().id));
  const near = await t.req('inspector_a', { method: 'GET', url: `/api/campaigns/nearby?lon=${p.a1[0]}&lat=${p.a1[1]}&radius=500` });
  assert.equal(near.statusCode, 200, near.body);
  const items = near.json().items;
  assert.ok(items.some((x: { id: string }) => x.id === r.json().id));
  assert.ok(!items.some((x: { status: string }) => x.status === 'closed'), 'closed items are not shown');
  assert.equal(items[0].campaignName, '农村废弃杆线整治');
  assert.ok(items.every((x: { distanceM: number }) => x.distanceM <= 500));
  const farB = (await t.req('inspector_b', { method: 'GET', url: `/api/campaigns/nearby?lon=${p.a1[0]}&lat=${p.a1[1]}&radius=500` })).json();
  assert.equal(farB.items.length, 0, 'another town’s items stay out of reach');
  const active = (await t.req('inspector_a', { method: 'GET', url: '/api/campaigns/active' })).json();
  assert.deepEqual(
    active.items.map((x: { name: string }) => x.name),
    ['农村废弃杆线整治'],
  );
});

test('the weekly report’s workbook: progress by town, then the items, zh-CN words only', async () => {
  const x = await t.req('city', { method: 'GET', url: `/api/campaigns/${poles.id}/export.xlsx` });
  assert.equal(x.statusCode, 200, x.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const sum = wb.getWorksheet('按镇街进度')!;
  assert.match(String(sum.getRow(1).getCell(1).value), /农村废弃杆线整治.*共 7 个,已完成 2 个,完成率 28\.6%/);
  const ws = wb.getWorksheet('整治对象')!;
  const header = (ws.getRow(1).values as string[]).slice(1);
  assert.deepEqual(header.slice(0, 8), ['编号', '对象编号', '名称', '类别', '镇街', '村(社区)', '责任单位', '状态']);
  const rows = ws.getRows(2, ws.rowCount - 1)!.map((row) => (row.values as unknown[]).slice(1));
  assert.equal(rows.length, 7);
  assert.ok(rows.some((v) => v[7] === '已完成' && v[8] === '拆除'));
  assert.ok(
    rows.every((v) => !/closed|verified|demolish|pole_line|campaign_item/.test(v.join(' '))),
    'no codes in the workbook',
  );
});

test('the responsibility letter’s 专项整治完成率 counts the town’s campaign items (closed by the year’s end of those found)', async () => {
  const year = Number(today().slice(0, 4));
  // the registry has begun (a first illegal building this year)
  const [lon, lat] = t.pointIn(TOWN_A, 5);
  assert.equal((await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) })).statusCode, 201);
  const r = await t.req('city', {
    method: 'POST',
    url: '/api/letters',
    payload: { townCode: TOWN_A, year, people: [], targets: { stockCount: null, stockArea: null, farmlandZero: true, safetyRate: null, campaignRate: 0.9 } },
  });
  assert.equal(r.statusCode, 201, r.body);
  const item = r.json().progress.items.find((i: { code: string }) => i.code === 'campaign');
  const hand = await sql<{ total: number; done: number }>`
    select count(*)::int as total, count(*) filter (where status = 'closed')::int as done from cases
    where kind = 'campaign_item' and town_code = ${TOWN_A} and status <> 'rejected'`.execute(t.db.q);
  const { total, done } = hand.rows[0];
  assert.ok(total > 0);
  assert.equal(item.actual, `${Math.round((done / total) * 1000) / 10}%(${done}/${total} 个)`);
  assert.equal(item.status, done / total >= 0.9 ? 'met' : 'in_progress');
});

test('the governance index and the overview are unchanged by campaign items', async () => {
  const { period, mid, backdate, runResults, overview, inPeriod } = await indexBaseline(t, { village: 3 });
  await backdate(`kind = 'campaign_item'`, new Date(period.end.getTime() + 86400_000 * 40));
  const before = await runResults();
  const overviewBefore = await overview();
  // campaign items in the same period: imported, closed, a field report — what every measure would see
  const p = pts();
  const blk = await createCampaign({ name: '指数不变测试', startsOn: day(-90), endsOn: day(30) });
  const rows = [0, 1, 2, 3].map((i) => [`T-${i}`, `对象${i}`, '房屋', '镇街', offset(p.b1, 50 * i, 300)[0], offset(p.b1, 50 * i, 300)[1], null]);
  assert.equal((await upload('city', blk.id, await xlsx(rows), false)).statusCode, 200);
  await backdate(`kind = 'campaign_item' and campaign_id = '${blk.id}'`, mid);
  assert.ok((await inPeriod('campaign_item')) >= 4, 'the items stand in the period');
  assert.deepEqual(await runResults(), before);
  assert.deepEqual(await overview(), overviewBefore);
});

test('a target list as a zipped Shapefile in Gauss-Krüger with GBK attributes; without its .prj it needs the system named', async () => {
  const p = pts();
  const shpCampaign = await createCampaign({ name: '杆线图层导入', startsOn: day(-10), endsOn: day(30), scopeDivisions: [TOWN_B] });
  // a zipped Shapefile as a GIS office writes it (ogr2ogr, Gauss-Krüger zone 40 EPSG:4528, GBK attributes)
  const shpPoints: [string, [number, number]][] = [
    ['GX-201', offset(p.b2, 0, 60)],
    ['GX-202', offset(p.b2, 20, 60)],
  ];
  const shpFeatures = shpPoints.map(([ref, at]) => ({
    type: 'Feature' as const,
    properties: { 编号: ref, 名称: '废弃电杆', 类别: '杆线', 责任单位: '供电公司' },
    geometry: { type: 'Point' as const, coordinates: at },
  }));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-campaign-shp-'));
  const zip = fs.readFileSync(shapefileZip(work, 'poles.zip', shpFeatures as unknown as VillageFeature[], { srs: 'EPSG:4528', encoding: 'GBK' }));
  const shp = await upload('city', shpCampaign.id, zip, true, 'poles.zip', 'application/zip');
  assert.equal(shp.statusCode, 200, shp.body);
  assert.deepEqual([shp.json().format, shp.json().created, shp.json().rejected], ['shapefile', 2, 0]);
  // without its .prj the file cannot say where it is: refused whole, until the import names the system
  const bare = fs.readFileSync(shapefileZip(work, 'bare.zip', shpFeatures as unknown as VillageFeature[], { srs: 'EPSG:4528', encoding: 'GBK', omit: ['prj'] }));
  const noPrj = await upload('city', shpCampaign.id, bare, true, 'bare.zip', 'application/zip');
  assert.equal(noPrj.statusCode, 400, noPrj.body);
  assert.equal(noPrj.json().code, 'campaign.bad_file');
  // the dialog's words, not the command line's
  assert.match(noPrj.json().message, /缺少 \.prj\):请在“坐标系”中选择/);
  assert.doesNotMatch(noPrj.json().message, /--crs/);
  const mp = multipart({}, [{ name: 'file', filename: 'bare.zip', type: 'application/zip', data: bare }]);
  const declared = await t.req('city', { method: 'POST', url: `/api/campaigns/${shpCampaign.id}/import?dryRun=false&crs=EPSG:4528`, payload: mp.payload, headers: mp.headers });
  assert.equal(declared.statusCode, 200, declared.body);
  assert.equal(declared.json().created, 2);
  const made = (await t.req('city', { method: 'GET', url: `/api/cases?kind=campaign_item&campaignId=${shpCampaign.id}&limit=100` })).json();
  for (const [ref, at] of shpPoints) {
    const item = made.items.find((c: { extra: { ref?: string } }) => c.extra.ref === ref);
    assert.ok(item, `${ref} was made`);
    assert.deepEqual([item.extra.name, item.extra.responsibleUnit], ['废弃电杆', '供电公司'], 'GBK attributes read as written');
    // back from Gauss-Krüger to WGS84 within 0.5 m
    assert.ok(Math.abs(item.lon - at[0]) * 111_320 * Math.cos((at[1] * Math.PI) / 180) < 0.5 && Math.abs(item.lat - at[1]) * 110_540 < 0.5, `${ref} at ${item.lon},${item.lat}`);
  }
  // a point in degrees read as metres is refused at its feature, with the reason
  const wrong = fs.readFileSync(shapefileZip(work, 'wrong.zip', shpFeatures as unknown as VillageFeature[], { srs: 'EPSG:4490', encoding: 'GBK', omit: ['prj'] }));
  const mp2 = multipart({}, [{ name: 'file', filename: 'wrong.zip', type: 'application/zip', data: wrong }]);
  const misdeclared = await t.req('city', { method: 'POST', url: `/api/campaigns/${shpCampaign.id}/import?dryRun=true&crs=EPSG:4528`, payload: mp2.payload, headers: mp2.headers });
  assert.equal(misdeclared.statusCode, 200, misdeclared.body);
  assert.equal(misdeclared.json().rejected, 2);
  assert.match(misdeclared.json().report[0].reasons.join(), /不在中国境内/);
  fs.rmSync(work, { recursive: true, force: true });
});

test('a drawn area narrows the scope: imports and field reports outside it are refused, inside it they count', async () => {
  const p = pts();
  const square = [offset(p.b2, -100, -100), offset(p.b2, 100, -100), offset(p.b2, 100, 100), offset(p.b2, -100, 100), offset(p.b2, -100, -100)];
  const block = await createCampaign({
    name: '地块清零(绘制区域)',
    startsOn: day(-5),
    endsOn: day(30),
    scopeDivisions: [TOWN_B],
    scopeArea: { type: 'Polygon', coordinates: [square] },
  });
  const shown = (await t.req('city', { method: 'GET', url: `/api/campaigns/${block.id}` })).json();
  assert.equal(shown.scopeArea.type, 'MultiPolygon', 'the drawn area comes back as stored');
  const inside = offset(p.b2, 50, 0);
  const outside = offset(p.b2, 300, 0);
  const file = await xlsx([
    ['DK-1', '简易棚', '构筑物', '镇街', inside[0], inside[1], null],
    ['DK-2', '围墙', '构筑物', '镇街', outside[0], outside[1], null],
  ]);
  const dry = (await upload('city', block.id, file, true)).json();
  assert.deepEqual(
    dry.report.map((r: { ref: string; outcome: string }) => [r.ref, r.outcome]),
    [
      ['DK-1', 'new'],
      ['DK-2', 'rejected'],
    ],
  );
  assert.match(dry.report[1].reasons.join(), /绘制的范围区域/);
  const refused = await t.req('inspector_b', { method: 'POST', url: `/api/campaigns/${block.id}/items`, payload: { lon: outside[0], lat: outside[1] } });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal(refused.json().code, 'campaign.outside_scope');
  const taken = await t.req('inspector_b', { method: 'POST', url: `/api/campaigns/${block.id}/items`, payload: { lon: inside[0], lat: inside[1] } });
  assert.equal(taken.statusCode, 201, taken.body);
  // the area taken off again: the town's whole ground is in scope
  const cleared = await t.req('city', { method: 'PATCH', url: `/api/campaigns/${block.id}`, payload: { version: shown.version, scopeArea: null } });
  assert.equal(cleared.statusCode, 200, cleared.body);
  assert.equal(cleared.json().scopeArea, null);
  const again = (await upload('city', block.id, file, true)).json();
  assert.deepEqual([again.created, again.rejected], [2, 0]);
});
