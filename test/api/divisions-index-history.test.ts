/**
 * The index's history keeps the division it was computed with: a town and a village renamed by a later code table at
 * going live (setup) leave the runs already made as they were: the trend's points name the division as each run
 * computed it, an old run's Excel export names its towns as then; a run made after the renaming uses the new names.
 * And a county whose index has run keeps its paths when the code table brings the province and prefecture.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { divisionCsv } from '../fixtures/going-live.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t?.close());

const thisMonth = parsePeriod(monthOf(new Date()))!;
const M1 = previousPeriod(previousPeriod(thisMonth));
const M2 = previousPeriod(thisMonth);
const VILLAGE = '330482102006';

async function runToDone(period: string, seed: number): Promise<string> {
  const r = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period, seed } });
  assert.equal(r.statusCode, 202, r.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const run = (await t.req('city', { method: 'GET', url: `/api/index/runs/${r.json().id}` })).json();
  assert.equal(run.status, 'done', run.error);
  return run.id;
}
type Point = { period: string; runId: string; division: { name: string | null; parentCode: string | null; path: string } };
async function trend(code: string, user = 'city') {
  const r = await t.req(user, { method: 'GET', url: `/api/index/divisions/${code}/trend` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json().items as Point[];
}
/** The town column of a village's row and the name of a town's row in a run's Excel export. */
async function exported(runId: string) {
  const ExcelJS = (await import('exceljs')).default;
  const r = await t.req('city', { method: 'GET', url: `/api/index/runs/${runId}/export.xlsx` });
  assert.equal(r.statusCode, 200, r.body);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as never);
  // the code is column 3 of a town's row, 5 of a village's (after its town's name and its rank in the town)
  const rowOf = (sheet: string, code: string) => {
    const ws = wb.getWorksheet(sheet)!;
    const col = sheet === '镇(街道)' ? 3 : 5;
    for (let i = 5; i <= ws.rowCount; i++) if (String(ws.getCell(i, col).value) === code) return ws.getRow(i);
    throw new Error(`${code} not in ${sheet}`);
  };
  return {
    town: String(rowOf('镇(街道)', TOWN_A).getCell(2).value),
    village: String(rowOf('村(社区)', VILLAGE).getCell(2).value),
    villageTown: String(rowOf('村(社区)', VILLAGE).getCell(3).value),
  };
}

test('a town and a village renamed at going live: the runs made before keep their names, the trend says so point by point; a new run uses the new names', async () => {
  const m1 = await runToDone(M1.key, 7);
  const m2 = await runToDone(M2.key, 7);
  const before = await exported(m2);
  assert.deepEqual(before, { town: '新埭镇', village: '新埭社区', villageTown: '新埭镇' });

  // the code table with the new names (新埭镇 became a 街道; the community's committee renamed)
  const renamed = divisionCsv()
    .replace('330482102000,,新埭镇', '330482102000,,新埭街道')
    .replace(/330482102006,111,[^\r]*/, '330482102006,111,新埭新城社区居民委员会');
  const r = await t.deps.services.setup.run({ divisions: { filename: '统计用区划代码.csv', bytes: new TextEncoder().encode(renamed) } }, { apply: true });
  assert.equal(r.applied, true, JSON.stringify(r.problems));
  assert.deepEqual(
    r.divisions!.renamed.map((x) => [x.code, x.to]),
    [
      [TOWN_A, '新埭街道'],
      [VILLAGE, '新埭新城社区居民委员会'],
    ],
  );
  // the index has run here: its results record the paths, so the province and prefecture are not put above the county
  assert.equal(r.divisions!.aboveKept, false);
  assert.match(r.divisions!.aboveNote!, /指数结果/);
  const today = (await t.req('city', { method: 'GET', url: '/api/divisions' })).json().items as { code: string; shortName: string }[];
  assert.equal(today.find((d) => d.code === TOWN_A)!.shortName, '新埭街道');

  // the runs made before: as computed
  assert.deepEqual(await exported(m2), before, 'the old run’s export names its towns as then');
  const points = await trend(TOWN_A);
  assert.deepEqual(
    points.filter((p) => p.runId === m1 || p.runId === m2).map((p) => [p.period, p.division]),
    [
      [M1.key, { name: '新埭镇', parentCode: null, path: `330482/${TOWN_A}` }],
      [M2.key, { name: '新埭镇', parentCode: null, path: `330482/${TOWN_A}` }],
    ],
  );
  assert.deepEqual((await trend(VILLAGE, 'officer_a')).find((p) => p.runId === m2)!.division, { name: '新埭社区', parentCode: TOWN_A, path: `330482/${TOWN_A}/${VILLAGE}` });

  // the period run again after the renaming: the new names, and the trend's point for it is the new run
  const m2b = await runToDone(M2.key, 8);
  assert.deepEqual(await exported(m2b), { town: '新埭街道', village: '新埭新城社区', villageTown: '新埭街道' });
  const again = await trend(TOWN_A);
  assert.deepEqual(
    again.filter((p) => p.period === M1.key || p.period === M2.key).map((p) => [p.runId, p.division.name]),
    [
      [m1, '新埭镇'],
      [m2b, '新埭街道'],
    ],
  );
  assert.equal((await t.req('officer_b', { method: 'GET', url: `/api/index/divisions/${TOWN_A}/trend` })).statusCode, 404);
});
