import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';
import { indexBaseline } from '../support/index-baseline.js';

// Waterlogging points (积水点) on the case engine: their own numbering, list and figures, the same workflow
// with the kind's words and choices, reopening when a point floods again; the index counts violations only.
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const offset = ([lon, lat]: [number, number], dx: number, dy: number): [number, number] => [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_540];
const soon = (s = 5) => new Date(Date.now() + s * 1000);
let seed = 1;

async function reportPoint(user: string, at: [number, number], fields: Record<string, string> = {}, clientId = randomUUID()) {
  const img = await jpegWithExif({ lon: at[0], lat: at[1], at: new Date(Date.now() - 60_000), seed: seed++ });
  const mp = multipart({ clientId, lon: String(at[0]), lat: String(at[1]), accuracy: '6', kind: 'waterlogging', depthCm: '35', category: 'road', ...fields }, [
    { name: 'photo', filename: 'p.jpg', type: 'image/jpeg', data: img },
  ]);
  return t.req(user, { method: 'POST', url: '/api/cases', payload: mp.payload, headers: mp.headers });
}
async function act(user: string, id: string, action: string, body: Record<string, unknown> = {}) {
  const c = (await t.req(user, { method: 'GET', url: `/api/cases/${id}` })).json();
  return t.req(user, { method: 'POST', url: `/api/cases/${id}/actions`, payload: { action, version: c.version, ...body } });
}
async function afterPhoto(id: string, at: [number, number]) {
  const data = await jpegWithExif({ lon: at[0], lat: at[1], at: soon(), seed: seed++ });
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
/** 受理交办 → 确定整治方式 → 开始整治 → (after photo) → 申请验收 → 验收销号. */
async function walkToClosed(id: string, at: [number, number]) {
  const reopened = (await t.req('city', { method: 'GET', url: `/api/cases/${id}` })).json().status === 'verified';
  for (const [user, action, body] of [
    ...(reopened ? [] : ([['officer_a', 'verify', {}]] as const)),
    ['officer_a', 'classify', { disposalClass: 'dredging' }],
    ['officer_a', 'start_rectification', {}],
  ] as const) {
    const r = await act(user, id, action, body);
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  }
  await afterPhoto(id, at);
  assert.equal((await act('officer_a', id, 'request_closing')).statusCode, 200);
  const closed = await act('city', id, 'approve_closing');
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().status, 'closed');
}

test('numbering: waterlogging points count JS-year-NNNNNN on their own; violations keep PH and their counter', async () => {
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const p1 = await reportPoint('inspector_a', offset(t.pointIn(TOWN_A, 1), 0, 0));
  assert.equal(p1.statusCode, 201, p1.body);
  assert.equal(p1.json().caseNo, `JS-${year}-000001`);
  assert.equal(p1.json().kind, 'waterlogging');
  assert.deepEqual(p1.json().extra, { depthCm: 35 });
  assert.equal(p1.json().category, 'road');
  assert.ok(p1.json().deadlineAt, 'the kind’s own deadline for 受理');
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const v = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(v.statusCode, 201, v.body);
  assert.equal(v.json().caseNo, `PH-${year}-000001`);
  assert.equal(v.json().kind, 'violation');
  const p2 = await reportPoint('inspector_b', offset(t.pointIn(TOWN_B, 1), 0, 0), { depthCm: '60', category: 'underpass' });
  assert.equal(p2.json().caseNo, `JS-${year}-000002`);
});

test('a point needs its depth and one of its own categories; a violation may not take a waterlogging category', async () => {
  const at = offset(t.pointIn(TOWN_A, 3), 0, 0);
  const noDepth = await reportPoint('inspector_a', at, { depthCm: '' });
  assert.equal(noDepth.statusCode, 400, noDepth.body);
  assert.match(noDepth.json().message, /积水深度/);
  const wrong = await reportPoint('inspector_a', at, { category: 'shed' });
  assert.equal(wrong.statusCode, 400);
  assert.equal(wrong.json().code, 'case.invalid_category');
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const v = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat, { category: 'road' }) });
  assert.equal(v.statusCode, 400);
  assert.equal(v.json().code, 'case.invalid_category');
});

test('kind filter: the default list is violations; ?kind=waterlogging the points; the duplicate check does not see points', async () => {
  const all = (await t.req('city', { method: 'GET', url: '/api/cases?limit=500' })).json();
  assert.ok(all.items.length > 0);
  assert.ok(all.items.every((c: { kind: string }) => c.kind === 'violation'));
  const points = (await t.req('city', { method: 'GET', url: '/api/cases?kind=waterlogging&limit=500' })).json();
  assert.ok(points.items.length >= 2);
  assert.ok(points.items.every((c: { kind: string; caseNo: string }) => c.kind === 'waterlogging' && c.caseNo.startsWith('JS-')));
  const mine = (await t.req('officer_a', { method: 'GET', url: '/api/cases?kind=waterlogging' })).json();
  assert.ok(
    mine.items.every((c: { townCode: string }) => c.townCode === TOWN_A),
    'jurisdiction still applies',
  );
  const p = points.items[0];
  const near = (await t.req('city', { method: 'GET', url: `/api/cases/nearby?lon=${p.lon}&lat=${p.lat}&radius=100` })).json();
  assert.ok(!near.items.some((c: { id: string }) => c.id === p.id));
  assert.equal((await t.req('city', { method: 'GET', url: '/api/cases?kind=puddle' })).statusCode, 400);
});

test('a point walked from report to closing with the kind’s words, then reopened by a new report nearby (再次积水) with its history kept', async () => {
  const at = offset(t.pointIn(TOWN_A, 4), 0, 0);
  const r = await reportPoint('inspector_a', at, { depthCm: '40', note: '暴雨后路面积水' });
  const id = r.json().id as string;
  const page = (await t.req('officer_a', { method: 'GET', url: `/api/cases/${id}` })).json();
  assert.deepEqual(page.allowedActions, ['verify', 'reject']);
  assert.equal((await act('officer_a', id, 'verify')).statusCode, 200);
  const bad = await act('officer_a', id, 'classify', { disposalClass: 'demolish' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.json().message, /积水点的处置类别只能是:疏通清淤、排水改造、增设泵站/);
  assert.equal((await act('officer_a', id, 'classify', { disposalClass: 'drainage_works' })).statusCode, 200);
  assert.equal((await act('officer_a', id, 'start_rectification')).statusCode, 200);
  const early = await act('officer_a', id, 'request_closing');
  assert.equal(early.statusCode, 422);
  assert.match(early.json().message, /整改后/);
  await afterPhoto(id, offset(at, 5, 0));
  assert.equal((await act('officer_a', id, 'request_closing')).statusCode, 200);
  assert.equal((await act('city', id, 'approve_closing')).json().status, 'closed');

  // it floods again: a report 12 m away reopens this point instead of making a second one
  const clientId = randomUUID();
  const again = await reportPoint('inspector_a', offset(at, 12, 0), { depthCm: '25' }, clientId);
  assert.equal(again.statusCode, 200, again.body);
  assert.equal(again.json().id, id);
  assert.equal(again.json().status, 'verified');
  const resend = await reportPoint('inspector_a', offset(at, 12, 0), { depthCm: '25' }, clientId);
  assert.equal(resend.statusCode, 200);
  assert.equal(resend.json().id, id);
  const file = (await t.req('city', { method: 'GET', url: `/api/cases/${id}` })).json();
  const kinds = file.timeline.map((e: { kind: string }) => e.kind);
  assert.deepEqual(
    kinds.filter((k: string) => k !== 'photo_added' && k !== 'assigned'),
    ['created', 'verify', 'classify', 'start_rectification', 'request_closing', 'approve_closing', 'reopen'],
  );
  const reopen = file.timeline.find((e: { kind: string }) => e.kind === 'reopen');
  assert.match(reopen.note, /再次积水.*25 cm/);
  assert.equal(file.photos.filter((p: { stage: string }) => p.stage === 'before').length, 2, 'the new flooding photo joins the file');
  assert.equal(file.disposalClass, null, 'a new decision is due');
  // and it can be closed again
  await walkToClosed(id, at);

  // 再次积水 by hand: the inspector reopens a closed point (an illegal building needs the office)
  const byHand = await act('inspector_a', id, 'reopen', { reason: '再次积水,深约 30 cm' });
  assert.equal(byHand.statusCode, 200, byHand.body);
  assert.equal(byHand.json().status, 'verified');
  const count = await sql<{ n: number }>`select count(*)::int as n from cases where kind = 'waterlogging' and id = ${id}`.execute(t.db.q);
  assert.equal(count.rows[0].n, 1);
});

test('figures and export: found and closed this month, per town; the Excel export in zh-CN', async () => {
  const at = offset(t.pointIn(TOWN_A, 5), 0, 0);
  const r = await reportPoint('inspector_a', at);
  await walkToClosed(r.json().id, at);
  const fig = await t.req('city', { method: 'GET', url: '/api/items/figures?kind=waterlogging' });
  assert.equal(fig.statusCode, 200, fig.body);
  const f = fig.json();
  const hand = await sql<{ found: number; closed: number }>`
    select count(*)::int as found, count(*) filter (where status = 'closed')::int as closed from cases
    where kind = 'waterlogging' and status <> 'rejected' and found_at >= ${new Date(f.from)} and found_at < ${new Date(f.to)}`.execute(t.db.q);
  assert.equal(f.found, hand.rows[0].found);
  assert.equal(f.foundClosed, hand.rows[0].closed);
  assert.equal(f.summary, `本月发现 ${f.found} 处,已销号 ${f.foundClosed} 处`);
  assert.equal(
    f.towns.reduce((n: number, x: { found: number }) => n + x.found, 0),
    f.found,
  );
  assert.ok(f.reopened >= 2);
  const townB = (await t.req('officer_b', { method: 'GET', url: '/api/items/figures?kind=waterlogging' })).json();
  assert.deepEqual(
    townB.towns.map((x: { townCode: string }) => x.townCode),
    [TOWN_B],
  );
  // another town's figures stay out of reach: asking for town A gives officer B nothing, asking for the
  // whole city gives him his own town
  const other = (await t.req('officer_b', { method: 'GET', url: `/api/items/figures?kind=waterlogging&division=${TOWN_A}` })).json();
  assert.deepEqual([other.found, other.towns.length], [0, 0]);
  const wider = (await t.req('officer_b', { method: 'GET', url: '/api/items/figures?kind=waterlogging&division=330482' })).json();
  assert.deepEqual(wider.towns, townB.towns);
  const own = (await t.req('city', { method: 'GET', url: `/api/items/figures?kind=waterlogging&division=${TOWN_A}` })).json();
  assert.ok(own.found >= 1, 'the city office sees town A');

  const x = await t.req('city', { method: 'GET', url: '/api/items/export.xlsx?kind=waterlogging' });
  assert.equal(x.statusCode, 200, x.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('积水点')!;
  const header = (ws.getRow(1).values as string[]).slice(1);
  assert.deepEqual(header.slice(0, 7), ['编号', '类别', '镇街', '村(社区)', '地址', '积水深度(cm)', '责任单位']);
  const rows = ws.getRows(2, ws.rowCount - 1)!.map((row) => (row.values as unknown[]).slice(1));
  assert.equal(rows.length, f.found + 0 || rows.length);
  assert.ok(rows.every((v) => String(v[0]).startsWith('JS-')));
  assert.ok(rows.some((v) => v[7] === '已销号' && v[8] === '疏通清淤'));
  assert.ok(
    rows.every((v) => !/closed|dredging|road/.test(v.join(' '))),
    'no codes in the workbook',
  );
});

test('the governance index and the overview are unchanged by waterlogging points', async () => {
  const { mid, backdate, runResults, overview, inPeriod } = await indexBaseline(t, { village: 6 });
  const before = await runResults();
  const overviewBefore = await overview();
  // waterlogging points in the same period: reported, closed, reopened — what every measure would see
  for (let i = 0; i < 4; i++) {
    const at = offset(t.pointIn(TOWN_B, 2 + i), 0, 0);
    const p = await reportPoint('inspector_b', at);
    assert.equal(p.statusCode, 201, p.body);
    if (i < 2) await act('officer_b', p.json().id, 'verify');
  }
  await backdate(`kind = 'waterlogging'`, mid);
  assert.ok((await inPeriod('waterlogging')) >= 4, 'the points stand in the period');
  assert.deepEqual(await runResults(), before);
  assert.deepEqual(await overview(), overviewBefore);
});

test("a point's file and its audit records in its own words: 积水点档案 with the depth, no building facts, no codes", async () => {
  const at = offset(t.pointIn(TOWN_A, 7), 0, 0);
  const r = await reportPoint('inspector_a', at);
  assert.equal(r.statusCode, 201, r.body);
  const point = r.json();
  await walkToClosed(point.id, at);
  const pdf = await t.req('city', { method: 'GET', url: `/api/cases/${point.id}/dossier.pdf` });
  assert.equal(pdf.statusCode, 200, pdf.body);
  const file = path.join(os.tmpdir(), `wwj-point-${point.id}.pdf`);
  fs.writeFileSync(file, pdf.rawPayload);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  fs.rmSync(file);
  for (const want of [`积水点档案${point.caseNo}`, '已销号', '疏通清淤', '类别道路', '积水深度35cm']) assert.ok(text.includes(want), `the file has ${want}: ${text.slice(0, 400)}`);
  for (const not of ['违法建筑', '一户一档', '层数', '占用耕地', 'dredging', 'road']) assert.ok(!text.includes(not), `no ${not}`);
  // the export's audit record and the point's own records read in zh-CN
  assert.equal((await t.req('city', { method: 'GET', url: '/api/items/export.xlsx?kind=waterlogging' })).statusCode, 200);
  const exp = (await t.req('supervisor', { method: 'GET', url: '/api/audit', query: { action: 'items.export' } })).json();
  assert.ok(exp.items.length >= 1);
  // what the page shows: the sentence and the changes (the raw record travels beside them for the chain)
  const exportText = JSON.stringify([exp.items[0].sentence, exp.items[0].changes]);
  assert.match(exp.items[0].sentence, /导出事项清单/);
  assert.ok(exportText.includes('积水点') && !exportText.includes('waterlogging') && !exportText.includes('items.export'), exportText);
  const own = (await t.req('supervisor', { method: 'GET', url: '/api/audit', query: { caseNo: point.caseNo } })).json();
  const ownText = JSON.stringify(own.items.map((i: { sentence: string; changes: unknown }) => [i.sentence, i.changes]));
  for (const code of ['dredging', '"road"', 'depthCm', 'waterlogging']) assert.ok(!ownText.includes(code), `no ${code} in ${ownText.slice(0, 600)}`);
});
