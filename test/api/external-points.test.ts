import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { sql } from 'kysely';
import sharp from 'sharp';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { gbk } from '../fixtures/going-live.js';
import { loadDemoDivisions } from '../../src/demo/demo.seed.js';
import { wgs84ToGcj02 } from '../../src/modules/cases/geo.js';
import { exifChinaTime } from '../../src/demo/demo.photos.js';

// The province's and prefecture's point lists (issue 20, item 4): a GBK CSV from the provincial platform and
// an .xlsx from the prefecture's system (a title row, a two-row header under merged cells, GCJ-02 points),
// each row's fate in the dry run and the import, re-imports that change nothing, a changed row, a person's
// decisions on a conflict and an unmatched point, and the closings sent back with their photos.

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => t?.close());

type Json = Record<string, any>;
const villages = loadDemoDivisions().filter((f) => f.properties.level === 'village');
const towns = new Map(loadDemoDivisions().map((f) => [f.properties.code as string, f.properties.name as string]));
const village = (town: string, n: number) => {
  const v = villages.filter((f) => f.properties.parent_code === town)[n];
  return { name: v.properties.name as string, town: towns.get(town)!, point: t.pointIn(town, n) };
};
/** About `m` metres east of a point. */
const east = ([lon, lat]: [number, number], m: number): [number, number] => [lon + m / (111_320 * Math.cos((lat * Math.PI) / 180)), lat];

async function call(user: string, method: string, url: string, payload?: unknown, status = 200) {
  const r = await t.req(user, { method: method as 'GET', url, payload: payload as Json });
  assert.equal(r.statusCode, status, `${method} ${url}: ${r.body}`);
  return r.json() as Json;
}
async function report(user: string, at: [number, number], extra: Json = {}) {
  return call(user, 'POST', '/api/cases', caseBody(at[0], at[1], extra), 201);
}
function upload(user: string, url: string, data: Buffer, filename: string, fields: Record<string, string> = {}) {
  const mp = multipart(fields, [{ name: 'file', filename, type: 'application/octet-stream', data }]);
  return t.req(user, { method: 'POST', url, payload: mp.payload, headers: mp.headers });
}

const PROVINCE_HEADERS = ['点位编号', '所属乡镇', '详细地址', '经度', '纬度', '违建类型', '问题描述', '下发时间', '整改状态'];
const cases: Record<string, Json> = {};
const spots: Record<string, ReturnType<typeof village>> = {};
let provinceCsv: string;

function csvLine(cells: (string | number)[]) {
  return cells.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
}
function provinceRows(change: Record<string, string> = {}) {
  const a = spots.a;
  const [aLon, aLat] = east(a.point, 10);
  const [bLon, bLat] = east(spots.b.point, 5);
  const [cLon, cLat] = east(spots.c.point, 6);
  const e = spots.e.point;
  const f = spots.f.point;
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    const s = ((v - d) * 60 - m) * 60;
    return `${d}°${m}′${s.toFixed(3)}″`;
  };
  const lines = [
    csvLine(PROVINCE_HEADERS),
    csvLine(['ZJ-001', a.town, `平湖市${a.town}${a.name}3组21号`, aLon.toFixed(7), aLat.toFixed(7), '房屋', '违法搭建二层砖混房', '2026-11-02', '未整改']),
    '',
    csvLine(['ZJ-002', spots.b.town, `${spots.b.town}${spots.b.name}`, bLon.toFixed(7), bLat.toFixed(7), '房屋', '两处相邻违建', '2026-11-02', '未整改']),
    csvLine(['ZJ-003', spots.c.town, `${spots.c.town}${spots.c.name}`, cLon.toFixed(7), cLat.toFixed(7), '房屋', '疑似违建', '2026-11-03', '未整改']),
    csvLine([
      'ZJ-004',
      spots.d.town,
      `${spots.d.town}${spots.d.name}`,
      spots.d.point[0].toFixed(7),
      spots.d.point[1].toFixed(7),
      '棚房',
      change['ZJ-004'] ?? '简易钢棚',
      '2026-11-03',
      '未整改',
    ]),
    // lon and lat swapped, as a hurried export does
    csvLine(['ZJ-005', spots.e.town, `${spots.e.town}${spots.e.name}`, e[1].toFixed(7), e[0].toFixed(7), '构筑物', '围墙', '2026/11/04', '未整改']),
    // degrees, minutes and seconds
    csvLine(['ZJ-006', spots.f.town, `${spots.f.town}${spots.f.name}`, `${dms(f[0])}E`, `${dms(f[1])}N`, '房屋', '加层', '2026年11月4日', '未整改']),
    // Hangzhou: not in this county
    csvLine(['ZJ-007', '西湖区', '杭州市西湖区', '120.1551000', '30.2741000', '房屋', '外县点位', '2026-11-05', '未整改']),
    ',,,,,,,,',
    csvLine(['ZJ-004', spots.d.town, '重复行', spots.d.point[0].toFixed(7), spots.d.point[1].toFixed(7), '棚房', '同一编号又一行', '2026-11-05', '未整改']),
    csvLine(['', spots.d.town, '没有编号', spots.d.point[0].toFixed(7), spots.d.point[1].toFixed(7), '棚房', '', '2026-11-05', '未整改']),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The prefecture's workbook: a title merged over the sheet, 编号 merged down two rows, 坐标 over 经度 | 纬度; GCJ-02. */
async function prefectureXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('下发点位');
  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = '嘉兴市违法建筑治理平台 点位下发清单(2026年11月)';
  ws.getRow(2).values = ['编号', '镇街', '地址', '坐标', null, '类型', '发现日期'];
  ws.getRow(3).values = ['编号', '镇街', '地址', '经度', '纬度', '类型', '发现日期'];
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  ws.mergeCells('C2:C3');
  ws.mergeCells('D2:E2');
  ws.mergeCells('F2:F3');
  ws.mergeCells('G2:G3');
  const g = wgs84ToGcj02(spots.g.point[0], spots.g.point[1]);
  const h = wgs84ToGcj02(spots.h.point[0], spots.h.point[1]);
  ws.getRow(4).values = ['JX2026-0001', spots.g.town, `${spots.g.town}${spots.g.name}`, g[0], g[1], '房屋', new Date(Date.UTC(2026, 10, 10))];
  ws.getRow(6).values = ['JX2026-0002', spots.h.town, `${spots.h.town}${spots.h.name}`, h[0], h[1], '棚房', new Date(Date.UTC(2026, 10, 11))];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

let province: Json;
let prefecture: Json;
const points = async (user: string, query = '') => (await call(user, 'GET', `/api/external/points?limit=100${query}`)).items as Json[];
const byId = (list: Json[]) => new Map(list.map((p) => [p.externalId as string, p]));

test('setup: cases in two towns, and the two sources with their mappings', async () => {
  spots.a = village(TOWN_A, 0);
  spots.b = village(TOWN_A, 1);
  spots.c = village(TOWN_B, 0);
  spots.d = village(TOWN_A, 3);
  spots.e = village(TOWN_A, 4);
  spots.f = village(TOWN_A, 5);
  spots.g = village(TOWN_B, 1);
  spots.h = village(TOWN_B, 2);
  cases.a = await report('inspector_a', spots.a.point, { addressGroup: '3', addressHouseNo: '21' });
  cases.b1 = await report('inspector_a', spots.b.point);
  cases.b2 = await report('inspector_a', east(spots.b.point, 18));
  cases.c = await report('inspector_b', spots.c.point, { category: 'shed' });
  cases.g = await report('inspector_b', spots.g.point);

  // the mapping form reads a sample's headers: the title row skipped, the two header rows joined
  const sample = await upload('city', '/api/external/headers', await prefectureXlsx(), '嘉兴下发.xlsx');
  assert.equal(sample.statusCode, 200, sample.body);
  const s = sample.json();
  assert.deepEqual(s.headers, ['编号', '镇街', '地址', '经度', '纬度', '类型', '发现日期']);
  assert.equal(s.rows, 2);
  assert.deepEqual(s.suggested, { externalId: '编号', lon: '经度', lat: '纬度', address: '地址', town: '镇街', foundAt: '发现日期', category: '类型' });
  const csvSample = await upload('admin', '/api/external/headers', gbk(provinceRows()), '省平台.csv');
  assert.equal(csvSample.statusCode, 200, csvSample.body);
  assert.equal(csvSample.json().encoding, 'gbk');
  assert.deepEqual(csvSample.json().headers, PROVINCE_HEADERS);
  assert.equal((await upload('officer_a', '/api/external/headers', await prefectureXlsx(), 'x.xlsx')).statusCode, 403);

  const layout = { statusColumn: '整改状态', closedValue: '已整改', dateColumn: '整改完成时间', noteColumn: '处置说明' };
  province = await call(
    'admin',
    'POST',
    '/api/external/sources',
    {
      code: 'zj_province',
      name: '浙江省违建治理平台',
      caseSource: 'provincial',
      mapping: { externalId: '点位编号', lon: '经度', lat: '纬度', address: '详细地址', description: '问题描述', town: '所属乡镇', foundAt: '下发时间', category: '违建类型' },
      crs: 'wgs84',
      encoding: 'gbk',
      matchRadiusM: 50,
      exportLayout: layout,
    },
    201,
  );
  prefecture = await call(
    'city',
    'POST',
    '/api/external/sources',
    {
      code: 'jx_city',
      name: '嘉兴市平台',
      caseSource: 'prefecture',
      mapping: s.suggested,
      crs: 'gcj02',
      encoding: 'auto',
      matchRadiusM: 30,
      exportLayout: { ...layout, statusColumn: '处置状态', closedValue: '已销号', dateColumn: '销号日期' },
    },
    201,
  );
  await call('city', 'POST', '/api/external/sources', { ...province, id: undefined, version: undefined, counts: undefined, createdAt: undefined, updatedAt: undefined }, 400);
  const dup = await t.req('city', {
    method: 'POST',
    url: '/api/external/sources',
    payload: {
      code: 'zj_province',
      name: '另一个',
      caseSource: 'provincial',
      mapping: { externalId: 'a', lon: 'b', lat: 'c' },
      crs: 'wgs84',
      encoding: 'auto',
      matchRadiusM: 50,
      exportLayout: layout,
    },
  });
  assert.equal(dup.statusCode, 409);
  assert.equal((await t.req('officer_a', { method: 'GET', url: '/api/external/sources' })).statusCode, 200);
  assert.equal((await t.req('inspector_a', { method: 'GET', url: '/api/external/sources' })).statusCode, 403);
});

test("the province's GBK CSV: the dry run gives every row's fate and writes nothing", async () => {
  provinceCsv = provinceRows();
  const r = await upload('city', `/api/external/sources/${province.id}/imports`, gbk(provinceCsv), '省平台下发点位.csv', { dryRun: 'true' });
  assert.equal(r.statusCode, 200, r.body);
  const dry = r.json();
  assert.equal(dry.dryRun, true);
  assert.equal(dry.importId, null);
  assert.equal(dry.encoding, 'gbk');
  const fate = new Map<number, Json>(dry.rows.map((x: Json) => [x.rowNo, x]));
  // line 1 is the header, line 3 blank, line 10 a row of empty cells: skipped
  assert.deepEqual(
    dry.rows.map((x: Json) => x.rowNo),
    [2, 4, 5, 6, 7, 8, 9, 11, 12],
  );
  assert.equal(fate.get(2)!.fate, 'new');
  assert.equal(fate.get(2)!.match.status, 'matched');
  assert.equal(fate.get(2)!.match.caseNo, cases.a.caseNo);
  assert.equal(fate.get(4)!.match.status, 'conflict');
  assert.match(fate.get(4)!.match.note, /2 个案件/);
  assert.equal(fate.get(5)!.match.status, 'conflict', 'one case near, but a shed where the list says a house');
  assert.match(fate.get(5)!.match.note, /类别不一致/);
  assert.equal(fate.get(6)!.match.status, 'unmatched');
  assert.equal(fate.get(7)!.match.status, 'unmatched');
  assert.ok(fate.get(7)!.notes.includes('经纬度填反,已交换'), JSON.stringify(fate.get(7)));
  assert.equal(fate.get(8)!.fate, 'new');
  assert.ok(fate.get(8)!.notes.includes('度分秒坐标已换算为十进制度'), JSON.stringify(fate.get(8)));
  assert.equal(fate.get(9)!.fate, 'rejected');
  assert.match(fate.get(9)!.reasons[0], /不在本县\(市\)范围内/);
  assert.equal(fate.get(11)!.fate, 'rejected');
  assert.match(fate.get(11)!.reasons[0], /与第 6 行重复/);
  assert.equal(fate.get(12)!.fate, 'rejected');
  assert.match(fate.get(12)!.reasons[0], /点位编号为空/);
  assert.deepEqual(dry.counts, { new: 6, updated: 0, unchanged: 0, rejected: 3, matched: 1, conflict: 2, unmatched: 3 });
  assert.equal((await points('city')).length, 0, 'a dry run writes nothing');
});

test('the import writes the same fates in one go; the matched case carries the external reference', async () => {
  const r = await upload('city', `/api/external/sources/${province.id}/imports`, gbk(provinceCsv), '省平台下发点位.csv');
  assert.equal(r.statusCode, 201, r.body);
  const done = r.json();
  assert.ok(done.importId);
  assert.deepEqual(done.counts, { new: 6, updated: 0, unchanged: 0, rejected: 3, matched: 1, conflict: 2, unmatched: 3 });
  const list = byId(await points('city', `&sourceId=${province.id}`));
  assert.deepEqual([...list.keys()].sort(), ['ZJ-001', 'ZJ-002', 'ZJ-003', 'ZJ-004', 'ZJ-005', 'ZJ-006']);
  assert.equal(list.get('ZJ-001')!.status, 'matched');
  assert.equal(list.get('ZJ-001')!.caseId, cases.a.id);
  assert.equal(list.get('ZJ-001')!.raw['问题描述'], '违法搭建二层砖混房');
  assert.equal(list.get('ZJ-001')!.foundOn, '2026-11-02');
  assert.equal(list.get('ZJ-006')!.foundOn, '2026-11-04');
  // the swapped and DMS points are where the villages are
  assert.ok(Math.abs(list.get('ZJ-005')!.lon - spots.e.point[0]) < 1e-6 && Math.abs(list.get('ZJ-005')!.lat - spots.e.point[1]) < 1e-6);
  assert.ok(Math.abs(list.get('ZJ-006')!.lon - spots.f.point[0]) < 1e-5 && Math.abs(list.get('ZJ-006')!.lat - spots.f.point[1]) < 1e-5);
  const a = await call('city', 'GET', `/api/cases/${cases.a.id}`);
  assert.deepEqual(
    a.externalRefs.map((x: Json) => `${x.system}:${x.externalId}`),
    ['zj_province:ZJ-001'],
  );
  const onCase = await call('officer_a', 'GET', `/api/external/cases/${cases.a.id}/points`);
  assert.deepEqual(
    onCase.items.map((p: Json) => `${p.sourceName} ${p.externalId} ${p.status}`),
    ['浙江省违建治理平台 ZJ-001 matched'],
  );
  // the import's report as it was given
  const rep = await call('city', 'GET', `/api/external/imports/${done.importId}`);
  assert.equal(rep.rows.length, 9);
  assert.equal(rep.counts.rejected, 3);
  // each town sees its own points
  assert.deepEqual(
    (await points('officer_b')).map((p) => p.externalId),
    ['ZJ-003'],
  );
  const aPoint = list.get('ZJ-001')!;
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/external/points/${aPoint.id}` })).statusCode, 404);
  const src = (await call('city', 'GET', '/api/external/sources')).items.find((s: Json) => s.id === province.id);
  assert.deepEqual(src.counts, { matched: 1, conflict: 2, unmatched: 3, newCase: 0, total: 6 });
  assert.deepEqual(src.exportLayout.headers, PROVINCE_HEADERS);
});

test('the same file again changes nothing; a changed row is updated and says what changed', async () => {
  const before = byId(await points('city', `&sourceId=${province.id}`));
  const again = await upload('city', `/api/external/sources/${province.id}/imports`, gbk(provinceCsv), '省平台下发点位.csv');
  assert.equal(again.statusCode, 201, again.body);
  assert.deepEqual(again.json().counts, { new: 0, updated: 0, unchanged: 6, rejected: 3, matched: 0, conflict: 0, unmatched: 0 });
  const afterAgain = byId(await points('city', `&sourceId=${province.id}`));
  for (const [id, p] of before) assert.equal(afterAgain.get(id)!.updatedAt, p.updatedAt, `${id} untouched`);

  const changed = await upload('city', `/api/external/sources/${province.id}/imports`, gbk(provinceRows({ 'ZJ-004': '简易钢棚,约 200 平方米' })), '省平台下发点位(更新).csv', {
    dryRun: 'true',
  });
  const row = changed.json().rows.find((x: Json) => x.externalId === 'ZJ-004' && x.fate !== 'rejected');
  assert.equal(row.fate, 'updated');
  assert.deepEqual(row.changes, ['问题描述']);
  const applied = await upload('city', `/api/external/sources/${province.id}/imports`, gbk(provinceRows({ 'ZJ-004': '简易钢棚,约 200 平方米' })), '省平台下发点位(更新).csv');
  assert.equal(applied.json().counts.updated, 1);
  assert.equal(applied.json().counts.unchanged, 5);
  assert.equal(byId(await points('city')).get('ZJ-004')!.description, '简易钢棚,约 200 平方米');

  // the same changed list sent twice at once (a double click, two offices): one import updates, the other
  // finds it done; each import plans inside its transaction, with the source locked
  const twice = gbk(provinceRows({ 'ZJ-004': '简易钢棚,约 250 平方米' }));
  const both = await Promise.all([1, 2].map((n) => upload('city', `/api/external/sources/${province.id}/imports`, twice, `省平台下发点位(第 ${n} 次).csv`)));
  for (const r of both) assert.equal(r.statusCode, 201, r.body);
  assert.deepEqual(both.map((r) => r.json().counts.updated).sort(), [0, 1]);
  assert.deepEqual(both.map((r) => r.json().counts.unchanged).sort(), [5, 6]);
});

test("the prefecture's workbook: merged headers read, GCJ-02 converted, matched within its 30 m", async () => {
  const r = await upload('city', `/api/external/sources/${prefecture.id}/imports`, await prefectureXlsx(), '嘉兴下发.xlsx');
  assert.equal(r.statusCode, 201, r.body);
  const out = r.json();
  assert.equal(out.format, 'xlsx');
  assert.deepEqual(
    out.rows.map((x: Json) => [x.rowNo, x.externalId, x.fate, x.match?.status]),
    [
      [4, 'JX2026-0001', 'new', 'matched'],
      [6, 'JX2026-0002', 'new', 'unmatched'],
    ],
  );
  assert.ok(out.rows[0].notes.includes('GCJ-02 坐标已转换为 WGS-84'));
  const p = byId(await points('city', `&sourceId=${prefecture.id}`)).get('JX2026-0001')!;
  assert.equal(p.caseId, cases.g.id);
  assert.ok(Math.abs(p.lon - spots.g.point[0]) < 1e-5 && Math.abs(p.lat - spots.g.point[1]) < 1e-5, 'back on WGS-84');
  assert.equal(p.foundOn, '2026-11-10');
  // a case may carry references from several systems
  const refs = (await call('city', 'GET', `/api/cases/${cases.g.id}`)).externalRefs.map((x: Json) => `${x.system}:${x.externalId}`);
  assert.deepEqual(refs, ['jx_city:JX2026-0001']);
  // the case page names the source, never its code
  assert.equal((await call('city', 'GET', `/api/cases/${cases.g.id}`)).externalRefs[0].systemName, '嘉兴市平台');
});

test('a person decides: a conflict linked to one candidate, an unmatched point made a new case, a stale decision refused', async () => {
  const list = byId(await points('city'));
  const conflictPoint = await call('officer_a', 'GET', `/api/external/points/${list.get('ZJ-002')!.id}`);
  assert.equal(conflictPoint.status, 'conflict');
  assert.deepEqual(conflictPoint.candidateCases.map((c: Json) => c.caseNo).sort(), [cases.b1.caseNo, cases.b2.caseNo].sort());
  assert.ok(conflictPoint.candidateCases.every((c: Json) => c.distanceM < 50 && c.status === 'reported'));
  const linked = await call('officer_a', 'POST', `/api/external/points/${conflictPoint.id}/decision`, { action: 'link', caseId: cases.b2.id, updatedAt: conflictPoint.updatedAt });
  assert.equal(linked.status, 'matched');
  assert.equal(linked.caseId, cases.b2.id);
  assert.equal(linked.decidedBy.name, 'officer_a');
  assert.ok(linked.candidateCases.find((c: Json) => c.caseId === cases.b2.id).linked);
  // the same decision with what was read before: someone decided meanwhile
  const stale = await t.req('city', {
    method: 'POST',
    url: `/api/external/points/${conflictPoint.id}/decision`,
    payload: { action: 'link', caseId: cases.b1.id, updatedAt: conflictPoint.updatedAt },
  });
  assert.equal(stale.statusCode, 409);
  // a town officer decides only in his town
  const other = await t.req('officer_b', { method: 'POST', url: `/api/external/points/${conflictPoint.id}/decision`, payload: { action: 'unlink', updatedAt: linked.updatedAt } });
  assert.equal(other.statusCode, 404);

  const unmatched = list.get('ZJ-004')!;
  const made = await call('officer_a', 'POST', `/api/external/points/${unmatched.id}/decision`, { action: 'new_case', updatedAt: unmatched.updatedAt });
  assert.equal(made.status, 'new_case');
  const c = await call('city', 'GET', `/api/cases/${made.caseId}`);
  assert.equal(c.source, 'provincial');
  assert.equal(c.category, 'shed');
  assert.deepEqual(
    c.externalRefs.map((x: Json) => `${x.system}:${x.externalId}`),
    ['zj_province:ZJ-004'],
  );
  // linked by hand by case number
  const byHand = list.get('ZJ-005')!;
  const hand = await call('city', 'POST', `/api/external/points/${byHand.id}/decision`, { action: 'link', caseNo: cases.a.caseNo, updatedAt: byHand.updatedAt });
  assert.equal(hand.caseId, cases.a.id);
  assert.deepEqual((await call('city', 'GET', `/api/cases/${cases.a.id}`)).externalRefs.map((x: Json) => x.externalId).sort(), ['ZJ-001', 'ZJ-005']);
  const unlinked = await call('city', 'POST', `/api/external/points/${byHand.id}/decision`, { action: 'unlink', updatedAt: hand.updatedAt });
  assert.equal(unlinked.status, 'unmatched');
  assert.deepEqual(
    (await call('city', 'GET', `/api/cases/${cases.a.id}`)).externalRefs.map((x: Json) => x.externalId),
    ['ZJ-001'],
  );
  assert.deepEqual(
    (await points('city', '&status=conflict')).map((p) => p.externalId),
    ['ZJ-003'],
  );
});

/** A sound after-photo taken at the case. */
async function afterPhoto(c: { id: string; lon: number; lat: number }) {
  const dms = (v: number) => {
    const d = Math.floor(v);
    const m = Math.floor((v - d) * 60);
    return `${d}/1 ${m}/1 ${Math.round(((v - d) * 60 - m) * 60 * 10000)}/10000`;
  };
  const data = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 60 } } })
    .jpeg()
    .withExif({
      IFD2: { DateTimeOriginal: exifChinaTime(new Date(Date.now() + 5000)) },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(c.lat), GPSLongitudeRef: 'E', GPSLongitude: dms(c.lon) },
    })
    .toBuffer();
  const mp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data }]);
  const r = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${c.id}/photos`, payload: mp.payload, headers: mp.headers });
  assert.equal(r.statusCode, 201, r.body);
}
async function act(user: string, id: string, action: string, extra: Json = {}) {
  const version = (await call('city', 'GET', `/api/cases/${id}`)).version;
  return call(user, 'POST', `/api/cases/${id}/actions`, { action, version, ...extra });
}

test("the closings go back in the province's own layout, with the photos named by its ids", async () => {
  const a = cases.a;
  await act('officer_a', a.id, 'verify');
  await act('officer_a', a.id, 'classify', { disposalClass: 'demolish', reason: '测试' });
  await act('officer_a', a.id, 'start_rectification');
  await afterPhoto({ id: a.id, lon: a.lon ?? spots.a.point[0], lat: a.lat ?? spots.a.point[1] });
  await afterPhoto({ id: a.id, lon: (a.lon ?? spots.a.point[0]) + 0.00001, lat: a.lat ?? spots.a.point[1] });
  await act('officer_a', a.id, 'request_closing');
  await act('city', a.id, 'approve_closing');
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

  const x = await t.req('city', { method: 'GET', url: `/api/external/sources/${province.id}/closings.xlsx?since=${today}` });
  assert.equal(x.statusCode, 200, x.body);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1);
  // the list's own columns in its order; the closing in its own 整改状态 column; the rest appended
  assert.deepEqual(headers, [...PROVINCE_HEADERS, '整改完成时间', '本地案件编号', '处置说明', '照片文件']);
  assert.equal(ws.actualRowCount, 2, 'one closing: ZJ-001');
  const row = Object.fromEntries(headers.map((h, i) => [h, ws.getRow(2).getCell(i + 1).value]));
  assert.equal(row['点位编号'], 'ZJ-001');
  assert.equal(row['问题描述'], '违法搭建二层砖混房');
  assert.equal(row['整改状态'], '已整改');
  assert.equal(row['整改完成时间'], today);
  assert.equal(row['本地案件编号'], a.caseNo);
  assert.equal(row['照片文件'], 'ZJ-001-1.jpg、ZJ-001-2.jpg');

  const z = await t.req('city', { method: 'GET', url: `/api/external/sources/${province.id}/closings.zip?since=${today}` });
  assert.equal(z.statusCode, 200, z.body);
  const files = unzipSync(new Uint8Array(z.rawPayload));
  assert.deepEqual(Object.keys(files).sort(), ['照片/ZJ-001-1.jpg', '照片/ZJ-001-2.jpg', `浙江省违建治理平台-销号回传-${today}.xlsx`].sort());
  const meta = await sharp(Buffer.from(files['照片/ZJ-001-1.jpg'])).metadata();
  assert.equal(meta.format, 'jpeg');
  // a later date has none; the prefecture has no closing; a town officer may not export
  const later = await t.req('city', { method: 'GET', url: `/api/external/sources/${province.id}/closings.xlsx?since=2099-01-01` });
  const wb2 = new ExcelJS.Workbook();
  await wb2.xlsx.load(later.rawPayload as unknown as ArrayBuffer);
  assert.equal(wb2.worksheets[0].actualRowCount, 1);
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/api/external/sources/${province.id}/closings.xlsx?since=${today}` })).statusCode, 403);
});

test('a list that does not fit its source, or is no table, is refused whole: nothing written', async () => {
  const before = (await points('city')).length;
  const noId = gbk(provinceRows().replace('点位编号', '编码'));
  const r = await upload('city', `/api/external/sources/${province.id}/imports`, noId, '改了表头.csv');
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'external.mapping_mismatch');
  assert.match(r.json().message, /点位编号/);
  const pdf = await upload('city', `/api/external/sources/${province.id}/imports`, Buffer.from('%PDF-1.4\n\u0000\u0001 binary'), '清单.pdf');
  assert.equal(pdf.statusCode, 400);
  assert.equal(pdf.json().code, 'external.bad_file');
  assert.equal((await upload('officer_a', `/api/external/sources/${province.id}/imports`, gbk(provinceCsv), 'x.csv')).statusCode, 403);
  // an import's report lists the whole county's rows: not for a town
  const history = await call('city', 'GET', `/api/external/sources/${province.id}/imports`);
  const reportUrl = `/api/external/imports/${history.items[0].id}`;
  assert.ok((await call('city', 'GET', reportUrl)).rows.length > 0);
  assert.equal((await t.req('officer_a', { method: 'GET', url: reportUrl })).statusCode, 403);
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/api/external/sources/${province.id}/imports` })).statusCode, 403);
  assert.equal((await points('city')).length, before);
});

test('every import, decision and export is audited', async () => {
  const rows = await sql<{ action: string; n: number }>`
    select action, count(*)::int as n from audit_log where action like 'external.%' group by action order by action`.execute(t.db.q);
  assert.deepEqual(Object.fromEntries(rows.rows.map((r) => [r.action, r.n])), { 'external.decide': 4, 'external.export': 3, 'external.import': 6, 'external.source_create': 2 });
});
