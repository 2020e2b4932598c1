import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { CITY, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { jpegWithExif } from '../support/images.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { Actor } from '../../src/platform/auth.js';
import { monthOf, parsePeriod, previousPeriod, type Period } from '../../src/modules/index/index.period.js';

/**
 * The monthly report against cases this test writes into the last two months (through the services,
 * with the clock moved back), so every number is known: M1 has the reports, M2 the decisions.
 */
let t: TestContext;
let city: Actor;
let officer: Actor;
const clock = new ManualClock(new Date());
const thisMonth = parsePeriod(monthOf(new Date()))!;
const M2 = previousPeriod(thisMonth);
const M1 = previousPeriod(M2);
const at = (p: Period, day: number) => new Date(p.start.getTime() + (day - 1) * 86400_000 + 3 * 3600_000);

type State = { id: string; caseNo: string; town: string; status: string; disposalClass: string | null; deadlineAt: string | null; areaM2: number };
/** Each case as it stood at the end of M1, read back through the service (for the overdue count). */
const atM1End: State[] = [];
let noticeCount = 0;
const ids: Record<string, string> = {};

const villagesOf = async (town: string) => (await t.db.q.selectFrom('divisions').select('code').where('parent_code', '=', town).orderBy('code').execute()).map((d) => d.code);

async function report(user: string, query: string) {
  const r = await t.req(user, { method: 'GET', url: `/api/reports/monthly${query}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

/** The text of a PDF, as a reader (Poppler's pdftotext) sees it, without white space. */
function pdfText(buf: Buffer): string {
  const f = path.join(t.dataDir, `report-${Math.random().toString(16).slice(2)}.pdf`);
  fs.writeFileSync(f, buf);
  if (process.env.WWJ_KEEP_PDF) fs.copyFileSync(f, path.join(process.env.WWJ_KEEP_PDF, path.basename(f)));
  return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

before(async () => {
  t = await createTestContext();
  city = (await t.deps.services.users.actorForToken(t.tokens.city))!;
  officer = (await t.deps.services.users.actorForToken(t.tokens.officer_a))!;
  const past = createDeps(t.deps.config, t.db, { clock }).services;
  const point = (town: string, n: number) => t.pointIn(town, n);
  const create = async (key: string, day: number, town: string, n: number, body: Record<string, unknown>) => {
    clock.set(at(M1, day));
    const [lon, lat] = point(town, n);
    const c = await past.cases.create(city, { lon, lat, landType: 'construction', ownerName: '测试户', ...body } as any);
    ids[key] = c.case.id;
    return c.case;
  };
  // M1: two stock cases from the census in village A0 (verified on entry), new ones in A1, A2 and B0
  await create('S1', 3, TOWN_A, 0, { source: 'census_import', origin: 'stock', areaM2: 100 });
  await create('S2', 3, TOWN_A, 0, { source: 'census_import', origin: 'stock', areaM2: 300 });
  const n1 = await create('N1', 5, TOWN_A, 1, { source: 'patrol', areaM2: 50, landType: 'basic_farmland' });
  await create('N2', 8, TOWN_A, 2, { source: 'complaint', areaM2: 80 });
  await create('N3', 10, TOWN_B, 0, { source: 'patrol', areaM2: 200 });
  clock.set(at(M1, 6));
  await past.cases.act(city, n1.id, 'verify', n1.version, {});
  for (const [key, id] of Object.entries(ids)) {
    const c = await past.cases.get(city, id);
    atM1End.push({
      id,
      caseNo: c.caseNo,
      town: key === 'N3' ? TOWN_B : TOWN_A,
      status: c.status,
      disposalClass: c.disposalClass,
      deadlineAt: c.deadlineAt ? new Date(c.deadlineAt).toISOString() : null,
      areaM2: Number(c.areaM2),
    });
  }
  // M2: N2 was no violation; S1 demolished and closed (销号) on an after photo taken on the spot
  clock.set(at(M2, 2));
  await past.cases.act(officer, ids.N2, 'reject', null, { reason: '经核实为合法建筑' });
  clock.set(at(M2, 3));
  await past.cases.act(officer, ids.S1, 'classify', null, { disposalClass: 'demolish', reason: '测试' });
  await past.cases.act(officer, ids.S1, 'start_rectification', null, {});
  clock.set(at(M2, 4));
  const [lon0, lat0] = point(TOWN_A, 0);
  await past.photos.add(officer, ids.S1, await jpegWithExif({ lon: lon0, lat: lat0, at: at(M2, 4), seed: 3 }), 'after');
  clock.set(at(M2, 5));
  await past.cases.act(officer, ids.S1, 'request_closing', null, {});
  clock.set(at(M2, 6));
  await past.cases.act(city, ids.S1, 'approve_closing', null, {});
  // supervision notices (督办单) for what is overdue by M2's 8th day; the town answers one on the 9th
  clock.set(at(M2, 8));
  const swept = await past.supervision.sweepOverdue();
  noticeCount = swept.issued;
  assert.ok(noticeCount > 0, 'N3 was never verified: it is overdue by now');
  clock.set(at(M2, 9));
  const first = (await past.supervision.notices(officer, {})).find((n) => n.townCode === TOWN_A && n.level === 'town');
  assert.ok(first, 'a town notice in town A (S2 and N1 wait for their classification)');
  await past.supervision.reply(officer, first.id, '已安排整改');
});
after(() => t.close());

const overdueAtM1End = (town?: string) =>
  atM1End.filter(
    (s) =>
      (!town || s.town === town) &&
      ['reported', 'verified', 'classified', 'rectifying', 'closing_requested'].includes(s.status) &&
      !(s.status === 'classified' && s.disposalClass === 'defer') &&
      s.deadlineAt !== null &&
      new Date(s.deadlineAt) < M1.end,
  ).length;

test('the city in M1: the reports of the month, as of its end', async () => {
  const r = await report('city', `?division=${CITY}&month=${M1.key}`);
  assert.equal(r.month, M1.key);
  assert.equal(r.division.code, CITY);
  assert.equal(r.partial, false);
  assert.equal(r.asOf, M1.end.toISOString());
  const x = r.totals;
  assert.equal(x.stockCount, 2);
  assert.equal(x.stockAreaM2, 400);
  assert.equal(x.stockOpenCount, 2);
  assert.equal(x.stockOpenAreaM2, 400);
  assert.equal(x.newCount, 3, 'N1, N2 and N3 were found in M1; N2 was rejected only in M2');
  assert.equal(x.newAreaM2, 330);
  assert.equal(x.newOpenCount, 1, 'of the new ones only N1 was verified by the end of M1');
  assert.equal(x.newOpenAreaM2, 50);
  assert.equal(x.openCount, 3);
  assert.equal(x.openAreaM2, 450);
  assert.equal(x.reports, 5);
  assert.equal(x.verifications, 1);
  assert.equal(x.rejections, 0);
  assert.equal(x.closings, 0);
  assert.equal(x.demolishedAreaM2, 0);
  assert.equal(x.redLineNew, 1, 'N1 is on basic farmland');
  assert.equal(x.complaints, 1);
  assert.equal(x.noticesIssued, 0);
  assert.equal(x.overdue, overdueAtM1End());
  // the table: the city's nine towns, adding up to the totals
  assert.equal(r.breakdownLevel, 'town');
  assert.equal(r.breakdown.length, 9);
  for (const k of ['newCount', 'reports', 'openCount', 'overdue', 'stockCount'] as const) {
    assert.equal(
      r.breakdown.reduce((s: number, b: Record<string, number>) => s + b[k], 0),
      x[k],
      k,
    );
  }
  const a = r.breakdown.find((b: { code: string }) => b.code === TOWN_A);
  const b = r.breakdown.find((b: { code: string }) => b.code === TOWN_B);
  assert.equal(a.newCount, 2);
  assert.equal(b.newCount, 1);
  assert.equal(b.newAreaM2, 200);
  // twelve months, the report's month last; nothing before M1
  assert.equal(r.trend.length, 12);
  assert.equal(r.trend[11].month, M1.key);
  assert.equal(r.trend[11].newCount, 3);
  assert.ok(r.trend.slice(0, 11).every((m: { reports: number; openCount: number }) => m.reports === 0 && m.openCount === 0));
  // top problems
  assert.equal(r.top.redLine.cases.length, 1);
  assert.equal(r.top.redLine.cases[0].id, ids.N1);
  assert.deepEqual(
    r.top.biggestOpen.map((c: { id: string }) => c.id),
    [ids.S2, ids.S1, ids.N1],
    'standing at the end of M1, largest first (N2 and N3 were still only reported)',
  );
  assert.equal(r.top.newVillages.length, 3);
  // no index run for the month: said so
  assert.equal(r.index.available, false);
  assert.match(r.index.message, /尚无已完成的无违建治理指数计算/);
});

test('town A in M2: closing, demolition, rejection and supervision notices; the month before is the trend’s previous point', async () => {
  const r = await report('officer_a', `?month=${M2.key}`);
  assert.equal(r.division.code, TOWN_A, 'a town officer gets their own town by default');
  assert.equal(r.breakdownLevel, 'village');
  assert.deepEqual(
    r.breakdown.map((v: { code: string }) => v.code),
    await villagesOf(TOWN_A),
  );
  const x = r.totals;
  assert.equal(x.newCount, 0);
  assert.equal(x.reports, 0);
  assert.equal(x.rejections, 1);
  assert.equal(x.closings, 1);
  assert.equal(x.demolishedCount, 1);
  assert.equal(x.demolishedAreaM2, 100);
  assert.equal(x.stockOpenCount, 1);
  assert.equal(x.stockOpenAreaM2, 300);
  assert.equal(x.stockClosedAreaM2, 100);
  assert.equal(x.openCount, 2, 'S2 and N1');
  assert.equal(x.openAreaM2, 350);
  // notices of the town's cases, counted in the table of notices itself
  const issuedA = Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from supervision_notices n join cases c on c.id = n.case_id where c.town_code = ${TOWN_A} and n.issued_at >= ${M2.start} and n.issued_at < ${M2.end}`.execute(
        t.db.q,
      )
    ).rows[0].n,
  );
  const answeredA = Number(
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from supervision_notices n join cases c on c.id = n.case_id where c.town_code = ${TOWN_A} and n.replied_at >= ${M2.start} and n.replied_at < ${M2.end}`.execute(
        t.db.q,
      )
    ).rows[0].n,
  );
  assert.equal(x.noticesIssued, issuedA);
  assert.equal(x.noticesAnswered, answeredA);
  assert.equal(x.noticesOpen, issuedA - answeredA);
  // the previous month is M1 seen from town A
  assert.equal(r.trend[10].month, M1.key);
  assert.equal(r.trend[10].newCount, 2);
  assert.equal(r.trend[10].reports, 4);
  assert.equal(r.trend[10].overdue, overdueAtM1End(TOWN_A));
  assert.deepEqual(r.previous.newCount, 2);
  // only town A's cases in its lists
  assert.ok(
    r.top.biggestOpen.every((c: { town: string }) => c.town === '新埭镇'),
    "r.top.biggestOpen.every((c: { town: string }) => c.town === '新埭镇')",
  );
  assert.deepEqual(
    r.top.biggestOpen.map((c: { id: string }) => c.id),
    [ids.S2, ids.N1],
  );
  // the city sees the same town the same way, and the city total includes town B's notices
  const same = await report('city', `?division=${TOWN_A}&month=${M2.key}`);
  assert.deepEqual(same.totals, x);
  const all = await report('city', `?month=${M2.key}`);
  assert.equal(all.division.code, CITY);
  assert.equal(all.totals.noticesIssued, noticeCount);
});

test('the month’s governance index comes from the finished run: colour, score, rank and change of the town; the towns for the city', async () => {
  const started = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: M2.key, seed: 4 } });
  assert.equal(started.statusCode, 202, started.body);
  const pending = await report('officer_a', `?month=${M2.key}`);
  assert.equal(pending.index.available, false);
  assert.match(pending.index.message, /正在计算/);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const towns = (await t.req('city', { method: 'GET', url: `/api/index/runs/${started.json().id}/results?level=town` })).json().items;
  const mine = towns.find((u: { divisionCode: string }) => u.divisionCode === TOWN_A);
  const r = await report('officer_a', `?month=${M2.key}`);
  assert.equal(r.index.available, true);
  assert.equal(r.index.runId, started.json().id);
  assert.equal(r.index.unit.code, TOWN_A);
  assert.equal(r.index.unit.score, mine.score);
  assert.equal(r.index.unit.rank, mine.rank);
  assert.equal(r.index.unit.color, mine.color);
  assert.deepEqual(
    r.index.unit.change && { score: r.index.unit.change.score, rank: r.index.unit.change.rank },
    mine.change && { score: mine.change.score, rank: mine.change.rank },
  );
  assert.equal(r.index.unit.rankOf, 9);
  assert.equal(r.index.level, 'village');
  assert.equal(r.index.units.length, (await villagesOf(TOWN_A)).length);
  assert.deepEqual(
    r.index.trend.map((p: { month: string }) => p.month),
    [M2.key],
  );
  const c = await report('city', `?month=${M2.key}`);
  assert.equal(c.index.unit, null, 'the city has no score of its own');
  assert.deepEqual(
    c.index.units.map((u: { code: string; color: string }) => [u.code, u.color]),
    towns.map((u: { divisionCode: string; color: string }) => [u.divisionCode, u.color]),
  );
  assert.equal(
    Object.values(c.index.colors as Record<string, number>).reduce((a, b) => a + b, 0),
    9,
  );
});

test('the PDF: the same report, readable text, charts and table', async () => {
  const r = await t.req('officer_a', { method: 'GET', url: `/api/reports/monthly.pdf?month=${M2.key}` });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.headers['content-type'], 'application/pdf');
  assert.match(String(r.headers['content-disposition']), /filename\*=UTF-8''/);
  const text = pdfText(r.rawPayload);
  const j = await report('officer_a', `?month=${M2.key}`);
  assert.ok(text.includes('新埭镇无违建工作月度报告'), text.slice(0, 200));
  assert.ok(text.includes(j.monthLabel), 'text.includes(j.monthLabel)');
  for (const s of ['一、本月主要数据', '二、无违建治理指数', '三、近12个月趋势', '四、分村(社区)情况', '五、突出问题', '新增违建与销号', '拆除面积'])
    assert.ok(text.includes(s), s);
  // figures and the cases behind them
  assert.ok(text.includes('拆除销号1处'), 'the demolished cases');
  // the table's total row, cell by cell as the JSON has it
  const f = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
  const x = j.totals;
  const total =
    ['合计', x.newCount, x.newAreaM2, x.reports, x.verifications, x.closings, x.demolishedAreaM2, x.openCount, x.stockOpenCount, x.overdue]
      .map((v) => (typeof v === 'number' ? f(v) : v))
      .join('') + `${x.noticesIssued}/${x.noticesAnswered}`;
  assert.ok(text.includes(total), `${total} in the table`);
  assert.equal(x.demolishedAreaM2, 100);
  const s2 = atM1End.find((s) => s.id === ids.S2)!;
  assert.ok(text.includes(s2.caseNo), 'the largest standing case is listed');
  // every village of the town is a row of the table
  for (const v of j.breakdown) assert.ok(text.includes(v.name), v.name);
  // the city's PDF has the towns
  const cityPdf = await t.req('city', { method: 'GET', url: `/api/reports/monthly.pdf?division=${CITY}&month=${M1.key}` });
  assert.equal(cityPdf.statusCode, 200);
  const ct = pdfText(cityPdf.rawPayload);
  assert.ok(ct.includes('平湖市无违建工作月度报告'), "ct.includes('平湖市无违建工作月度报告')");
  assert.ok(ct.includes('四、分镇街情况'), "ct.includes('四、分镇街情况')");
  assert.ok(ct.includes('尚无已完成的无违建治理指数计算'), "ct.includes('尚无已完成的无违建治理指数计算')");
});

test('jurisdiction: a town officer gets only their town; the city office any town or the city', async () => {
  const villageB = (await villagesOf(TOWN_B))[0];
  for (const [user, division] of [
    ['officer_a', TOWN_B],
    ['officer_a', CITY],
    ['inspector_a', TOWN_B],
    ['officer_b', TOWN_A],
    ['officer_a', villageB],
  ] as const) {
    for (const url of [`/api/reports/monthly?division=${division}&month=${M1.key}`, `/api/reports/monthly.pdf?division=${division}&month=${M1.key}`]) {
      const r = await t.req(user, { method: 'GET', url });
      assert.equal(r.statusCode, 404, `${user} ${url}`);
      assert.equal(r.json().code, 'report.division_not_found');
      assert.match(r.json().message, /[\u4e00-\u9fff]/);
    }
  }
  assert.equal((await report('city', `?division=${TOWN_B}&month=${M1.key}`)).totals.newCount, 1);
  assert.equal((await report('officer_b', `?month=${M1.key}`)).division.code, TOWN_B);
  assert.equal((await report('supervisor', `?division=${TOWN_A}&month=${M1.key}`)).division.code, TOWN_A);
  assert.equal((await t.req(null, { method: 'GET', url: `/api/reports/monthly?month=${M1.key}` })).statusCode, 401);
});

test('bad input: malformed or future month, unknown division, a village → 400 with an English code and a zh-CN message', async () => {
  const next = parsePeriod(monthOf(new Date(thisMonth.end.getTime() + 86400_000)))!;
  const villageA = (await villagesOf(TOWN_A))[0];
  const cases: [string, string][] = [
    ['?month=2026-13', 'report.invalid_month'],
    ['?month=2026-1', 'report.invalid_month'],
    ['?month=abc', 'report.invalid_month'],
    ['?month=2026-Q1', 'report.invalid_month'],
    [`?month=${next.key}`, 'report.future_month'],
    ['?month=2099-01', 'report.future_month'],
    ['?division=999999999', 'report.unknown_division'],
    ['?division=abc', 'report.unknown_division'],
    [`?division=${villageA}`, 'report.invalid_division'],
  ];
  for (const [q, code] of cases) {
    for (const base of ['/api/reports/monthly', '/api/reports/monthly.pdf']) {
      const r = await t.req('city', { method: 'GET', url: base + q });
      assert.equal(r.statusCode, 400, `${base}${q}: ${r.body}`);
      assert.equal(r.json().code, code, q);
      assert.match(r.json().message, /[\u4e00-\u9fff]/, q);
    }
  }
  assert.equal((await t.req('city', { method: 'GET', url: '/api/reports/monthly?foo=1' })).statusCode, 400);
  // the current month is allowed: as of now, marked partial
  const cur = await report('city', `?month=${thisMonth.key}`);
  assert.equal(cur.partial, true);
  assert.match(cur.asOfLabel, /尚未结束/);
  // no month: the last month that has ended
  assert.equal((await report('city', '')).month, M2.key);
});

test('a later change to the registry shows in a cached month (the cache follows the registry)', async () => {
  const before1 = await report('city', `?month=${M2.key}`);
  // a stock case recorded in M2 after the first report was made
  const past = createDeps(t.deps.config, t.db, { clock }).services;
  clock.set(at(M2, 20));
  const [lon, lat] = t.pointIn(TOWN_B, 1);
  await past.cases.create(city, { lon, lat, source: 'census_import', origin: 'stock', areaM2: 40, landType: 'construction', ownerName: '后补' } as any);
  const after1 = await report('city', `?month=${M2.key}`);
  assert.equal(after1.totals.stockCount, before1.totals.stockCount + 1);
  assert.equal(after1.totals.reports, before1.totals.reports + 1);
});
