import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createTestContext, PASSWORD, TOWN_A, type TestContext } from '../support/context.js';
import { TEST_DRIVER } from '../support/env.js';
import { multipart } from '../support/images.js';
import { chinaDay } from '../../src/modules/settings/work.calendar.js';
import { createDeps } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';

// Two evaluations at once on PostgreSQL, in two transactions: the nightly sweep's page keeps an imported case's
// idle finding in its import's group, while the job of a change judges the same finding (same case, same
// deadline) alone, the case having been handled since. Each looks the situation up before the other commits; the
// situation must still be raised once. The test holds both transactions open just before their 'raise' steps (a
// lock on alert_steps from a connection of its own), so that each has made its look-up, then lets them go.

const postgresOnly = TEST_DRIVER !== 'postgres' && 'two transactions at once need PostgreSQL (PGlite runs one at a time)';
const DAY = 86400_000;
let t: TestContext;
const clock = new ManualClock(new Date());
let app: FastifyInstance;
let deps: ReturnType<typeof createDeps>;
before(async () => {
  if (postgresOnly) return;
  t = await createTestContext();
  deps = createDeps(t.deps.config, t.db, { clock });
  app = await buildApp(deps, { logger: false, webDist: null });
});
after(async () => {
  if (postgresOnly) return;
  await app.close();
  await t.close();
});
type Json = Record<string, any>;
const req = (user: string, o: InjectOptions) => app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${t.tokens[user]}` } });
async function later(days: number) {
  clock.set(new Date(clock.now().getTime() + days * DAY));
  for (const u of ['officer_a', 'city']) t.tokens[u] = (await deps.services.users.login(u, PASSWORD, '127.0.0.1')).token;
}

/** Waits until `n` lock requests in the test database are waiting (the transactions are where the test wants them). */
async function waiting(client: pg.Client, n: number) {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    // pg_locks is read live (pg_stat_activity would be a snapshot taken once in the holder's transaction)
    const r = await client.query(`select count(*)::int as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())`);
    if (r.rows[0].n >= n) return;
    await new Promise((ok) => setTimeout(ok, 20));
  }
  assert.fail(`${n} waiting lock requests never appeared`);
}

test('a finding raised at once by the sweep (in its import group) and by a change job (alone) is raised once', { skip: postgresOnly }, async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('存量普查台账');
  ws.addRow(['经度', '纬度', '面积(m²)', '当事人', '发现日期']);
  const [lon, lat] = t.pointIn(TOWN_A, 1);
  ws.addRow([lon + 0.0001, lat, 90, '户主甲', '2019-05-20']);
  const mp = multipart({}, [
    { name: 'file', filename: '新埭镇存量台账.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: Buffer.from(await wb.xlsx.writeBuffer()) },
  ]);
  const up = await req('city', { method: 'POST', url: '/api/imports/cases', payload: mp.payload, headers: mp.headers });
  assert.equal(up.statusCode, 202, up.body);
  await deps.jobs.drain(deps.jobHandlers);
  const [c] = (await t.req('city', { method: 'GET', url: `/api/cases?importId=${up.json().id}` })).json().items as Json[];
  assert.ok(c, 'the imported case');

  // 60 days on the case is overdue and idle: the sweep keeps it in the import's group
  await later(60);
  const holder = new pg.Client({ connectionString: t.databaseUrl });
  await holder.connect();
  try {
    await holder.query('begin');
    await holder.query('lock table alert_steps in share mode');
    const sweeping = deps.jobHandlers['alerts.sweep']({ day: chinaDay(clock.now()) });
    await waiting(holder, 1);

    // meanwhile an officer edits the case (it is no longer untouched) and leaves it idle again: same case, same deadline
    const version = (await t.req('city', { method: 'GET', url: `/api/cases/${c.id}` })).json().version;
    const r = await req('officer_a', { method: 'PATCH', url: `/api/cases/${c.id}`, payload: { version, areaM2: 85 } });
    assert.equal(r.statusCode, 200, r.body);
    await later(31);
    // the change's job judges the case alone, while the sweep's page has not committed
    const evaluating = deps.jobHandlers['alerts.evaluate']({ caseId: c.id });
    await waiting(holder, 2);
    await holder.query('commit');
    await Promise.all([sweeping, evaluating]);
  } finally {
    await holder.end();
  }

  const raised = await sql<{ kind: string; situation_key: string }>`
    select 'alert' as kind, situation_key from alerts where rule = 'overdue_idle' and ${c.id}::uuid = any(case_ids)
    union all
    select 'member' as kind, situation_key from alert_members where rule = 'overdue_idle' and case_id = ${c.id}`.execute(t.db.q);
  assert.equal(raised.rows.length, 1, `raised once: ${JSON.stringify(raised.rows)}`);
  assert.equal(raised.rows[0].kind, 'member', 'kept in the group the sweep made first');
});
