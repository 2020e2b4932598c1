import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../support/context.js';
import { DEMO_DUPLICATE_PAIRS, DEMO_TOWN, seedDemo, seedDemoIfEmpty } from '../../src/demo/demo.seed.js';
import { DEMO_WATERLOGGING_POINTS } from '../../src/demo/demo.waterlogging.js';
import { DEMO_LEDGER_FILE, DEMO_LEDGER_ROWS } from '../../src/demo/demo.alerts.js';
import { DEMO_BLOCK_DONE, DEMO_BLOCK_ITEMS, DEMO_POLES, DEMO_POLES_DONE } from '../../src/demo/demo.campaigns.js';

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
  // every closed demolition has an after photo taken after its classification (the campaigns' bulk-loaded items have none)
  const bad = await sql<{ n: number }>`
    select count(*)::int as n from cases c where c.status = 'closed' and c.disposal_class = 'demolish' and c.kind = 'violation'
      and not exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after')`.execute(t.db.q);
  assert.equal(bad.rows[0].n, 0);
  // histories: one open interval per case, and the audit chain holds
  const open = await sql<{ n: number }>`select count(*)::int as n from case_history where valid_to is null`.execute(t.db.q);
  const all = await sql<{ n: number }>`select count(*)::int as n from cases`.execute(t.db.q);
  // the 150 asked for, plus this week's three places reported twice (the duplicates waiting for the officer)
  // and the reports planted for the supervision alerts (demo.alerts.ts): the officer's own report, five
  // reports rejected in one quiet village and a shed rebuilt where a demolished one stood
  assert.equal(result.alertCases, 1 + 5 + 1);
  const campaignItems = DEMO_POLES + DEMO_BLOCK_ITEMS;
  // and the cases registered by the change patches' 违法建设 verdicts (demo.patches.ts)
  assert.ok(result.patchCases > 0);
  // and the census ledger the demo town imported (demo.alerts.ts)
  assert.equal(result.ledgerCases, DEMO_LEDGER_ROWS);
  const expected = 150 + 2 * DEMO_DUPLICATE_PAIRS + result.alertCases + DEMO_WATERLOGGING_POINTS + campaignItems + result.patchCases + result.ledgerCases;
  assert.equal(all.rows[0].n, expected);
  assert.equal(open.rows[0].n, expected);
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

test('the demo city has 17 waterlogging points (积水点) across the towns, all closed with before and after photos, one reopened once', async () => {
  const r = await sql<{ n: number; closed: number; towns: number; js: number; before: number; after: number }>`
    select count(*)::int as n, count(*) filter (where status = 'closed')::int as closed, count(distinct town_code)::int as towns,
           count(*) filter (where case_no like 'JS-%')::int as js,
           count(*) filter (where exists (select 1 from photos p where p.case_id = c.id and p.stage = 'before'))::int as before,
           count(*) filter (where exists (select 1 from photos p where p.case_id = c.id and p.stage = 'after'))::int as after
    from cases c where kind = 'waterlogging'`.execute(t.db.q);
  assert.deepEqual(r.rows[0], { n: 17, closed: 17, towns: 9, js: 17, before: 17, after: 17 });
  const reopened = await sql<{
    n: number;
  }>`select count(*)::int as n from case_events e join cases c on c.id = e.case_id where c.kind = 'waterlogging' and e.kind = 'reopen'`.execute(t.db.q);
  assert.equal(reopened.rows[0].n, 1);
});

test('the demo city has the pole clean-up (7,292 items, 69.7 % done) and the 六店大桥 block clearance, every item a case whose status its events reached', async () => {
  const list = await t.deps.services.campaigns.list({
    id: '00000000-0000-4000-8000-000000000000',
    username: 'x',
    displayName: 'x',
    role: 'city_office',
    divisionCode: '330482',
    divisionPath: '330482',
    department: null,
  });
  const by = Object.fromEntries(list.items.map((c) => [c.name, c]));
  assert.deepEqual([by['农村废弃杆线整治'].total, by['农村废弃杆线整治'].done], [DEMO_POLES, DEMO_POLES_DONE]);
  assert.equal((by['农村废弃杆线整治'].progress * 100).toFixed(1), '69.7');
  assert.deepEqual([by['六店大桥周边地块清零'].total, by['六店大桥周边地块清零'].done], [DEMO_BLOCK_ITEMS, DEMO_BLOCK_DONE]);
  // each item's status is the one its last event entered, its version the number of its events, one open history interval matching it
  const bad = await sql<{ n: number }>`
    select count(*)::int as n from cases c
    where c.kind = 'campaign_item' and (
      c.status is distinct from (select e.to_status from case_events e where e.case_id = c.id order by e.at desc, e.id desc limit 1)
      or c.version <> (select count(*) from case_events e where e.case_id = c.id)
      or c.status is distinct from (select h.status from case_history h where h.case_id = c.id and h.valid_to is null)
      or (c.status = 'closed') <> (c.closed_at is not null))`.execute(t.db.q);
  assert.equal(bad.rows[0].n, 0);
  const towns = await sql<{ n: number }>`select count(distinct town_code)::int as n from cases where kind = 'campaign_item'`.execute(t.db.q);
  assert.equal(towns.rows[0].n, 9);
});

test('every town has its responsibility letters for 2022–2026, those of 2022–2024 with a signed PDF; 2025 is measured, 2022 is before the registry', async () => {
  const r = await sql<{ year: number; n: number; files: number }>`
    select year, count(*)::int as n, count(file_key)::int as files from responsibility_letters group by year order by year`.execute(t.db.q);
  assert.deepEqual(
    r.rows,
    [2022, 2023, 2024, 2025, 2026].map((year) => ({ year, n: 9, files: year <= 2024 ? 9 : 0 })),
  );
  const city = {
    id: '00000000-0000-4000-8000-000000000000',
    username: 'x',
    displayName: 'x',
    role: 'city_office' as const,
    divisionCode: '330482',
    divisionPath: '330482',
    department: null,
  };
  const y2025 = await t.deps.services.letters.list(city, { year: 2025 });
  assert.ok(y2025.items.every((l) => l.progress.final && l.progress.items.some((i) => i.status === 'met' || i.status === 'missed')));
  const y2022 = await t.deps.services.letters.list(city, { year: 2022 });
  assert.ok(y2022.items.every((l) => l.progress.status === 'no_data'));
});

test("the demo town's census ledger, imported 75 days ago and left alone: the sweep keeps its idle cases in one import group", async () => {
  const login = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username: 'supervisor', password: 'demo-password-1' } });
  assert.equal(login.statusCode, 200, login.body);
  const auth = { authorization: `Bearer ${login.json().token}` };
  // imported through the census import: every row a case of the import, nobody's since
  const imported = await sql<{ n: number; touched: number }>`
    select count(*)::int as n,
           count(*) filter (where exists (select 1 from case_events e where e.case_id = c.id and e.actor_id is not null and e.kind <> 'created'))::int as touched
    from cases c join case_imports i on i.id = c.import_id where i.filename = ${DEMO_LEDGER_FILE} and c.town_code = ${DEMO_TOWN}`.execute(t.db.q);
  assert.deepEqual(imported.rows[0], { n: DEMO_LEDGER_ROWS, touched: 0 });

  // the night's sweep the running demo does (alerts.scheduleNightly queues it)
  await t.deps.services.alerts.sweep();
  const r = await t.req(null, { method: 'GET', url: '/api/alerts?limit=200', headers: auth });
  assert.equal(r.statusCode, 200, r.body);
  const groups = (r.json().items as { rule: string; divisionCode: string; group: { filename: string; caseCount: number } | null }[]).filter((a) => a.group);
  assert.equal(groups.length, 1, JSON.stringify(groups));
  assert.equal(groups[0].rule, 'overdue_idle');
  assert.equal(groups[0].divisionCode, DEMO_TOWN);
  assert.deepEqual(groups[0].group, { ...groups[0].group, filename: DEMO_LEDGER_FILE, caseCount: DEMO_LEDGER_ROWS });
});
