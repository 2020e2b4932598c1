import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/context.js';
import { DEMO_DUPLICATE_PAIRS, seedDemo, seedDemoIfEmpty } from '../../src/demo/demo.seed.js';

let t: TestContext;
let result: Awaited<ReturnType<typeof seedDemo>>;
before(async () => {
  t = await createTestContext({ users: false });
  // the fixture imported the divisions, so clear them to start from an empty database
  await sql`delete from audit_log; delete from divisions`.execute(t.db.q).catch(async () => {
    await sql`delete from audit_log`.execute(t.db.q);
    await sql`delete from divisions`.execute(t.db.q);
  });
  indexesBefore = await indexDefs();
  result = await seedDemo(t.deps, { cases: 150, password: 'demo-password-1', bulkIndexes: true });
});
let indexesBefore: string[] = [];
const indexDefs = async () =>
  (await sql<{ def: string }>`select indexdef as def from pg_indexes where schemaname = 'public' order by indexname`.execute(t.db.q)).rows.map((r) => r.def);
after(() => t.close());

test('the demo city has the real towns and villages with synthetic, marked boundaries', async () => {
  const d = await t.db.q.selectFrom('divisions').select(['level', 'boundary_synthetic']).execute();
  assert.equal(d.filter((x) => x.level === 'town').length, 9);
  assert.equal(d.filter((x) => x.level === 'village').length, 136);
  assert.ok(
    d.filter((x) => x.level !== 'city').every((x) => x.boundary_synthetic),
    "d.filter((x) => x.level !== 'city').every((x) => x.boundary_synthetic)",
  );
  const pop = await sql<{ p: number }>`select sum(population)::int as p from divisions where level = 'town'`.execute(t.db.q);
  assert.equal(pop.rows[0].p, 671326);
});

test('a bulk seed builds again every index it dropped for the replay', async () => {
  assert.ok(indexesBefore.length > 40, `indexes before the seed: ${indexesBefore.length}`);
  assert.ok(result.indexesRebuilt >= 15, `indexes dropped and rebuilt: ${result.indexesRebuilt}`);
  assert.deepEqual(await indexDefs(), indexesBefore);
});

test('demo accounts are written one per line and can log in', async () => {
  const lines = fs.readFileSync(path.join(t.dataDir, 'demo-accounts.txt'), 'utf8').trim().split('\n');
  const roles = lines.map((l) => l.split('\t')[0]);
  assert.deepEqual(roles.sort(), ['admin', 'city_office', 'department', 'inspector', 'supervisor', 'town_officer']);
  for (const l of lines) {
    const [, username] = l.split('\t');
    const r = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username, password: 'demo-password-1' } });
    assert.equal(r.statusCode, 200, username);
  }
  const officer = lines.find((l) => l.startsWith('town_officer'))!;
  const inspector = lines.find((l) => l.startsWith('inspector'))!;
  assert.equal(officer.split('\t')[2], inspector.split('\t')[2], 'the inspector and the town officer share one town');
});

test('cases span statuses, towns and 24 months, with histories that obey the workflow', async () => {
  const byStatus = await sql<{ status: string; n: number }>`select status, count(*)::int as n from cases group by status`.execute(t.db.q);
  const statuses = byStatus.rows.map((r) => r.status);
  // the full-size demo has every status; 150 cases have at least six of the seven
  for (const s of ['verified', 'classified', 'rectifying', 'closed']) assert.ok(statuses.includes(s), `status ${s} present: ${statuses}`);
  assert.ok(statuses.length >= 6, `statuses: ${statuses}`);
  const towns = await sql<{ n: number }>`select count(distinct town_code)::int as n from cases`.execute(t.db.q);
  assert.ok(towns.rows[0].n >= 7, 'towns.rows[0].n >= 7');
  const span = await sql<{ d: number }>`select extract(day from max(created_at) - min(created_at))::int as d from cases`.execute(t.db.q);
  assert.ok(span.rows[0].d > 600, `span ${span.rows[0].d} days`);
  // every closed demolition has an after photo taken after its classification
  const bad = await sql<{ n: number }>`
    select count(*)::int as n from cases c where c.status = 'closed' and c.disposal_class = 'demolish'
      and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after')`.execute(t.db.q);
  assert.equal(bad.rows[0].n, 0);
  // histories: one open interval per case, and the audit chain holds
  const open = await sql<{ n: number }>`select count(*)::int as n from case_history where valid_to is null`.execute(t.db.q);
  const all = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(t.db.q);
  // the 150 asked for, plus this week's three places reported twice (the duplicates waiting for the officer)
  // and the officer's own report planted for the supervision alerts (demo.alerts.ts)
  assert.equal(result.alertCases, 1);
  assert.equal(all.rows[0].n, 150 + 2 * DEMO_DUPLICATE_PAIRS + result.alertCases);
  assert.equal(open.rows[0].n, 150 + 2 * DEMO_DUPLICATE_PAIRS + result.alertCases);
  assert.equal((await t.deps.services.audit.verify()).ok, true);
});

test('demo photos are distinct, small, with EXIF GPS near the case', async () => {
  assert.ok(result.photos > 30, 'result.photos > 30');
  const dupes = await sql<{ n: number }>`select count(*)::int as n from (select sha256 from photos group by sha256 having count(*) > 1) d`.execute(t.db.q);
  assert.equal(dupes.rows[0].n, 0);
  const far = await sql<{ n: number; maxb: number }>`
    select count(*) filter (where ST_Distance(c.location_geog, p.capture_location::geography) > 50)::int as n, max(p.bytes)::int as maxb
    from photos p join cases c on c.id = p.case_id`.execute(t.db.q);
  assert.equal(far.rows[0].n, 0);
  assert.ok(far.rows[0].maxb < 60_000, 'far.rows[0].maxb < 60_000');
});

test('the seeder never runs on a database that has data', async () => {
  assert.equal(await seedDemoIfEmpty(t.deps, { log: () => {} }), null);
});
