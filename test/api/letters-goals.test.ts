import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { caseBody, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { addMonths } from '../../src/modules/goals/goals.projection.js';
import { chinaMonth } from '../../src/modules/overview/overview.service.js';
import { chinaMonthStart } from '../../src/modules/goals/goals.service.js';

// The two goals (存量清零、新增归零) and the towns' responsibility letters (责任书): figures computed here by
// hand from fixtures whose dates are set in the database, compared with the API's.
const TOWN_C = '330482103'; // 新仓镇
let t: TestContext;
const ids: Record<string, string> = {};
const M = chinaMonth(new Date());
/** An instant two days into a China month relative to this one. */
const inMonth = (back: number) => new Date(chinaMonthStart(addMonths(M, -back)).getTime() + 2 * 86400_000);

before(async () => {
  t = await createTestContext();
  let k = 0;
  const mk = async (key: string, town: string, extra: Record<string, unknown>) => {
    const [lon, lat] = t.pointIn(town, 0);
    const r = await t.req('city', { method: 'POST', url: '/api/cases', payload: caseBody(lon + 0.0002 * k++, lat, extra) });
    assert.equal(r.statusCode, 201, r.body);
    ids[key] = r.json().id;
  };
  const set = (key: string, v: Record<string, unknown>) => t.db.q.updateTable('cases').set(v).where('id', '=', ids[key]).execute();
  const close = (key: string, at: Date | string) => set(key, { status: 'closed', closed_at: at });

  // 新仓镇: six stock cases found ten months ago; one closed eight months ago, two in the last six months
  for (let i = 1; i <= 6; i++) {
    await mk(`c${i}`, TOWN_C, { source: 'census_import', areaM2: 100 * i });
    await set(`c${i}`, { found_at: inMonth(10) });
  }
  await close('c1', inMonth(8));
  await close('c2', inMonth(3));
  await close('c3', inMonth(1));
  // a waterlogging point (积水点) on the same engine is no illegal building: it counts nowhere here
  await mk('cw', TOWN_C, { source: 'census_import', areaM2: 999 });
  await set('cw', { found_at: inMonth(10), kind: 'waterlogging' });
  // a new case this month on cultivated land, and a rejected report (no violation)
  await mk('cn1', TOWN_C, { areaM2: 40 });
  await mk('cn2', TOWN_C, { areaM2: 40 });
  await set('cn2', { status: 'rejected' });

  // 乍浦镇: two stock cases ten months ago, a third from a later ledger last month: the stock grew
  for (let i = 1; i <= 2; i++) {
    await mk(`b${i}`, TOWN_B, { source: 'census_import', areaM2: 50 });
    await set(`b${i}`, { found_at: inMonth(10) });
  }
  await mk('b3', TOWN_B, { source: 'census_import', areaM2: 50 });
  await set('b3', { found_at: inMonth(1) });

  // 新埭镇 in 2024 (Beijing time): stock closed in the year, one just after it, a new case on farmland
  for (const [key, area, risk] of [
    ['a1', 100, 'low'],
    ['a2', 250, 'high'],
    ['a3', 300, 'low'],
    ['a4', 80, 'high'],
  ] as const) {
    await mk(key, TOWN_A, { source: 'census_import', areaM2: area, safetyRisk: risk });
    await set(key, { found_at: '2023-06-01T02:00:00Z' });
  }
  await close('a1', '2024-03-10T02:00:00Z');
  await close('a2', '2024-11-20T02:00:00Z');
  await close('a3', '2024-12-31T17:00:00Z'); // 2025-01-01 01:00 in Beijing: next year
  await mk('an1', TOWN_A, { areaM2: 30, landType: 'basic_farmland' });
  await set('an1', { found_at: '2024-05-01T02:00:00Z' });
  await mk('an2', TOWN_A, { areaM2: 30, landType: 'basic_farmland' });
  await set('an2', { found_at: '2024-06-01T02:00:00Z', status: 'rejected' });
  await mk('an3', TOWN_A, { areaM2: 30, landType: 'construction' });
  await set('an3', { found_at: '2024-07-01T02:00:00Z' });
});
after(() => t.close());

test('goals: baseline, remaining, pace over six months and the projected month of zero, by hand', async () => {
  const r = await t.req('city', { method: 'GET', url: '/api/goals' });
  assert.equal(r.statusCode, 200, r.body);
  const g = r.json();
  assert.equal(g.month, M);
  assert.equal(g.paceMonths, 6);
  assert.equal(g.units.length, 9);
  const c = g.units.find((u: { code: string }) => u.code === TOWN_C);
  assert.deepEqual(c.baseline, { count: 6, area: 2100 });
  assert.deepEqual(c.remaining, { count: 3, area: 1500 }, 'c4, c5, c6 are open');
  assert.deepEqual(c.cleared, { count: 3, area: 600 });
  assert.equal(c.clearedRate, 0.5);
  // open at the end of the month six months back: c2..c6 (c1 closed before) = 5; now 3: (5 − 3) / 6 a month
  assert.equal(c.trend.length, 12);
  assert.equal(c.trend[5].month, addMonths(M, -6));
  assert.equal(c.trend[5].stockRemaining, 5);
  assert.equal(c.trend[0].stockRemaining, 0, 'eleven months back nothing was found yet');
  assert.equal(c.trend[1].stockRemaining, 6);
  assert.equal(c.trend[11].stockRemaining, 3);
  assert.equal(c.pacePerMonth, 0.33);
  // 3 left at 1/3 a month: 9 months
  assert.equal(c.projection.state, 'on_pace');
  assert.equal(c.projection.month, addMonths(M, 9));
  const [y, m] = addMonths(M, 9).split('-').map(Number);
  assert.equal(c.projection.text, `按当前进度，预计 ${y}年${m}月 清零`);
  assert.equal(c.newThisYear, 1, 'the rejected report is none');
  assert.equal(c.newOnFarmlandThisYear, 1);
  assert.equal(c.newOpen, 1);
  assert.equal(c.trend[11].newFound, 1);

  const b = g.units.find((u: { code: string }) => u.code === TOWN_B);
  assert.equal(b.remaining.count, 3);
  assert.equal(b.trend[5].stockRemaining, 2);
  assert.equal(b.pacePerMonth, -0.17);
  assert.deepEqual(b.projection, { state: 'stalled', month: null, text: '按当前进度无法清零' });
  const none = g.units.find((u: { code: string }) => u.code === '330482106');
  assert.equal(none.projection.state, 'cleared');
  assert.equal(g.total.baseline.count, 6 + 3 + 4);
  // the city is clear when its last town is: 乍浦镇 cannot clear at its pace, so neither can the city
  assert.deepEqual(g.total.projection, { state: 'stalled', month: null, text: '按当前进度无法清零' });
  const town = (await t.req('city', { method: 'GET', url: `/api/goals?division=${TOWN_C}` })).json();
  assert.equal(town.total.projection.month, addMonths(M, 9), 'the town’s one village with stock sets its date');
});

test('goals: a town officer gets his town and its villages; another town is 404; an inspector is refused', async () => {
  const r = await t.req('officer_b', { method: 'GET', url: '/api/goals' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().division.code, TOWN_B);
  assert.equal(r.json().total.remaining.count, 3);
  assert.ok(r.json().units.every((u: { code: string }) => u.code.startsWith(TOWN_B)));
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/goals?division=${TOWN_C}` })).statusCode, 404);
  assert.equal((await t.req('inspector_a', { method: 'GET', url: '/api/goals' })).statusCode, 403);
});

const TARGETS = { stockCount: 2, stockArea: 500, farmlandZero: true, safetyRate: 1, campaignRate: 0.8 };
const PEOPLE = [
  { name: '王镇长', post: '镇长', phone: '13900001111' },
  { name: '李委员', post: '分管副镇长', phone: '13900002222' },
];

test('letters: a 2024 letter’s progress from the registry, by hand; phones masked; every write audited', async () => {
  const r = await t.req('city', { method: 'POST', url: '/api/letters', payload: { townCode: TOWN_A, year: 2024, signedOn: '2024-02-20', people: PEOPLE, targets: TARGETS } });
  assert.equal(r.statusCode, 201, r.body);
  const l = r.json();
  ids.letter = l.id;
  assert.equal(l.title, '2024年度违法建筑安全治理责任书');
  assert.equal(l.people[0].phone, '139****1111');
  const p = l.progress;
  assert.equal(p.final, true);
  assert.equal(p.periodEnd, '2024-12-31');
  // closed in 2024: a1 (100) and a2 (250); a3 closed at 01:00 on 1 January 2025 Beijing time
  assert.deepEqual(p.facts, { stockClosed: 2, stockClosedArea: 350, newOnFarmland: 1, riskTotal: 2, riskHandled: 1 });
  const by = Object.fromEntries(p.items.map((i: { code: string }) => [i.code, i]));
  assert.deepEqual([by.stock_count.rate, by.stock_count.status], [1, 'met']);
  assert.deepEqual([by.stock_area.rate, by.stock_area.status], [0.7, 'missed']);
  assert.deepEqual([by.farmland_zero.rate, by.farmland_zero.status, by.farmland_zero.actual], [0, 'missed', '新增 1 处']);
  assert.deepEqual([by.safety.rate, by.safety.status], [0.5, 'missed']);
  assert.deepEqual([by.campaign.rate, by.campaign.status, by.campaign.actual], [null, 'no_data', '暂无专项']);
  assert.equal(p.status, 'missed');
  // the registry knows of work from the first closing on (10 March 2024): the year is measured from then
  assert.equal(p.note, '案件登记自 2024-03-10 起,此前的处置不在统计内');
  assert.equal(l.goals.code, TOWN_A);
  // a letter of a year before anything the registry knows has nothing to measure
  const old = (await t.req('city', { method: 'POST', url: '/api/letters', payload: { townCode: TOWN_A, year: 2022, people: [], targets: TARGETS } })).json();
  assert.equal(old.progress.status, 'no_data');
  assert.ok(old.progress.items.every((i: { status: string }) => i.status === 'no_data'));

  const dup = await t.req('city', { method: 'POST', url: '/api/letters', payload: { townCode: TOWN_A, year: 2024, people: [], targets: TARGETS } });
  assert.equal(dup.statusCode, 409);
  assert.equal(dup.json().code, 'letter.exists');
  // two offices creating the same letter at the same moment: one is made, the other told it exists
  const both = await Promise.all([0, 1].map(() => t.req('city', { method: 'POST', url: '/api/letters', payload: { townCode: TOWN_C, year: 2021, people: [], targets: TARGETS } })));
  assert.deepEqual(both.map((x) => x.statusCode).sort(), [201, 409], both.map((x) => x.body).join(' | '));
  assert.equal(both.find((x) => x.statusCode === 409)!.json().code, 'letter.exists');

  // the masked phone sent back keeps the number; a changed one is stored
  const patch = await t.req('city', {
    method: 'PATCH',
    url: `/api/letters/${l.id}`,
    payload: { version: l.version, people: [l.people[0], { ...PEOPLE[1], phone: '13900003333' }], targets: { ...TARGETS, stockArea: 350 } },
  });
  assert.equal(patch.statusCode, 200, patch.body);
  assert.equal(patch.json().progress.items.find((i: { code: string }) => i.code === 'stock_area').status, 'met');
  const row = await t.db.q.selectFrom('responsibility_letters').select('people').where('id', '=', l.id).executeTakeFirstOrThrow();
  assert.deepEqual(
    row.people.map((x) => x.phone),
    ['13900001111', '13900003333'],
  );
  const stale = await t.req('city', { method: 'PATCH', url: `/api/letters/${l.id}`, payload: { version: l.version, note: 'x' } });
  assert.equal(stale.statusCode, 409);

  // the signed letter: a PDF is kept; a text file is refused by its bytes
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const up = await upload(l.id, pdf, 'application/pdf', '新埭镇责任书.pdf');
  assert.equal(up.statusCode, 200, up.body);
  assert.equal(up.json().file.mime, 'application/pdf');
  assert.equal(up.json().file.name, '新埭镇责任书.pdf');
  const bad = await upload(l.id, Buffer.from('not a letter'), 'application/pdf', 'x.pdf');
  assert.equal(bad.statusCode, 415);
  assert.equal(bad.json().code, 'letter.file_type');
  const back = await t.req('officer_a', { method: 'GET', url: `/api/letters/${l.id}/file` });
  assert.equal(back.statusCode, 200);
  assert.deepEqual(back.rawPayload, pdf);

  const audit = await t.db.q.selectFrom('audit_log').select(['action']).where('entity_id', '=', l.id).orderBy('id').execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['letter.create', 'letter.update', 'letter.upload_signed', 'letter.file_download'],
  );
});

async function upload(id: string, bytes: Buffer, type: string, name: string) {
  const boundary = '----wwjletter';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\n${name}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return t.req('city', { method: 'PUT', url: `/api/letters/${id}/file`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
}

test('letters: the town officer reads his own town’s letters only and cannot write; the year-end PDF reads', async () => {
  const mine = await t.req('officer_a', { method: 'GET', url: '/api/letters?year=2024' });
  assert.equal(mine.statusCode, 200);
  assert.equal(mine.json().total, 1);
  assert.equal((await t.req('officer_a', { method: 'GET', url: '/api/letters' })).json().total, 2);
  assert.equal((await t.req('officer_b', { method: 'GET', url: '/api/letters' })).json().total, 0);
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/letters/${ids.letter}` })).statusCode, 404);
  assert.equal((await t.req('officer_a', { method: 'PATCH', url: `/api/letters/${ids.letter}`, payload: { version: 1, note: 'x' } })).statusCode, 403);
  assert.equal((await t.req('officer_a', { method: 'POST', url: '/api/letters', payload: { townCode: TOWN_A, year: 2025, people: [], targets: TARGETS } })).statusCode, 403);
  assert.equal((await t.req('inspector_a', { method: 'GET', url: '/api/letters' })).statusCode, 403);

  const r = await t.req('officer_a', { method: 'GET', url: `/api/letters/${ids.letter}/summary.pdf` });
  assert.equal(r.statusCode, 200);
  const exported = await t.db.q.selectFrom('audit_log').select('action').where('action', '=', 'letter.summary_export').where('entity_id', '=', ids.letter).execute();
  assert.equal(exported.length, 1, 'the summary is recorded as an export');
  assert.match(String(r.headers['content-type']), /application\/pdf/);
  const file = path.join(t.dataDir, 'summary.pdf');
  fs.writeFileSync(file, r.rawPayload);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  assert.match(text, /新埭镇2024年度违法建筑安全治理责任书年终总结/);
  assert.match(text, /已销号 2 处/);
  assert.match(text, /暂无专项/);
  assert.match(text, /139\*\*\*\*1111/);
  assert.match(text, /存量清零、新增归零/);
});
