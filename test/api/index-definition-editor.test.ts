import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';
import { monthOf, parsePeriod, previousPeriod } from '../../src/modules/index/index.period.js';

/**
 * The admin's editor of the index definition (issue 19, item 2): a preview recomputes the last finished period
 * with the edited definition and compares its colours with that run, saving nothing; a save makes a new
 * version whose audit record lists each edit in zh-CN; only the admin may do either.
 */
let t: TestContext;
const clock = new ManualClock(new Date());
const thisMonth = parsePeriod(monthOf(new Date()))!;
const LAST = previousPeriod(thisMonth);
const OLDER = previousPeriod(LAST);
const at = (p: typeof LAST, day: number) => new Date(p.start.getTime() + (day - 1) * 86400_000 + 3 * 3600_000);
let runId: string;

type Colors = Record<'green' | 'blue' | 'yellow' | 'orange' | 'red', number>;
type Preview = {
  run: { id: string; period: string; definitionVersion: number };
  currentVersion: number;
  changes: { label: string; before: string | null; after: string | null }[];
  levels: Record<'town' | 'village', { units: number; before: Colors; after: Colors; better: number; worse: number }>;
  changed: { divisionCode: string; name: string; level: string; townName: string | null; before: string; after: string; scoreBefore: number; scoreAfter: number }[];
};
const sum = (c: Colors) => Object.values(c).reduce((a, b) => a + b, 0);

const current = async () => {
  const r = await t.req('admin', { method: 'GET', url: '/api/index/definition' });
  assert.equal(r.statusCode, 200, r.body);
  return r.json() as { version: number; definition: any };
};
const preview = (definition: unknown, user = 'admin') => t.req(user, { method: 'POST', url: '/api/index/definitions/preview', payload: { definition } });
/** Rows a preview must not write (a run, a result, a version, an audit record, a job). */
const counts = async () => {
  const n = async (table: 'index_runs' | 'index_results' | 'index_definitions' | 'audit_log' | 'jobs') =>
    Number(
      (
        await t.db.q
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { runs: await n('index_runs'), results: await n('index_results'), definitions: await n('index_definitions'), audit: await n('audit_log'), jobs: await n('jobs') };
};

before(async () => {
  t = await createTestContext();
  const city = (await t.deps.services.users.actorForToken(t.tokens.city))!;
  const past = createDeps(t.deps.config, t.db, { clock }).services.cases;
  // standing stock violations in two villages of 新埭镇, one of them large: those villages lose points on the
  // densities (A1, A2) and the stock disposal rate (A3); every other village has nothing to judge and scores 100
  clock.set(at(OLDER, 3));
  for (const [n, area] of [
    [0, 100],
    [0, 300],
    [0, 900],
    [1, 60],
  ] as const) {
    const [lon, lat] = t.pointIn(TOWN_A, n);
    await past.create(city, { lon, lat, source: 'census_import', origin: 'stock', areaM2: area, landType: 'construction', ownerName: '张三' });
  }
  const r = await t.req('city', { method: 'POST', url: '/api/index/runs', payload: { period: LAST.key, seed: 7 } });
  assert.equal(r.statusCode, 202, r.body);
  await t.deps.jobs.drain(t.deps.jobHandlers);
  runId = r.json().id;
  assert.equal((await t.req('city', { method: 'GET', url: `/api/index/runs/${runId}` })).json().status, 'done');
});
after(() => t.close());

test('only the admin may preview or save a definition (403 for every other role)', async () => {
  const { definition } = await current();
  for (const u of ['city', 'officer_a', 'inspector_a', 'supervisor', 'dept']) {
    const p = await preview(definition, u);
    assert.equal(p.statusCode, 403, `${u} preview`);
    assert.equal(p.json().code, 'auth.role_not_allowed');
    const s = await t.req(u, { method: 'POST', url: '/api/index/definitions', payload: { definition, note: 'x' } });
    assert.equal(s.statusCode, 403, `${u} save`);
  }
  assert.equal((await t.req(null, { method: 'POST', url: '/api/index/definitions/preview', payload: { definition } })).statusCode, 401);
});

test('a bad definition is refused with a code and every problem at its field; nothing is computed or written', async () => {
  const { definition } = await current();
  const bad = structuredClone(definition);
  bad.indicators[0].goalposts = { lower: 10, upper: 5 };
  bad.indicators[1].weight += 3;
  bad.grading.bands.blue = bad.grading.bands.green + 1;
  const before = await counts();
  const r = await preview(bad);
  assert.equal(r.statusCode, 422, r.body);
  const body = r.json();
  assert.equal(body.code, 'index.invalid_definition');
  const paths = (body.details.problems as { path: string; message: string }[]).map((p) => p.path);
  assert.ok(paths.includes('indicators[0].goalposts'), paths.join());
  assert.ok(paths.includes('indicators[].weight'), paths.join());
  assert.ok(paths.includes('grading.bands'), paths.join());
  const weight = body.details.problems.find((p: { path: string }) => p.path === 'indicators[].weight');
  assert.match(weight.message, /权重之和为 103/);
  assert.equal((await preview('not a definition')).json().code, 'index.invalid_definition');
  assert.deepEqual(await counts(), before);
});

test('preview: the unchanged definition gives that run’s colours; a moved goalpost changes colours; nothing is written', async () => {
  const cur = await current();
  const same = await preview(cur.definition);
  assert.equal(same.statusCode, 200, same.body);
  const s = same.json() as Preview;
  assert.equal(s.run.id, runId);
  assert.equal(s.run.period, LAST.key);
  assert.equal(s.run.definitionVersion, cur.version);
  assert.deepEqual(s.changes, []);
  assert.deepEqual(s.changed, [], 'recomputed as the run computed it: the same colours');
  assert.equal(s.levels.town.units, 9);
  assert.equal(s.levels.village.units, 136);
  for (const level of ['town', 'village'] as const) assert.deepEqual(s.levels[level].after, s.levels[level].before);

  // the stock disposal rate (A3, higher is better) demanded from a baseline of 0 % instead of 20 %: nothing
  // changes for an untouched 0 %; the densities' baselines tightened a hundredfold: the villages with
  // standing violations lose their points on A1 and A2 and drop a colour or more
  const moved = structuredClone(cur.definition);
  const a1 = moved.indicators.find((i: { id: string }) => i.id === 'A1');
  const a2 = moved.indicators.find((i: { id: string }) => i.id === 'A2');
  const target = structuredClone(a1.goalposts);
  a1.goalposts = { lower: 0, upper: a1.goalposts.upper / 100 };
  a2.goalposts = { lower: 0, upper: a2.goalposts.upper / 100 };
  const written = await counts();
  const r = await preview(moved);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(await counts(), written, 'a preview writes nothing');
  const p = r.json() as Preview;
  assert.deepEqual(
    p.changes.map((c) => c.label),
    ['指标 A1「用地违建密度」的底线值', '指标 A2「人口违建密度」的底线值'],
  );
  assert.equal(p.changes[0].before, String(target.upper));
  assert.equal(p.changes[0].after, String(target.upper / 100));
  assert.ok(p.changed.length > 0, 'some unit changes colour');
  for (const u of p.changed) {
    assert.ok(u.scoreAfter < u.scoreBefore, `${u.name}: ${u.scoreBefore} → ${u.scoreAfter}`);
    assert.notEqual(u.before, u.after);
    assert.ok(u.name && !/^\d+$/.test(u.name), 'a name, not a code');
  }
  const village = p.changed.find((u) => u.level === 'village')!;
  assert.ok(village, 'a village changes colour');
  assert.equal(village.townName, '新埭镇');
  assert.equal(village.divisionCode.slice(0, 9), TOWN_A);
  // the counts follow the list
  for (const level of ['town', 'village'] as const) {
    const L = p.levels[level];
    assert.equal(sum(L.before), L.units);
    assert.equal(sum(L.after), L.units);
    assert.equal(L.better + L.worse, p.changed.filter((u) => u.level === level).length);
    assert.equal(L.better, 0);
    const moves = p.changed.filter((u) => u.level === level);
    for (const c of ['green', 'blue', 'yellow', 'orange', 'red'] as const)
      assert.equal(L.after[c] - L.before[c], moves.filter((u) => u.after === c).length - moves.filter((u) => u.before === c).length, `${level} ${c}`);
  }
  // a preview does not start anything: the run list is the one run
  assert.equal((await t.req('admin', { method: 'GET', url: '/api/index/runs' })).json().items.length, 1);
});

test('save: a new version with its note and author; its audit record lists each edit in zh-CN; a stale or unchanged save is refused', async () => {
  const cur = await current();
  const edited = structuredClone(cur.definition);
  const a1 = edited.indicators.find((i: { id: string }) => i.id === 'A1');
  const old = a1.goalposts.upper;
  a1.goalposts.upper = old + 100;
  const r = await t.req('admin', { method: 'POST', url: '/api/index/definitions', payload: { definition: edited, note: '放宽用地违建密度底线', baseVersion: cur.version } });
  assert.equal(r.statusCode, 201, r.body);
  const version = r.json().version as number;
  assert.equal(version, cur.version + 1);

  const now = await current();
  assert.equal(now.version, version);
  assert.equal(now.definition.indicators.find((i: { id: string }) => i.id === 'A1').goalposts.upper, old + 100);
  const hist = (await t.req('city', { method: 'GET', url: '/api/index/definitions' })).json().items as { version: number; note: string | null; createdByName: string | null }[];
  assert.deepEqual(
    hist.map((h) => [h.version, h.note, h.createdByName]),
    [
      [version, '放宽用地违建密度底线', 'admin'],
      [cur.version, '系统默认指标体系', null],
    ],
  );
  // the older version can be looked at as it was
  const older = await t.req('admin', { method: 'GET', url: `/api/index/definitions/${cur.version}` });
  assert.equal(older.statusCode, 200, older.body);
  assert.equal(older.json().definition.indicators.find((i: { id: string }) => i.id === 'A1').goalposts.upper, old);
  assert.equal((await t.req('admin', { method: 'GET', url: '/api/index/definitions/99' })).json().code, 'index.definition_not_found');

  // the audit view (the supervisor's) reads the save as a sentence, each edit as 原值 → 新值
  const audit = await t.req('supervisor', { method: 'GET', url: '/api/audit', query: { action: 'index.definition_save' } });
  assert.equal(audit.statusCode, 200, audit.body);
  const rec = audit.json().items[0] as { sentence: string; objectLabel: string; entityLabel: string; changes: { label: string; before: string | null; after: string | null }[] };
  assert.equal(rec.objectLabel, `指标体系第 ${version} 版`);
  assert.equal(rec.entityLabel, '指标体系');
  assert.deepEqual(rec.changes[0], { field: 'changes', label: '指标 A1「用地违建密度」的底线值', before: String(old), after: String(old + 100) });
  assert.ok(rec.changes.some((c) => c.label === '版本说明' && c.after === '放宽用地违建密度底线'));
  assert.match(rec.sentence, new RegExp(`^admin\\(系统管理员\\) 保存指标体系新版本 指标体系第 ${version} 版:指标 A1「用地违建密度」的底线值由 ${old} 改为 ${old + 100}`));
  assert.ok(!/[a-z]+_[a-z]+|\{|"/.test(rec.sentence), rec.sentence);

  // started from the older version: refused, naming the newer one
  const stale = await t.req('admin', { method: 'POST', url: '/api/index/definitions', payload: { definition: edited, baseVersion: cur.version } });
  assert.equal(stale.statusCode, 409, stale.body);
  assert.equal(stale.json().code, 'index.definition_conflict');
  assert.match(stale.json().message, new RegExp(`第 ${version} 版`));
  const same = await t.req('admin', { method: 'POST', url: '/api/index/definitions', payload: { definition: now.definition, baseVersion: version } });
  assert.equal(same.statusCode, 422);
  assert.equal(same.json().code, 'index.definition_unchanged');

  // the preview now compares with the current version (the run was graded by the older one)
  const p = (await preview(now.definition)).json() as Preview;
  assert.equal(p.currentVersion, version);
  assert.equal(p.run.definitionVersion, cur.version);
  assert.deepEqual(p.changes, []);
});
