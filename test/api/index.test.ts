import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { CITY, createTestContext, TOWN_A, TOWN_B, type TestContext } from '../support/context.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import type { Actor } from '../../src/platform/auth.js';
import { monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';
import { DEFAULT_DEFINITION } from '../../src/modules/index/index.default.js';

let t: TestContext;
let city: Actor;
const clock = new ManualClock(new Date());
// the months this test writes history into: two and one month before the current one
const thisMonth = parsePeriod(monthOf(new Date()))!;
const M1 = previousPeriod(previousPeriod(thisMonth));
const M2 = previousPeriod(thisMonth);
const at = (p: typeof M1, day: number) => new Date(p.start.getTime() + (day - 1) * 86400_000 + 3 * 3600_000);

type Item = {
  divisionCode: string;
  name: string;
  score: number;
  rank: number;
  color: string;
  dimensions: { id: string; score: number | null }[];
  indicators: { id: string; raw: number | null; normalised: number | null; contribution: number; missing: string | null; imputed: number | null; status: string }[];
  rankInterval: { p5: number; median: number; p95: number };
  colorProbabilities: Record<string, number>;
  change: { score: number; rank: number; color: string } | null;
  flags: string[];
};

const villagesOf = async (town: string) =>
  (await t.db.q.selectFrom('divisions').select(['code', 'population', 'land_area_km2']).where('parent_code', '=', town).orderBy('code').execute()).map((d) => ({
    code: d.code,
    population: d.population === null ? null : Number(d.population),
    land: Number(d.land_area_km2),
  }));

async function startRun(user: string, body: Record<string, unknown>) {
  return t.req(user, { method: 'POST', url: '/api/index/runs', payload: body });
}
async function runToDone(body: Record<string, unknown>): Promise<string> {
  const r = await startRun('city', body);
  assert.equal(r.statusCode, 202, r.body);
  assert.equal(r.json().status, 'queued');
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${r.json().id}` })).json();
  assert.equal(run.status, 'done', run.error);
  return run.id;
}
const results = async (user: string, id: string, level: 'town' | 'village') => {
  const r = await t.req(user, { method: 'GET', url: `/api/index/runs/${id}/results?level=${level}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items as Item[];
};
const ind = (it: Item, id: string) => it.indicators.find((i) => i.id === id)!;

before(async () => {
  t = await createTestContext();
  city = (await t.deps.services.users.actorForToken(t.tokens.city))!;
  // history written with the clock moved back, through the same services the API uses
  const past = createDeps(t.deps.config, t.db, { clock }).services.cases;
  const vA = await villagesOf(TOWN_A);
  const [lon0, lat0] = t.pointIn(TOWN_A, 0);
  const [lon1, lat1] = t.pointIn(TOWN_A, 1);
  clock.set(at(M1, 3));
  // two stock violations from the census in village A0 (established facts: verified on entry)
  for (const area of [100, 300])
    await past.create(city, { lon: lon0, lat: lat0, source: 'census_import', origin: 'stock', areaM2: area, landType: 'construction', ownerName: '张三' });
  // a complaint in village A1 in M1, found not to be a violation in M2
  clock.set(at(M1, 10));
  const c = await past.create(city, { lon: lon1, lat: lat1, source: 'complaint', areaM2: 50, landType: 'cultivated', ownerName: '李四' });
  clock.set(at(M2, 5));
  await past.act(city, c.case.id, 'reject', c.case.version, { reason: '经核实为合法建筑' });
  assert.ok(vA[0].population && vA[0].land > 0, 'vA[0].population && vA[0].land > 0');
});
after(() => t.close());

test('who may start a run; bad and future periods are refused', async () => {
  for (const u of ['inspector_a', 'officer_a', 'supervisor', 'dept']) {
    const r = await startRun(u, { period: M1.key });
    assert.equal(r.statusCode, 403, u);
    assert.equal(r.json().code, 'index.run_forbidden');
  }
  assert.equal((await startRun('city', { period: '2026-13' })).statusCode, 400);
  assert.equal((await startRun('city', { period: '2026-Q5' })).statusCode, 400);
  assert.equal((await startRun('city', { period: M1.key, extra: 1 })).statusCode, 400);
  const future = await startRun('admin', { period: `${new Date().getUTCFullYear() + 1}-01` });
  assert.equal(future.statusCode, 422);
  assert.equal(future.json().code, 'index.future_period');
  const queued = await startRun('city', { period: M1.key });
  assert.equal(queued.statusCode, 202);
  const early = await t.req('city', { method: 'GET', url: `/api/index/runs/${queued.json().id}/results` });
  assert.equal(early.statusCode, 409, 'no results before the job ran');
  assert.equal(early.json().code, 'index.run_not_done');
  await t.deps.jobs.drain(t.deps.jobHandlers);
});

test('a run yields every town and village with the documented fields; raw values match the registry as of the period end', async () => {
  const id = await runToDone({ period: M1.key, seed: 12345 });
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${id}` })).json();
  assert.equal(run.period, M1.key);
  assert.equal(run.seed, 12345);
  assert.equal(run.definitionVersion, 1);
  assert.equal(run.definition.indicators.length, 16);
  assert.equal(run.summary.levels.town.units, 9);
  assert.equal(run.summary.levels.village.units, 136);
  const towns = await results('city', id, 'town');
  const villages = await results('city', id, 'village');
  assert.equal(towns.length, 9);
  assert.equal(villages.length, 136);
  const json = JSON.stringify([towns, villages]);
  assert.ok(!json.includes('NaN') && !json.includes('Infinity'), "!json.includes('NaN') && !json.includes('Infinity')");
  for (const it of [...towns, ...villages]) {
    assert.ok(['green', 'blue', 'yellow', 'orange', 'red'].includes(it.color));
    assert.ok(it.score >= 0 && it.score <= 100, 'it.score >= 0 && it.score <= 100');
    assert.ok(
      it.rankInterval.p5 <= it.rankInterval.median && it.rankInterval.median <= it.rankInterval.p95,
      'it.rankInterval.p5 <= it.rankInterval.median && it.rankInterval.median <= it.rankInterval.p95',
    );
    assert.ok(Math.abs(Object.values(it.colorProbabilities).reduce((a, b) => a + b, 0) - 1) < 1e-3);
    assert.equal(it.indicators.length, 16);
    assert.equal(it.dimensions.length, 4);
    assert.ok(it.change, 'the previous period is computed for the change columns');
  }
  // sorted by rank; ranks among towns 1..9
  assert.deepEqual(
    towns.map((x) => x.rank),
    [...towns.map((x) => x.rank)].sort((a, b) => a - b),
  );
  // no data source yet: land reuse; no tracks anywhere: patrol coverage; no change patch due: B4 (test/api/patches.test.ts)
  const t0 = towns[0];
  assert.equal(ind(t0, 'A4').status, 'no_source');
  assert.equal(ind(t0, 'B4').status, 'no_data_in_period');
  assert.equal(ind(t0, 'C1').status, 'no_data_in_period');
  assert.equal(run.summary.measureStatus.land_reused_area_m2, 'no_source');

  // village A0: 400 m² standing on its land area; 2 standing cases per 1,000 residents; stock 0 % closed
  const [a0] = await villagesOf(TOWN_A);
  const v0 = villages.find((v) => v.divisionCode === a0.code)!;
  assert.ok(Math.abs(ind(v0, 'A1').raw! - 400 / a0.land) < 1e-6);
  assert.ok(Math.abs(ind(v0, 'A2').raw! - (1000 * 2) / a0.population!) < 1e-9);
  assert.equal(ind(v0, 'A3').raw, 0);
  // its goalposts score: A1 = 100·(650 − raw)/650
  const a1 = DEFAULT_DEFINITION.indicators.find((i) => i.id === 'A1')!;
  assert.equal(ind(v0, 'A1').normalised, Math.round(100 * Math.max(0, Math.min(1, (a1.goalposts.upper - 400 / a0.land) / a1.goalposts.upper)) * 100) / 100);
  // the town sums its villages: the two census cases and the complaint, which stood at the end of M1
  const tA = towns.find((x) => x.divisionCode === TOWN_A)!;
  const popA = Number((await t.db.q.selectFrom('divisions').select('population').where('code', '=', TOWN_A).executeTakeFirstOrThrow()).population);
  assert.ok(Math.abs(ind(tA, 'D2').raw! - (10000 * 1) / popA) < 1e-9, 'the complaint counts in M1');
  // contributions add up to the score
  for (const it of [tA, v0]) assert.ok(Math.abs(it.indicators.reduce((s, i) => s + i.contribution, 0) - it.score) < 0.01);
});

test('a running run shows the step it is at; a finished one shows its summary and no step', async () => {
  const r = await startRun('city', { period: M1.key, seed: 777 });
  assert.equal(r.statusCode, 202, r.body);
  const id = r.json().id;
  // look at the run while the job computes it: the job's statements and these reads take turns on the
  // database (through the service, not HTTP: in-process PGlite never leaves the microtask queue, so the
  // HTTP layer's own timers would wait for the job's end)
  const seen: { step: number; steps: number; name: string }[] = [];
  let running = true;
  const watch = (async () => {
    while (running) {
      const run = (await t.deps.services.index.getRun({} as never, id)) as { status: string; progress: { step: number; steps: number; name: string } | null };
      if (run.status === 'running' && run.progress) seen.push(run.progress);
    }
  })();
  await t.deps.jobs.drain(t.deps.jobHandlers);
  running = false;
  await watch;
  assert.ok(seen.length > 0, 'the running run was seen with its step');
  for (const p of seen) {
    assert.equal(p.steps, 4);
    assert.ok(p.step >= 1 && p.step <= 4, `step ${p.step}`);
    assert.ok(['measures', 'previous', 'engine', 'saving'].includes(p.name), p.name);
  }
  assert.deepEqual(
    seen.map((p) => p.step),
    [...seen.map((p) => p.step)].sort((a, b) => a - b),
    'steps only go forward',
  );
  const done = (await t.req('city', { method: 'GET', url: `/api/index/runs/${id}` })).json();
  assert.equal(done.status, 'done');
  assert.equal(done.progress, null);
  assert.equal(done.summary.levels.town.units, 9);
});

test('as of the period end: a complaint rejected in the next month counts in M1, not in M2', async () => {
  const idM2 = await runToDone({ period: M2.key, seed: 1 });
  const tA = (await results('city', idM2, 'town')).find((x) => x.divisionCode === TOWN_A)!;
  // rejected in M2: no longer a complaint about a violation (12-month window still covers M1)
  assert.equal(ind(tA, 'D2').raw, 0);
});

test('deterministic: same data, definition and seed give the same result; later data does not change a past period', async () => {
  const a = await runToDone({ period: M1.key, seed: 777 });
  const b = await runToDone({ period: M1.key, seed: 777 });
  const [ta, tb] = [await results('city', a, 'village'), await results('city', b, 'village')];
  assert.deepEqual(ta, tb);
  // a case reported now (after M1 ended) changes nothing in M1
  const [lon, lat] = t.pointIn(TOWN_A, 0);
  const now = await t.req('city', {
    method: 'POST',
    url: '/api/cases',
    payload: { lon, lat, source: 'census_import', origin: 'stock', areaM2: 999, landType: 'construction', ownerName: '王五' },
  });
  assert.equal(now.statusCode, 201, now.body);
  // computed from the history again, not read from the month's stored measures (index-month-measures.test.ts)
  await sql`delete from index_month_measures`.execute(t.db.q);
  const c = await runToDone({ period: M1.key, seed: 777 });
  const cRun = (await t.req('city', { method: 'GET', url: `/api/index/runs/${c}` })).json();
  assert.equal(cRun.summary.monthMeasures.stored, 0);
  assert.deepEqual(await results('city', c, 'village'), ta);
  // another seed: same scores and ranks, the intervals come from other draws
  const d = await runToDone({ period: M1.key, seed: 778 });
  const td = await results('city', d, 'village');
  assert.deepEqual(
    td.map((x) => [x.divisionCode, x.score, x.rank]),
    ta.map((x) => [x.divisionCode, x.score, x.rank]),
  );
});

test('a village with no population or population 0: flagged and imputed, never NaN', async () => {
  const vB = await villagesOf(TOWN_B);
  await sql`update divisions set population = null where code = ${vB[0].code}`.execute(t.db.q);
  await sql`update divisions set population = 0 where code = ${vB[1].code}`.execute(t.db.q);
  try {
    const id = await runToDone({ period: M1.key, seed: 5 });
    const vs = await results('city', id, 'village');
    const none = vs.find((v) => v.divisionCode === vB[0].code)!;
    const zero = vs.find((v) => v.divisionCode === vB[1].code)!;
    assert.equal(ind(none, 'A2').raw, null);
    assert.equal(ind(none, 'A2').missing, 'missing_measure');
    assert.equal(ind(zero, 'A2').missing, 'zero_denominator');
    assert.equal(typeof ind(none, 'A2').imputed, 'number');
    assert.ok(Number.isFinite(ind(zero, 'A2').normalised));
    assert.ok(none.flags.includes('A2:missing_measure'), "none.flags.includes('A2:missing_measure')");
    assert.ok(zero.flags.includes('A2:zero_denominator'), "zero.flags.includes('A2:zero_denominator')");
    assert.ok(Number.isFinite(none.score) && Number.isFinite(zero.score), 'Number.isFinite(none.score) && Number.isFinite(zero.score)');
  } finally {
    await sql`update divisions set population = ${vB[0].population} where code = ${vB[0].code}`.execute(t.db.q);
    await sql`update divisions set population = ${vB[1].population} where code = ${vB[1].code}`.execute(t.db.q);
  }
});

test('jurisdiction: a town officer sees its own town and its villages only', async () => {
  const id = await runToDone({ period: M1.key, seed: 9 });
  const towns = await results('officer_a', id, 'town');
  assert.deepEqual(
    towns.map((x) => x.divisionCode),
    [TOWN_A],
  );
  const villages = await results('officer_a', id, 'village');
  const mine = (await villagesOf(TOWN_A)).map((v) => v.code);
  assert.deepEqual(villages.map((v) => v.divisionCode).sort(), [...mine].sort());
  // the ranks are the city-wide ones
  const all = await results('city', id, 'town');
  assert.equal(towns[0].rank, all.find((x) => x.divisionCode === TOWN_A)!.rank);
  const otherVillage = (await villagesOf(TOWN_B))[0].code;
  assert.equal((await t.req('officer_a', { method: 'GET', url: `/api/index/runs/${id}/units/${otherVillage}` })).statusCode, 404);
  const own = await t.req('officer_a', { method: 'GET', url: `/api/index/runs/${id}/units/${mine[0]}` });
  assert.equal(own.statusCode, 200);
  assert.equal(own.json().result.divisionCode, mine[0]);
  assert.equal(own.json().definition.indicators.length, 16);
  assert.equal((await t.req('city', { method: 'GET', url: `/api/index/runs/${id}/units/${CITY}` })).statusCode, 404);
});

test("change: taken from the previous period's finished run when one exists, and equal to computing it", async () => {
  const m1 = await runToDone({ period: M1.key, seed: 11 });
  const reused = await runToDone({ period: M2.key, seed: 11 });
  const runR = (await t.req('city', { method: 'GET', url: `/api/index/runs/${reused}` })).json();
  assert.equal(runR.summary.previousRun, m1);
  // explicit method options: no finished M1 run with the same options, so M1 is computed in this run
  const computed = await runToDone({ period: M2.key, seed: 11, normalisation: 'goalposts', aggregation: 'arithmetic' });
  const runC = (await t.req('city', { method: 'GET', url: `/api/index/runs/${computed}` })).json();
  assert.equal(runC.summary.previousRun, null);
  for (const level of ['town', 'village'] as const) {
    const a = await results('city', reused, level);
    const b = await results('city', computed, level);
    assert.deepEqual(
      a.map((x) => [x.divisionCode, x.change]),
      b.map((x) => [x.divisionCode, x.change]),
    );
  }
});

test('definitions: refused with every reason (unknown measure, reversed goalposts, weights off); an admin saves a new version that the next run uses', async () => {
  const cur = (await t.req('city', { method: 'GET', url: '/api/index/definition' })).json();
  assert.equal(cur.version, 1);
  const bad = JSON.parse(JSON.stringify(cur.definition));
  bad.indicators[0].formula = 'open_area_m2 / no_such_measure';
  bad.indicators[1].goalposts = { lower: 10, upper: 0 };
  bad.indicators[2].weight = 11;
  const r = await t.req('admin', { method: 'POST', url: '/api/index/definitions', payload: { definition: bad } });
  assert.equal(r.statusCode, 422);
  assert.equal(r.json().code, 'index.invalid_definition');
  const problems = r.json().details.problems as { path: string; message: string }[];
  assert.deepEqual(
    problems.map((p) => p.path),
    ['indicators[0].formula', 'indicators[1].goalposts', 'indicators[].weight'],
  );
  assert.match(problems[0].message, /no_such_measure/);
  assert.equal((await t.req('city', { method: 'POST', url: '/api/index/definitions', payload: { definition: cur.definition } })).statusCode, 403);

  const good = JSON.parse(JSON.stringify(cur.definition));
  good.label = '测试版本';
  good.grading.bands = { green: 85, blue: 75, yellow: 65, orange: 55 };
  const ok = await t.req('admin', { method: 'POST', url: '/api/index/definitions', payload: { definition: good, note: '放宽分数段' } });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().version, 2);
  const id = await runToDone({ period: M1.key, seed: 777 });
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${id}` })).json();
  assert.equal(run.definitionVersion, 2);
  assert.equal(run.definition.grading.bands.green, 85);
  const hist = (await t.req('city', { method: 'GET', url: '/api/index/definitions' })).json();
  assert.deepEqual(
    hist.items.map((d: { version: number }) => d.version),
    [2, 1],
  );
  const list = (await t.req('city', { method: 'GET', url: `/api/index/runs?period=${M1.key}` })).json();
  assert.ok(
    list.items.length >= 5 && list.items.every((x: { period: string }) => x.period === M1.key),
    'list.items.length >= 5 && list.items.every((x: { period: string }) => x.period === M1.key)',
  );
});

test('patrol coverage: no tracks anywhere → "no data in this period"; with a track it is measured per village like GET /api/patrol/coverage', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  // the track lies in today (China time), so in the coverage window below and in the current month's run,
  // even just after midnight (its last points then up to ~8 minutes ahead, which the API accepts)
  const t0 = Math.max(Date.now() - 3600_000, Date.parse(`${today}T00:00:01+08:00`));
  const points = Array.from({ length: 21 }, (_, i) => ({ at: new Date(t0 + i * 25_000).toISOString(), lon: lon + ((i - 10) * 30) / 95_000, lat, accuracy: 10 }));
  const r = await t.req('inspector_a', { method: 'POST', url: '/api/patrol/tracks', payload: { clientId: '0b7c4c0e-4f7e-4c55-9d2a-5d6f1d1f0a01', points } });
  assert.equal(r.statusCode, 201, r.body);
  const id = await runToDone({ period: thisMonth.key, seed: 3 });
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${id}` })).json();
  assert.equal(run.summary.partial, true, 'the current month is computed as of now');
  assert.equal(run.summary.measureStatus.covered_km2, 'ok');
  const vs = await results('city', id, 'village');
  const cov = (await t.req('city', { method: 'GET', url: `/api/patrol/coverage?from=${today}&to=${tomorrow}` })).json().items as { divisionCode: string; coveredShare: number }[];
  const walked = cov.filter((c) => c.coveredShare > 0);
  assert.ok(walked.length >= 1, 'the walked village has coverage');
  for (const c of walked) {
    const v = vs.find((x) => x.divisionCode === c.divisionCode)!;
    assert.equal(ind(v, 'C1').status, 'included');
    assert.ok(Math.abs(ind(v, 'C1').raw! - 100 * c.coveredShare) < 0.01, `${ind(v, 'C1').raw} vs ${100 * c.coveredShare}`);
  }
  const notWalked = vs.find((x) => !walked.some((c) => c.divisionCode === x.divisionCode))!;
  assert.equal(ind(notWalked, 'C1').raw, 0);
});

test('Excel export: one sheet per level with every indicator as columns, inside the jurisdiction', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const id = await runToDone({ period: M1.key, seed: 21 });
  const r = await t.req('city', { method: 'GET', url: `/api/index/runs/${id}/export.xlsx` });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(String(r.headers['content-type']), /spreadsheetml/);
  assert.match(String(r.headers['content-disposition']), /filename\*=UTF-8''/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as never);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['镇(街道)', '村(社区)', '指标说明'],
  );
  const towns = wb.getWorksheet('镇(街道)')!;
  const villages = wb.getWorksheet('村(社区)')!;
  assert.equal(towns.rowCount - 4, 9);
  assert.equal(villages.rowCount - 4, 136);
  assert.match(String(towns.getCell(1, 1).value), new RegExp(`${M1.key} 期`));
  // the header names every indicator, the row of the best town carries its score and colour
  const header = (towns.getRow(3).values as unknown[]).map(String).join('|');
  for (const ind of DEFAULT_DEFINITION.indicators) assert.ok(header.includes(`${ind.id} ${ind.name.zh}`), ind.id);
  assert.match(header, /A4 拆后土地利用率\(暂无数据来源\)/);
  const best = (await results('city', id, 'town'))[0];
  assert.equal(towns.getCell(5, 2).value, best.name);
  assert.equal(towns.getCell(5, 4).value, best.score);
  assert.equal(wb.getWorksheet('指标说明')!.rowCount, 17);
  // a town officer's export holds its own town and villages only
  const mine = await t.req('officer_a', { method: 'GET', url: `/api/index/runs/${id}/export.xlsx` });
  const wb2 = new ExcelJS.Workbook();
  await wb2.xlsx.load(mine.rawPayload as never);
  assert.equal(wb2.getWorksheet('镇(街道)')!.rowCount - 4, 1);
  assert.equal(wb2.getWorksheet('村(社区)')!.rowCount - 4, (await villagesOf(TOWN_A)).length);
  // each export is recorded with who and how many rows (towns and villages)
  const recs = await t.db.q.selectFrom('audit_log').select(['actor_id', 'after']).where('action', '=', 'index.export').where('entity_id', '=', id).orderBy('id').execute();
  const counts = recs.map((x) => (typeof x.after === 'string' ? JSON.parse(x.after) : x.after).count);
  assert.deepEqual(counts, [9 + 136, 1 + (await villagesOf(TOWN_A)).length]);
});

test('trend: a unit period by period from the latest finished complete run of each; inside the jurisdiction', async () => {
  const a = await runToDone({ period: M1.key, seed: 31 });
  const b = await runToDone({ period: M2.key, seed: 31 });
  const r = await t.req('officer_a', { method: 'GET', url: `/api/index/divisions/${TOWN_A}/trend` });
  assert.equal(r.statusCode, 200, r.body);
  const items = r.json().items as { period: string; runId: string; score: number; rank: number; color: string }[];
  const periods = items.map((x) => x.period);
  assert.ok(periods.includes(M1.key) && periods.includes(M2.key), 'periods.includes(M1.key) && periods.includes(M2.key)');
  assert.ok(!periods.includes(thisMonth.key), 'a partial period is not a point of the trend');
  assert.equal(periods.indexOf(M1.key) < periods.indexOf(M2.key), true);
  for (const [period, id] of [
    [M1.key, a],
    [M2.key, b],
  ] as const) {
    const p = items.find((x) => x.period === period)!;
    assert.equal(p.runId, id, 'the latest run of the period');
    const tA = (await results('city', id, 'town')).find((x) => x.divisionCode === TOWN_A)!;
    assert.deepEqual([p.score, p.rank, p.color], [tA.score, tA.rank, tA.color]);
  }
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/index/divisions/${TOWN_A}/trend` })).statusCode, 404);
});
