import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { caseBody } from '../support/context.js';
import { jpegWithExif, multipart } from '../support/images.js';

// Issue 18, item 3: the exports that came after the case export (campaigns, the census import's error rows,
// the OGC API for GIS clients) write a cell that begins with = + - @ or a tab as text, and each records
// who exported what and how many rows; the nearest case that is not an export records nothing.
let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

type Json = Record<string, any>;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const HOSTILE = '=HYPERLINK("http://evil.example/x","点我")';

async function workbook(headers: string[], rows: (string | number | null)[][], sheet = 'Sheet1') {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheet);
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function read(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}
/** Every text cell of a sheet, and whether any is stored as a formula. */
function cellsOf(ws: ExcelJS.Worksheet) {
  const texts: string[] = [];
  let formulas = 0;
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.type === ExcelJS.ValueType.Formula) formulas++;
      if (typeof c.value === 'string') texts.push(c.value);
    }),
  );
  return { texts, formulas };
}
const unsafe = (texts: string[]) => texts.filter((v) => /^[=+\-@\t\r]/.test(v));
async function auditOf(action: string) {
  return t.db.q.selectFrom('audit_log').select(['actor_id', 'entity_id', 'after']).where('action', '=', action).orderBy('id').execute();
}
const afterOf = (r: { after: unknown }) => (typeof r.after === 'string' ? JSON.parse(r.after) : r.after) as Json;
const userId = async (username: string) => (await t.db.q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

test('a campaign export keeps formula-like names as text and records who exported how many items', async () => {
  const c = await t.req('city', { method: 'POST', url: '/api/campaigns', payload: { name: HOSTILE, startsOn: today(), endsOn: today() } });
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id as string;
  const [lon, lat] = t.pointIn(TOWN_A, 0);
  const file = await workbook(
    ['编号', '名称', '类别', '责任单位', '经度', '纬度', '备注'],
    [
      // the note's leading tab is trimmed at import; what is left still begins like a formula
      ['+86-1', '@SUM(A1)', '杆线', '-1+2', lon, lat, '\t=1+1'],
      ['P-2', '普通名称', '杆线', '电信', lon + 0.0005, lat, '正常备注'],
    ],
    '对象清单',
  );
  const mp = multipart({}, [{ name: 'file', filename: 'items.xlsx', type: XLSX, data: file }]);
  const imp = await t.req('city', { method: 'POST', url: `/api/campaigns/${id}/import?dryRun=false`, payload: mp.payload, headers: mp.headers });
  assert.ok(imp.statusCode < 300, imp.body);

  const x = await t.req('city', { method: 'GET', url: `/api/campaigns/${id}/export.xlsx` });
  assert.equal(x.statusCode, 200, x.body);
  const wb = await read(x.rawPayload);
  for (const ws of wb.worksheets) {
    const { texts, formulas } = cellsOf(ws);
    assert.equal(formulas, 0, ws.name);
    assert.deepEqual(unsafe(texts), [], `${ws.name}: every cell that begins like a formula is written as text`);
  }
  const title = wb.getWorksheet('按镇街进度')!.getCell(1, 1).value as string;
  assert.ok(title.startsWith(`'${HOSTILE}`), title);
  const items = cellsOf(wb.getWorksheet('整治对象')!).texts;
  for (const v of ["'+86-1", "'@SUM(A1)", "'-1+2", "'=1+1"]) assert.ok(items.includes(v), `${v} in ${items.join(' | ')}`);
  // the nearest safe values are written as they are, without an apostrophe
  for (const v of ['P-2', '普通名称', '正常备注']) assert.ok(items.includes(v), v);

  const rec = (await auditOf('campaign.export')).filter((r) => r.entity_id === id);
  assert.equal(rec.length, 1);
  assert.equal(rec[0].actor_id, await userId('city'));
  assert.equal(afterOf(rec[0]).count, 2);
  // reading the campaign's page is not an export
  assert.equal((await t.req('city', { method: 'GET', url: `/api/campaigns/${id}` })).statusCode, 200);
  assert.equal((await auditOf('campaign.export')).filter((r) => r.entity_id === id).length, 1);
});

test("the census import's error rows keep formula-like cells as text, and the file uploaded again reads them as they were", async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  const headers = ['经度', '纬度', '面积(m²)', '结构', '用途', '用地类型', '当事人', '备注'];
  // 面积 is no number: the row is rejected and comes back in errors.xlsx
  const file = await workbook(headers, [[lon, lat, '很大', '砖混', '住宅', '建设用地', '公式当事人', '=1+2']], '存量普查台账');
  const mp = multipart({}, [{ name: 'file', filename: '普查台账.xlsx', type: XLSX, data: file }]);
  const up = await t.req('city', { method: 'POST', url: '/api/imports/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 202, up.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const imp = up.json().id as string;
  const done = (await t.req('city', { method: 'GET', url: `/api/imports/${imp}` })).json();
  assert.equal(done.rejectedCount, 1, JSON.stringify(done));

  const r = await t.req('city', { method: 'GET', url: `/api/imports/${imp}/errors.xlsx` });
  assert.equal(r.statusCode, 200, r.body);
  const wb = await read(r.rawPayload);
  const ws = wb.worksheets[0];
  const { texts, formulas } = cellsOf(ws);
  assert.equal(formulas, 0);
  assert.deepEqual(unsafe(texts), []);
  const cols = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  assert.equal(ws.getRow(2).getCell(cols.indexOf('备注') + 1).value, "'=1+2");
  assert.equal(ws.getRow(2).getCell(cols.indexOf('当事人') + 1).value, '公式当事人', 'a plain value is written as it is');
  const rec = (await auditOf('import.errors_export')).filter((x) => x.entity_id === imp);
  assert.equal(rec.length, 1);
  assert.equal(afterOf(rec[0]).count, 1);

  // fixed and uploaded again: the note is the text the ledger had, without the guard
  ws.getRow(2).getCell(cols.indexOf('面积(m²)') + 1).value = 88;
  const mp2 = multipart({}, [{ name: 'file', filename: '普查台账-错误行.xlsx', type: XLSX, data: Buffer.from(await wb.xlsx.writeBuffer()) }]);
  const again = await t.req('city', { method: 'POST', url: '/api/imports/cases', payload: mp2.payload, headers: mp2.headers });
  assert.equal(again.statusCode, 202, again.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const made = (await t.req('city', { method: 'GET', url: `/api/cases?importId=${again.json().id}&limit=5` })).json();
  assert.equal(made.total, 1, JSON.stringify((await t.req('city', { method: 'GET', url: `/api/imports/${again.json().id}` })).json()));
  const c = (await t.req('city', { method: 'GET', url: `/api/cases/${made.items[0].id}` })).json();
  assert.equal(c.note, '=1+2');
});

test('a GIS client reading cases or patches through the OGC API is recorded with the collection and the count; divisions are not', async () => {
  const before = (await auditOf('ogc.export')).length;
  const cases = await t.req('city', { method: 'GET', url: '/ogc/collections/cases/items?limit=2' });
  assert.equal(cases.statusCode, 200, cases.body);
  const body = cases.json();
  const patches = await t.req('officer_a', { method: 'GET', url: '/ogc/collections/patches/items?limit=5' });
  assert.equal(patches.statusCode, 200, patches.body);
  // the nearest reads that are no export: the boundaries, the collection's description
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/divisions/items?limit=5' })).statusCode, 200);
  assert.equal((await t.req('city', { method: 'GET', url: '/ogc/collections/cases' })).statusCode, 200);
  const recs = (await auditOf('ogc.export')).slice(before);
  assert.equal(recs.length, 2);
  assert.equal(recs[0].actor_id, await userId('city'));
  assert.deepEqual({ ...afterOf(recs[0]), filter: undefined }, { collection: 'cases', count: body.numberReturned, matched: body.numberMatched, page: 'first', filter: undefined });
  assert.equal(afterOf(recs[0]).filter.limit, 2);
  assert.equal(recs[1].actor_id, await userId('officer_a'));
  assert.equal(afterOf(recs[1]).collection, 'patches');
  assert.equal(afterOf(recs[1]).count, patches.json().numberReturned);
});

test("a point list's owner ID and phone are masked in its answers; the closings sent back keep its formula-like cells as text and are recorded", async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const created = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon, lat) });
  assert.equal(created.statusCode, 201, created.body);
  const caseId = created.json().case?.id ?? created.json().id;
  const source = await t.req('admin', {
    method: 'POST',
    url: '/api/external/sources',
    payload: {
      code: 'safety_src',
      name: '测试平台',
      caseSource: 'provincial',
      mapping: { externalId: '编号', lon: '经度', lat: '纬度', address: '地址', description: '问题描述' },
      crs: 'wgs84',
      encoding: 'utf-8',
      matchRadiusM: 50,
      exportLayout: { statusColumn: '整改状态', closedValue: '已整改', dateColumn: '整改完成时间', noteColumn: '处置说明' },
    },
  });
  assert.equal(source.statusCode, 201, source.body);
  const src = source.json().id as string;
  const csv = `编号,经度,纬度,地址,当事人,身份证号码,联系电话,问题描述\r\nS-1,${lon.toFixed(7)},${lat.toFixed(7)},新埭镇,周国强,330482198001011234,13912345678,"${HOSTILE.replace(/"/g, '""')}"\r\n`;
  const mp = multipart({}, [{ name: 'file', filename: 'list.csv', type: 'text/csv', data: Buffer.from(csv) }]);
  const imp = await t.req('city', { method: 'POST', url: `/api/external/sources/${src}/imports`, payload: mp.payload, headers: mp.headers });
  assert.equal(imp.statusCode, 201, imp.body);
  assert.equal(imp.json().counts.matched, 1, imp.body);
  const report = await t.req('city', { method: 'GET', url: `/api/external/imports/${imp.json().importId}` });
  const list = await t.req('city', { method: 'GET', url: `/api/external/points?sourceId=${src}` });
  const point = list.json().items[0];
  const one = await t.req('city', { method: 'GET', url: `/api/external/points/${point.id}` });
  for (const r of [imp, report, list, one]) {
    assert.equal(r.statusCode, 200 + (r === imp ? 1 : 0), r.body);
    assert.doesNotMatch(r.body, /330482198001011234|13912345678/, 'no full ID number or phone');
  }
  assert.equal(point.raw['身份证号码'], '3304**********1234');
  assert.equal(point.raw['联系电话'], '139****5678');
  assert.equal(point.raw['问题描述'], HOSTILE, 'what is not personal is shown as received');

  // the case closed, its closing goes back in the list's own columns
  const act = async (user: string, action: string, body: Json = {}) => {
    const c = (await t.req(user, { method: 'GET', url: `/api/cases/${caseId}` })).json();
    const r = await t.req(user, { method: 'POST', url: `/api/cases/${caseId}/actions`, payload: { action, version: c.version, ...body } });
    assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
  };
  await act('officer_a', 'verify');
  await act('officer_a', 'classify', { disposalClass: 'demolish', reason: '测试' });
  await act('officer_a', 'start_rectification');
  const photo = await jpegWithExif({ lon, lat, at: new Date(Date.now() + 5000), seed: 7 });
  const pmp = multipart({ stage: 'after' }, [{ name: 'photo', filename: 'after.jpg', type: 'image/jpeg', data: photo }]);
  const up = await t.req('inspector_a', { method: 'POST', url: `/api/cases/${caseId}/photos`, payload: pmp.payload, headers: pmp.headers });
  assert.equal(up.statusCode, 201, up.body);
  await act('officer_a', 'request_closing');
  await act('city', 'approve_closing');
  const x = await t.req('city', { method: 'GET', url: `/api/external/sources/${src}/closings.xlsx?since=${today()}` });
  assert.equal(x.statusCode, 200, x.body);
  const ws = (await read(x.rawPayload)).worksheets[0];
  const { texts, formulas } = cellsOf(ws);
  assert.equal(formulas, 0);
  assert.deepEqual(unsafe(texts), []);
  assert.ok(texts.includes(`'${HOSTILE}`));
  assert.ok(texts.includes('S-1'));
  const rec = (await auditOf('external.export')).filter((r) => r.entity_id === src);
  assert.equal(rec.length, 1);
  assert.equal(afterOf(rec[0]).count, 1);
});
