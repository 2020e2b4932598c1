import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { multipart } from '../support/images.js';
import { loadDemoDivisions } from '../../src/demo/demo.seed.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(async () => t?.close());

const villages = loadDemoDivisions().filter((f) => f.properties.level === 'village');
/** The n-th village of a town (the order `pointIn` uses): its code and a point inside it. */
const village = (town: string, n: number) => {
  const v = villages.filter((f) => f.properties.parent_code === town)[n];
  return { code: v.properties.code as string, point: t.pointIn(town, n) };
};

type Row = Record<string, string | number | Date | null>;

/** A ledger workbook with these headers and rows (cells by header). */
async function ledger(headers: string[], rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('存量普查台账');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(headers.map((h) => r[h] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADERS = [
  '经度',
  '纬度',
  '村民小组',
  '门牌号',
  '面积(m²)',
  '层数',
  '结构',
  '用途',
  '用地类型',
  '是否基本农田',
  '当事人',
  '企业名称',
  '统一社会信用代码',
  '外部编号',
  '发现日期',
  '备注',
];

function upload(user: string, data: Buffer, filename = '普查台账.xlsx', type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const mp = multipart({}, [{ name: 'file', filename, type, data }]);
  return t.req(user, { method: 'POST', url: '/api/imports/cases', payload: mp.payload, headers: mp.headers });
}

const get = (user: string, url: string) => t.req(user, { method: 'GET', url });
const drain = () => t.deps.jobs.drain(t.deps.jobHandlers);
const casesOf = async (user: string, importId: string) => (await get(user, `/api/cases?importId=${importId}&limit=200`)).json() as { total: number; items: any[] };

test('the template: zh-CN headers on the ledger sheet, allowed values explained on the second', async () => {
  const r = await get('city', '/api/imports/cases/template.xlsx');
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /attachment/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['存量普查台账', '填写说明'],
  );
  const headers = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
  for (const h of [
    '经度',
    '纬度',
    '面积(m²)',
    '层数',
    '结构',
    '用途',
    '用地类型',
    '是否耕地',
    '是否基本农田',
    '当事人',
    '企业名称',
    '统一社会信用代码',
    '外部编号',
    '发现日期',
    '备注',
  ]) {
    assert.ok(headers.includes(h), `template header ${h}`);
  }
  const help = wb.getWorksheet('填写说明')!;
  const text: string[] = [];
  help.eachRow((row) => text.push((row.values as unknown[]).filter(Boolean).join(' ')));
  const structureLine = text.find((l) => l.startsWith('结构'));
  assert.ok(structureLine?.includes('砖混') && structureLine.includes('钢结构'), structureLine);
  assert.ok(
    text.some((l) => l.startsWith('用地类型') && l.includes('永久基本农田')),
    "text.some((l) => l.startsWith('用地类型') && l.includes('永久基本农田'))",
  );
  // the template read back is a valid (empty) ledger: its headers match
  const empty = await upload('city', r.rawPayload);
  assert.equal(empty.statusCode, 400);
  assert.equal(empty.json().code, 'import.empty');
});

/** 30 rows: 23 that make cases in four villages of two towns, and 7 with a problem each. */
function censusRows() {
  const spots = [village(TOWN_A, 0), village(TOWN_A, 1), village(TOWN_B, 0), village(TOWN_B, 2)];
  const good: Row[] = [];
  for (let i = 0; i < 23; i++) {
    const s = spots[i % spots.length];
    // spread a little around the village's centre (~30 m) so no two rows are one point
    const [lon, lat] = [s.point[0] + ((i % 5) - 2) * 0.0003, s.point[1] + ((i % 3) - 1) * 0.0003];
    good.push({
      经度: lon,
      纬度: lat,
      村民小组: String((i % 7) + 1),
      门牌号: String(100 + i),
      '面积(m²)': 50 + i * 10,
      层数: (i % 3) + 1,
      结构: ['砖混', '钢结构', '简易'][i % 3],
      用途: ['住宅', '仓储', '生产'][i % 3],
      用地类型: i % 4 === 0 ? '永久基本农田' : '建设用地',
      是否基本农田: i % 4 === 0 ? '是' : '否',
      当事人: `户主${i}`,
      企业名称: i === 5 ? '平湖市某某机械有限公司' : null,
      统一社会信用代码: i === 5 ? '91330482MA2B123456' : null,
      外部编号: `PC-2024-${String(i + 1).padStart(4, '0')}`,
      发现日期: i % 2 ? '2024-05-20' : new Date(Date.UTC(2023, 10, 3)),
      备注: `普查第 ${i + 1} 处`,
    });
  }
  const base = { ...good[0], 外部编号: null };
  const bad: Row[] = [
    { ...base, 经度: 119.2, 纬度: 29.1, 当事人: '城外' }, // outside the city
    { ...base, 结构: '茅草房', 当事人: '错结构' }, // not an allowed value
    { ...base, 经度: null, 当事人: '缺经度' }, // missing coordinates
    { ...base, '面积(m²)': '很大', 当事人: '面积文字' }, // text in a number column
    { ...base, 发现日期: '2024-13-45', 当事人: '坏日期' },
    { ...base, 统一社会信用代码: '12345', 企业名称: '某厂', 当事人: '坏信用代码' },
    { ...base, 外部编号: 'PC-2024-0001', 当事人: '重复编号' }, // the first good row's reference again
  ];
  // bad rows between the good ones: rows 2..31 of the sheet
  const rows = [...good.slice(0, 10), ...bad.slice(0, 4), ...good.slice(10), ...bad.slice(4)];
  return { rows, spots, good };
}

let cityImport = '';

test('city office imports 30 census rows: 202, a job makes the 23 good ones into verified stock cases in their villages, 7 rejected with reasons', async () => {
  const { rows, good } = censusRows();
  const file = await ledger([...HEADERS, '序号'], rows);
  const r = await upload('city', file);
  assert.equal(r.statusCode, 202, r.body);
  const body = r.json();
  assert.equal(body.status, 'queued');
  assert.equal(body.totalRows, 30);
  assert.deepEqual(body.ignoredColumns, ['序号']);
  cityImport = body.id;

  const queued = (await get('city', `/api/imports/${body.id}`)).json();
  assert.equal(queued.status, 'queued');
  assert.equal(queued.rowsDone, 0);

  await drain();
  const done = (await get('city', `/api/imports/${body.id}`)).json();
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.totalRows, 30);
  assert.equal(done.rowsDone, 30);
  assert.equal(done.createdCount, 23);
  assert.equal(done.rejectedCount, 7);
  assert.equal(done.progress, 1);
  assert.equal(done.casesLink, `/cases?importId=${body.id}`);

  // rejected rows keep their sheet row number (header = row 1) and say why in zh-CN
  const byRow = new Map<number, string>(done.errors.map((e: { row: number; reasons: string[] }) => [e.row, e.reasons.join(';')]));
  assert.deepEqual([...byRow.keys()], [12, 13, 14, 15, 29, 30, 31]);
  assert.match(byRow.get(12)!, /不在本市/);
  assert.match(byRow.get(13)!, /结构"茅草房"无效/);
  assert.match(byRow.get(14)!, /经度不能为空/);
  assert.match(byRow.get(15)!, /面积\(m²\)须为数字/);
  assert.match(byRow.get(29)!, /发现日期.*不是有效日期/);
  assert.match(byRow.get(30)!, /统一社会信用代码格式不正确/);
  assert.match(byRow.get(31)!, /PC-2024-0001.*已关联其他案件/);

  // the cases: listed by the import, source census_import, stock, verified, in the village of their point
  const list = await casesOf('city', body.id);
  assert.equal(list.total, 23);
  const expectedVillage = new Map(good.map((g, i) => [`户主${i}`, censusRows().spots[i % 4].code]));
  for (const c of list.items) {
    assert.equal(c.source, 'census_import');
    assert.equal(c.origin, 'stock');
    assert.equal(c.status, 'verified');
    assert.equal(c.divisionCode, expectedVillage.get(c.ownerName), `${c.ownerName} in ${c.divisionCode}`);
  }
  assert.deepEqual(new Set(list.items.map((c) => c.townCode)), new Set([TOWN_A, TOWN_B]));
  // one case in detail: every column landed in its field, the census number is an external reference
  const one = list.items.find((c) => c.ownerName === '户主5')!;
  const d = (await get('city', `/api/cases/${one.id}`)).json();
  assert.equal(d.areaM2, 100);
  assert.equal(d.floors, 3);
  assert.equal(d.structure, 'simple');
  assert.equal(d.use, 'production');
  assert.equal(d.landType, 'construction');
  assert.equal(d.onBasicFarmland, false);
  assert.equal(d.enterpriseName, '平湖市某某机械有限公司');
  assert.equal(d.enterpriseUscc, '91330482MA2B123456');
  assert.equal(d.ownerKind, 'enterprise');
  assert.equal(d.note, '普查第 6 处');
  assert.match(d.addressText, /6组 105号$/);
  assert.equal(new Date(d.foundAt).toISOString(), '2024-05-19T16:00:00.000Z'); // 2024-05-20 in China
  assert.deepEqual(
    d.externalRefs.map((x: { system: string; externalId: string }) => [x.system, x.externalId]),
    [['census', 'PC-2024-0006']],
  );
  assert.equal(d.timeline[0].kind, 'created');
  assert.match(d.caseNo, /^PH-\d{4}-\d{6}$/);
  const farm = list.items.find((c) => c.ownerName === '户主4')!;
  assert.equal(farm.onBasicFarmland, true);
  assert.equal(farm.onCultivatedLand, true);
  const date = (await get('city', `/api/cases/${list.items.find((c) => c.ownerName === '户主0')!.id}`)).json();
  assert.equal(new Date(date.foundAt).toISOString(), '2023-11-02T16:00:00.000Z'); // an Excel date cell: that day in China

  // audited: the import itself, its end, and each case through the normal path
  const audit = await t.db.q.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['import.create', 'import.finish', 'case.create']).execute();
  assert.equal(audit.filter((a) => a.action === 'import.create' && a.entity_id === body.id).length, 1);
  assert.equal(audit.filter((a) => a.action === 'import.finish' && a.entity_id === body.id).length, 1);
  const ids = new Set(list.items.map((c) => c.id));
  assert.equal(audit.filter((a) => a.action === 'case.create' && ids.has(a.entity_id!)).length, 23);

  // in the list of imports, newest first
  const imports = (await get('city', '/api/imports')).json();
  assert.equal(imports.items[0].id, body.id);
  assert.equal(imports.items[0].filename, '普查台账.xlsx');
});

test('errors.xlsx: the rejected rows with row number and reason; fixed and uploaded again they import', async () => {
  const r = await get('city', `/api/imports/${cityImport}/errors.xlsx`);
  assert.equal(r.statusCode, 200);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /errors/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  assert.deepEqual(headers.slice(0, 2), ['原行号', '错误原因']);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  assert.equal(rows.length, 7);
  assert.deepEqual(
    rows.map((x) => x['原行号']),
    [12, 13, 14, 15, 29, 30, 31],
  );
  const area = rows.find((x) => x['当事人'] === '面积文字')!;
  assert.equal(area['面积(m²)'], '很大');
  assert.match(String(area['错误原因']), /须为数字/);

  // fix the two rows a person can fix, upload the error file as it is
  const fixRow = (owner: string, col: string, value: string) => {
    const i = rows.findIndex((x) => x['当事人'] === owner);
    ws.getRow(i + 2).getCell(headers.indexOf(col) + 1).value = value;
  };
  fixRow('错结构', '结构', '砖混');
  fixRow('面积文字', '面积(m²)', '88.5');
  const again = await upload('city', Buffer.from(await wb.xlsx.writeBuffer()), '普查台账-错误行.xlsx');
  assert.equal(again.statusCode, 202, again.body);
  assert.deepEqual(again.json().ignoredColumns, ['原行号', '错误原因']);
  await drain();
  const done = (await get('city', `/api/imports/${again.json().id}`)).json();
  assert.equal(done.status, 'done');
  assert.equal(done.createdCount, 2);
  assert.equal(done.rejectedCount, 5);
  const made = await casesOf('city', again.json().id);
  assert.deepEqual(made.items.map((c) => c.ownerName).sort(), ['错结构', '面积文字']);
  assert.equal(made.items.find((c) => c.ownerName === '面积文字')!.areaM2, 88.5);
});

test('a job that fails half-way and runs again creates no case twice', async () => {
  const { rows } = censusRows();
  // other census numbers than the first import's
  const file = await ledger(
    HEADERS,
    rows.map((r) => ({ ...r, 外部编号: r.外部编号 ? `R-${r.外部编号}` : null })),
  );
  const r = await upload('city', file);
  assert.equal(r.statusCode, 202);
  const id = r.json().id;
  const cases = t.deps.services.cases;
  const create = cases.create;
  let n = 0;
  // the process "dies" (a database error, not a row's fault) after 9 cases
  cases.create = async function (...args: Parameters<typeof create>) {
    if (++n > 9) throw new Error('connection terminated unexpectedly');
    return create.apply(this, args);
  };
  try {
    await drain();
  } finally {
    cases.create = create;
  }
  const failed = (await get('city', `/api/imports/${id}`)).json();
  assert.equal(failed.status, 'failed');
  assert.equal(failed.createdCount, 9);
  assert.match(failed.error, /connection terminated/);
  const job = await t.db.q
    .selectFrom('jobs')
    .select(['status', 'attempts'])
    .where('name', '=', 'cases.import')
    .where(sql<boolean>`payload->>'importId' = ${id}`)
    .executeTakeFirstOrThrow();
  assert.equal(job.status, 'queued', 'the queue retries it');
  // the retry's time comes
  await t.db.q
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000) })
    .where('name', '=', 'cases.import')
    .where('status', '=', 'queued')
    .execute();
  await drain();
  const done = (await get('city', `/api/imports/${id}`)).json();
  assert.equal(done.status, 'done', JSON.stringify(done));
  assert.equal(done.createdCount, 23);
  assert.equal(done.rejectedCount, 7);
  const made = await casesOf('city', id);
  assert.equal(made.total, 23);
  assert.equal(new Set(made.items.map((c) => c.ownerName)).size, 23, 'each good row once');
  // and once more for good measure (a duplicate job, or a worker that lost its lock)
  await t.deps.services.imports.execute(id);
  await t.deps.jobs.enqueue('cases.import', { importId: id });
  await drain();
  assert.equal((await casesOf('city', id)).total, 23);
  const rowsRecorded = await t.db.q
    .selectFrom('case_import_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('import_id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(rowsRecorded.n), 30);
});

test('a large import goes in chunks: each job run handles a part and queues the rest, progress in between', async () => {
  const { rows } = censusRows();
  const file = await ledger(
    HEADERS,
    rows.map((r) => ({ ...r, 外部编号: r.外部编号 ? `C-${r.外部编号}` : null })),
  );
  const r = await upload('city', file);
  assert.equal(r.statusCode, 202);
  const id = r.json().id;
  // the first run with chunks of 8 rows
  await t.deps.services.imports.execute(id, { chunkRows: 8 });
  const part = (await get('city', `/api/imports/${id}`)).json();
  assert.equal(part.status, 'running');
  assert.equal(part.rowsDone, 8);
  assert.equal(part.createdCount, 8);
  assert.ok(part.progress > 0.26 && part.progress < 0.27, String(part.progress));
  const queued = await t.db.q
    .selectFrom('jobs')
    .select('id')
    .where('name', '=', 'cases.import')
    .where('status', '=', 'queued')
    .where(sql<boolean>`payload->>'importId' = ${id}`)
    .execute();
  assert.equal(queued.length, 2, 'the upload job and the continuation');
  await drain();
  const done = (await get('city', `/api/imports/${id}`)).json();
  assert.equal(done.status, 'done');
  assert.equal(done.rowsDone, 30);
  assert.equal(done.createdCount, 23);
  assert.equal((await casesOf('city', id)).total, 23);
});

test('only an Excel workbook: a renamed PDF, a missing coordinate column and no file are 400s with a zh-CN message', async () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const r = await upload('city', pdf, '台账.xlsx');
  assert.equal(r.statusCode, 400);
  assert.equal(r.json().code, 'import.bad_file');
  assert.match(r.json().message, /Excel/);
  // a zip that is not a workbook
  const zipLike = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 1)]);
  assert.equal((await upload('city', zipLike)).json().code, 'import.bad_file');
  const noLat = await upload('city', await ledger(['经度', '面积(m²)'], [{ 经度: 121, '面积(m²)': 10 }]));
  assert.equal(noLat.statusCode, 400);
  assert.equal(noLat.json().code, 'import.missing_columns');
  assert.match(noLat.json().message, /纬度/);
  const none = await t.req('city', { method: 'POST', url: '/api/imports/cases', ...multipart({ note: 'x' }, []) });
  assert.equal(none.statusCode, 400);
  assert.equal(none.json().code, 'import.file_missing');
  // a small file that declares gigabytes inside (a zip bomb) is refused before it is unpacked
  const entry = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), entry]);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt32LE(3_000_000_000, 24);
  central.writeUInt16LE(entry.length, 28);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(central.length + entry.length, 12);
  eocd.writeUInt32LE(local.length, 16);
  const bomb = await upload('city', Buffer.concat([local, central, entry, eocd]));
  assert.equal(bomb.statusCode, 400);
  assert.equal(bomb.json().code, 'import.bad_file');
  assert.match(bomb.json().message, /解压后过大/);
  const count = await t.db.q
    .selectFrom('case_imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 4, 'no import was recorded for a refused file');
});

test('roles and jurisdiction: inspectors may not import; a town officer imports only inside his town; other towns see nothing of it', async () => {
  const a = village(TOWN_A, 2).point;
  const b = village(TOWN_B, 1).point;
  const file = await ledger(
    ['经度', '纬度', '当事人', '身份证号'],
    [
      { 经度: a[0], 纬度: a[1], 当事人: '本镇' },
      { 经度: b[0], 纬度: b[1], 当事人: '外镇', 身份证号: '330482198001011234' },
    ],
  );
  assert.equal((await upload('inspector_a', file)).statusCode, 403);
  assert.equal((await get('inspector_a', '/api/imports')).statusCode, 403);
  assert.equal((await upload('dept', file)).statusCode, 403);

  const r = await upload('officer_a', file);
  assert.equal(r.statusCode, 202, r.body);
  const id = r.json().id;
  await drain();
  const done = (await get('officer_a', `/api/imports/${id}`)).json();
  assert.equal(done.status, 'done');
  assert.equal(done.createdCount, 1);
  assert.deepEqual(done.errors, [{ row: 3, reasons: ['该位置不在您的管辖范围内'] }]);
  assert.equal((await casesOf('officer_a', id)).items[0].ownerName, '本镇');

  // the error rows show owners' ID numbers masked, as every export does, to every role; each download is audited
  const errorsOf = async (user: string) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(user, `/api/imports/${id}/errors.xlsx`)).rawPayload as unknown as ArrayBuffer);
    return wb;
  };
  const idOf = async (user: string) => {
    const ws = (await errorsOf(user)).worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    return ws.getRow(2).getCell(headers.indexOf('身份证号') + 1).value;
  };
  assert.equal(await idOf('officer_a'), '3304**********1234');
  assert.equal(await idOf('supervisor'), '3304**********1234');
  const downloads = await t.db.q
    .selectFrom('audit_log')
    .select(['actor_name', 'after'])
    .where('action', '=', 'import.errors_export')
    .where('entity_id', '=', id)
    .orderBy('id')
    .execute();
  assert.deepEqual(
    downloads.map((a) => [a.actor_name, a.after]),
    [
      ['officer_a', { format: 'xlsx', count: 1, personalData: 'masked' }],
      ['supervisor', { format: 'xlsx', count: 1, personalData: 'masked' }],
    ],
  );
  // the error workbook uploaded again (its row moved into the town): the masked number is refused, never stored
  const fixed = await errorsOf('officer_a');
  const ws = fixed.worksheets[0];
  const hdr = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  ws.getRow(2).getCell(hdr.indexOf('经度') + 1).value = a[0];
  ws.getRow(2).getCell(hdr.indexOf('纬度') + 1).value = a[1];
  const again = await upload('officer_a', Buffer.from(await fixed.xlsx.writeBuffer()));
  assert.equal(again.statusCode, 202, again.body);
  await drain();
  const refused = (await get('officer_a', `/api/imports/${again.json().id}`)).json();
  assert.equal(refused.createdCount, 0);
  assert.deepEqual(refused.errors, [{ row: 2, reasons: ['身份证号为脱敏显示的号码(含 *),请填写完整号码'] }]);
  // another town's officer: not found, not listed, no cases
  assert.equal((await get('officer_b', `/api/imports/${id}`)).statusCode, 404);
  assert.equal((await get('officer_b', `/api/imports/${id}/errors.xlsx`)).statusCode, 404);
  assert.ok(!(await get('officer_b', '/api/imports')).json().items.some((i: { id: string }) => i.id === id));
  assert.equal((await casesOf('officer_b', id)).total, 0);
  // the town officer does not see the city's imports; the city, the admin and the supervisor see his
  assert.ok(!(await get('officer_a', '/api/imports')).json().items.some((i: { id: string }) => i.id === cityImport));
  for (const u of ['city', 'admin', 'supervisor'])
    assert.ok(
      (await get(u, '/api/imports')).json().items.some((i: { id: string }) => i.id === id),
      u,
    );
  assert.equal((await get('city', '/api/imports/0b7c4c0e-4f7e-4c55-9d2a-5d6f1d1f0a99')).statusCode, 404);
});

test('the importId filter is checked and documented', async () => {
  assert.equal((await get('city', '/api/cases?importId=not-a-uuid')).statusCode, 400);
  const spec = (await t.req(null, { method: 'GET', url: '/api/openapi.json' })).json();
  for (const p of ['/api/imports', '/api/imports/{id}', '/api/imports/{id}/errors.xlsx', '/api/imports/cases', '/api/imports/cases/template.xlsx']) {
    const ops = spec.paths[p];
    assert.ok(ops, `${p} in the OpenAPI document`);
    for (const op of Object.values(ops) as { summary?: string }[]) assert.ok(op.summary && op.summary.length > 20, `${p} has a summary`);
  }
  assert.ok(
    spec.paths['/api/cases'].get.parameters.some((x: { name: string }) => x.name === 'importId'),
    "spec.paths['/api/cases'].get.parameters.some((x: { name: string }) => x.name === 'importId')",
  );
});
