import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';
import { KEEP_PLAN_COMMENT } from '../../src/db/sql.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const kept = async () =>
  (
    await sql<{ statement: string; generic_plans: number; custom_plans: number }>`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(
      t.db.q,
    )
  ).rows;

test('a statement ending with KEEP_PLAN stays prepared on its connection; a value-dependent one without it does not', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 2);
  // one transaction holds one connection on both drivers: what it prepared is visible in it
  const { places, statements } = await t.db.transaction(async () => {
    const places = [];
    for (let i = 0; i < 7; i++) places.push(await t.deps.services.divisions.locate(lon + i * 1e-6, lat));
    await sql`select count(*) from cases where found_at > ${new Date(0)}`.execute(t.db.q);
    return { places, statements: await kept() };
  });
  assert.ok(
    places.every((p) => p.townCode === TOWN_A),
    `every point found in its town: ${JSON.stringify(places.map((p) => p.townCode))}`,
  );
  const locate = statements.find((s) => s.statement.includes('ST_Covers') && s.statement.trimEnd().endsWith(KEEP_PLAN_COMMENT));
  assert.ok(locate, `the village lookup is a prepared statement: ${JSON.stringify(statements.map((s) => s.statement.slice(0, 60)))}`);
  assert.ok(locate.generic_plans + locate.custom_plans >= 7, `it ran as that statement at least 7 times: ${JSON.stringify(locate)}`);
  assert.ok(!statements.some((s) => s.statement.includes('found_at >')), 'a range test on a value is planned for its value at each run');
});

test('duplicate scoring with its kept neighbour query marks the same reports on both drivers', async () => {
  const [lon, lat] = t.pointIn(TOWN_A, 3);
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(lon + i * 2e-5, lat, { note: `相邻 ${i}` }) });
    assert.equal(r.statusCode, 201, r.body);
    ids.push(r.json().id);
  }
  await t.deps.jobs.drain(t.deps.jobHandlers);
  const marked = await t.db.q.selectFrom('case_duplicate_candidates').select(['case_id', 'candidate_id', 'distance_m']).where('case_id', 'in', ids).execute();
  // the jobs run after all six exist: each report (same category, within 10 m) is marked against the five others
  assert.equal(marked.length, 30, `every report is marked against every other: ${marked.length}`);
  assert.ok(
    marked.every((m) => ids.includes(m.candidate_id) && m.candidate_id !== m.case_id),
    'candidates are the other reports',
  );
  const d = marked.find((m) => m.case_id === ids[1] && m.candidate_id === ids[0]);
  assert.ok(d && Math.abs(Number(d.distance_m) - 2e-5 * 111_320 * Math.cos((lat * Math.PI) / 180)) < 0.3, `distance in metres: ${JSON.stringify(d)}`);
});
