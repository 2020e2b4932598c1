/**
 * The division tree above the county: a county deployment under 浙江省 (33) → 嘉兴市 (3304) → 平湖市 (330482). Setup
 * keeps the province and prefecture rows of the code table (paths from the province), the divisions list names each
 * level in zh-CN, a user assigned to the prefecture sees the county's cases, overview and goals while a town's
 * officer still sees only his town; a county tree loaded without them gains them (paths prefixed) while nothing
 * refers to it by path, and keeps its paths, with the reason in the report, once cases do.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { countyOfPath, townOfPath } from '../../src/modules/divisions/division.levels.js';
import { parseDivisionCode } from '../../src/modules/setup/division.codes.js';
import { caseBody, createTestContext, freshDatabase, PASSWORD, TOWN_A, TOWN_B } from '../support/context.js';
import { divisionCsv, featureCollection, villageFeatures } from '../fixtures/going-live.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { loadDemoDivisions } from '../../src/demo/demo.seed.js';

const csv = (text: string) => ({ divisions: { filename: '统计用区划代码.csv', bytes: new TextEncoder().encode(text) } });
/** The same table without its province and prefecture rows. */
const countyOnly = () =>
  divisionCsv()
    .split('\r\n')
    .filter((l) => !l.startsWith('330000000000') && !l.startsWith('330400000000'))
    .join('\r\n');

/** A fresh migrated database with no divisions, its deps and app. */
async function emptyDeployment() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wwj-levels-'));
  const { db, drop } = await freshDatabase();
  const deps = createDeps(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' } as NodeJS.ProcessEnv), db);
  let app: FastifyInstance | null = null;
  return {
    db,
    deps,
    async app() {
      app ??= await buildApp(deps, { logger: false, webDist: null });
      return app;
    },
    async close() {
      await app?.close();
      await db.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
type Deployment = Awaited<ReturnType<typeof emptyDeployment>>;
const pathsOf = async (deps: Deps, codes: string[]) => {
  const rows = await deps.repos.divisions.all();
  return Object.fromEntries(
    codes.map((c) => [
      c,
      rows.find((r) => r.code === c) && [rows.find((r) => r.code === c)!.level, rows.find((r) => r.code === c)!.parent_code, rows.find((r) => r.code === c)!.path],
    ]),
  );
};

let dep: Deployment;
before(async () => {
  dep = await emptyDeployment();
});
after(() => dep?.close());

test('the pure rules: the county and town of a path from the province or from the county; official forms of the prefecture code', () => {
  assert.equal(countyOfPath('33/3304/330482/330482102/330482102006'), '330482');
  assert.equal(countyOfPath('330482/330482102'), '330482');
  assert.equal(countyOfPath('33/3304'), '3304');
  assert.equal(townOfPath('33/3304/330482/330482102/330482102006'), '330482102');
  assert.equal(townOfPath('330482'), null);
  for (const raw of ['330400', '330400000000', '3304']) assert.deepEqual(parseDivisionCode(raw), { code: '3304', level: 'prefecture', parent: '33' });
});

test('setup keeps the province and prefecture of the code table: levels, parents, paths from the province, zh-CN level names', async () => {
  const boundaries = { filename: '村级边界.geojson', bytes: new TextEncoder().encode(JSON.stringify(featureCollection(villageFeatures()))) };
  const r = await dep.deps.services.setup.run({ ...csv(divisionCsv()), boundaries }, { apply: true });
  assert.equal(r.blocked, false, JSON.stringify(r.problems));
  assert.equal(r.applied, true);
  assert.equal(r.boundaries!.added.length, 146, 'villages, towns and the county: none for the province or prefecture');
  assert.equal(r.divisions!.aboveKept, true);
  assert.equal(r.divisions!.aboveNote, null);
  assert.deepEqual(
    r.divisions!.added.slice(0, 3).map((a) => [a.code, a.level]),
    [
      ['33', 'province'],
      ['3304', 'prefecture'],
      ['330482', 'county'],
    ],
  );
  assert.equal(r.divisions!.added.length, 148);
  assert.deepEqual(await pathsOf(dep.deps, ['33', '3304', '330482', TOWN_A, '330482102006']), {
    '33': ['province', null, '33'],
    '3304': ['prefecture', '33', '33/3304'],
    '330482': ['city', '3304', '33/3304/330482'],
    [TOWN_A]: ['town', '330482', `33/3304/330482/${TOWN_A}`],
    '330482102006': ['village', TOWN_A, `33/3304/330482/${TOWN_A}/330482102006`],
  });
  // the same file again: nothing to write
  const again = await dep.deps.services.setup.run(csv(divisionCsv()), { apply: true });
  assert.equal(again.changes, 0);
  assert.equal(again.divisions!.unchanged, 148);
  assert.equal(again.divisions!.aboveKept, true);
});

test('a user assigned to the prefecture sees the county: the divisions, every town’s cases, the overview and goals of the county; a town officer still only his town', async () => {
  const { deps } = dep;
  const villages = loadDemoDivisions().filter((f) => f.properties.level === 'village');
  const pointIn = (town: string) => villages.find((v) => v.properties.parent_code === town)!.properties.centroid as [number, number];
  const tokens: Record<string, string> = {};
  for (const [username, role, division] of [
    ['jx_city', 'city_office', parseDivisionCode('330400')!.code],
    ['zj_super', 'supervisor', parseDivisionCode('330000')!.code],
    ['officer_a', 'town_officer', TOWN_A],
    ['inspector_a', 'inspector', TOWN_A],
    ['inspector_b', 'inspector', TOWN_B],
  ] as const) {
    await deps.services.users.create(null, { username, displayName: username, password: PASSWORD, role, divisionCode: division, department: null }, { demo: true });
    tokens[username] = (await deps.services.users.login(username, PASSWORD, '127.0.0.1')).token;
  }
  const app = await dep.app();
  const req = (user: string, o: InjectOptions) => app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${tokens[user]}` } });

  const a = await req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...pointIn(TOWN_A)) });
  assert.equal(a.statusCode, 201, a.body);
  const b = await req('inspector_b', { method: 'POST', url: '/api/cases', payload: caseBody(...pointIn(TOWN_B)) });
  assert.equal(b.statusCode, 201, b.body);

  // the divisions list: each level named in zh-CN, the prefecture user's jurisdiction is the whole county
  const list = await req('jx_city', { method: 'GET', url: '/api/divisions' });
  assert.equal(list.statusCode, 200, list.body);
  const items = list.json().items as { code: string; level: string; levelName: string; inJurisdiction: boolean }[];
  assert.deepEqual(
    items.slice(0, 3).map((d) => [d.code, d.level, d.levelName, d.inJurisdiction]),
    [
      ['33', 'province', '省', false],
      ['3304', 'prefecture', '地级市', true],
      ['330482', 'city', '县(市、区)', true],
    ],
  );
  assert.equal(items.find((d) => d.code === TOWN_A)!.levelName, '乡镇(街道)');
  assert.ok(items.filter((d) => d.level !== 'province').every((d) => d.inJurisdiction));
  const officerView = (await req('officer_a', { method: 'GET', url: '/api/divisions' })).json().items as { code: string; inJurisdiction: boolean }[];
  assert.deepEqual(
    officerView.filter((d) => d.inJurisdiction && d.code.length < 9).map((d) => d.code),
    [],
    'a town officer’s jurisdiction is his town',
  );

  // the cases of every town for the prefecture and the province; one town for its officer
  for (const user of ['jx_city', 'zj_super']) {
    const cases = await req(user, { method: 'GET', url: '/api/cases?limit=50' });
    assert.equal(cases.statusCode, 200, cases.body);
    assert.deepEqual(
      cases
        .json()
        .items.map((c: { id: string }) => c.id)
        .sort(),
      [a.json().id, b.json().id].sort(),
      user,
    );
    assert.equal((await req(user, { method: 'GET', url: `/api/cases/${b.json().id}` })).statusCode, 200);
  }
  const own = await req('officer_a', { method: 'GET', url: '/api/cases?limit=50' });
  assert.deepEqual(
    own.json().items.map((c: { id: string }) => c.id),
    [a.json().id],
  );
  assert.equal((await req('officer_a', { method: 'GET', url: `/api/cases/${b.json().id}` })).statusCode, 404);

  // the overview and the goals of a user above the county are the county's
  const ov = await req('jx_city', { method: 'GET', url: '/api/overview' });
  assert.equal(ov.statusCode, 200, ov.body);
  assert.deepEqual([ov.json().division.code, ov.json().division.level], ['330482', 'city']);
  const goals = await req('zj_super', { method: 'GET', url: '/api/goals' });
  assert.equal(goals.statusCode, 200, goals.body);
  assert.equal(goals.json().division.code, '330482');
  const report = await req('jx_city', { method: 'GET', url: '/api/reports/monthly' });
  assert.equal(report.statusCode, 200, report.body);
  assert.equal(report.json().division.code, '330482');
});

test('a county tree loaded without them gains the province and prefecture while nothing refers to it by path; once cases do, it keeps its paths and says why', async () => {
  const fresh = await emptyDeployment();
  try {
    const first = await fresh.deps.services.setup.run(csv(countyOnly()), { apply: true });
    assert.equal(first.applied, true, JSON.stringify(first.problems));
    assert.deepEqual((await pathsOf(fresh.deps, ['330482']))['330482'], ['city', null, '330482']);
    // only the province: not a chain, not loaded
    const half = await fresh.deps.services.setup.run(csv(`统计用区划代码,城乡分类代码,名称\r\n330000000000,,浙江省\r\n${countyOnly().split('\r\n').slice(1).join('\r\n')}`), {
      apply: true,
    });
    assert.equal(half.divisions!.aboveKept, false);
    assert.match(half.divisions!.aboveNote!, /缺少地级市一级/);
    assert.equal(half.changes, 0);
    // both: added above the county, every path prefixed
    const r = await fresh.deps.services.setup.run(csv(divisionCsv()), { apply: true });
    assert.equal(r.applied, true, JSON.stringify(r.problems));
    assert.equal(r.divisions!.aboveKept, true);
    assert.deepEqual(
      r.divisions!.added.map((d) => d.code),
      ['33', '3304'],
    );
    assert.equal(r.changes, 2);
    assert.deepEqual(await pathsOf(fresh.deps, ['3304', '330482', '330482102006']), {
      '3304': ['prefecture', '33', '33/3304'],
      '330482': ['city', '3304', '33/3304/330482'],
      '330482102006': ['village', TOWN_A, `33/3304/330482/${TOWN_A}/330482102006`],
    });
  } finally {
    await fresh.close();
  }

  // the demo county (no province rows) with a case: the table's province rows are not loaded, the reason named
  const t = await createTestContext();
  try {
    const c = await t.req('inspector_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A)) });
    assert.equal(c.statusCode, 201, c.body);
    const r = await t.deps.services.setup.run(csv(divisionCsv()), { apply: false });
    assert.equal(r.blocked, false, JSON.stringify(r.problems));
    assert.equal(r.divisions!.aboveKept, false);
    assert.match(r.divisions!.aboveNote!, /本库已有按区划记录的数据\(.*案件.*\):省、地市两级未装入/);
    assert.deepEqual(
      r.divisions!.added.filter((d) => d.level === 'province' || d.level === 'prefecture'),
      [],
    );
    assert.deepEqual((await pathsOf(t.deps, ['330482']))['330482'], ['city', null, '330482']);
  } finally {
    await t.close();
  }
});
