import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { caseBody, createTestContext, TOWN_A, type TestContext } from '../support/context.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

test('concurrent creates: unique case numbers, one history row each, an unbroken audit chain', async () => {
  const pts = Array.from({ length: 6 }, (_, i) => t.pointIn(TOWN_A, i));
  const results = await Promise.all(
    Array.from({ length: 24 }, (_, i) =>
      t.req(i % 2 ? 'inspector_a' : 'officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...pts[i % 6], { note: `并发 ${i}` }) }),
    ),
  );
  assert.deepEqual(
    results.map((r) => r.statusCode),
    Array(24).fill(201),
  );
  const nos = results.map((r) => r.json().caseNo);
  assert.equal(new Set(nos).size, 24);
  const hist = await t.db.q
    .selectFrom('case_history')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(hist.n), 24);
  const v = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(v.ok, true, JSON.stringify(v));
});

test('concurrent transitions on one case: exactly one wins, the rest get 409, nothing interleaves', async () => {
  const c = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 7)) })).json();
  const rs = await Promise.all(
    Array.from({ length: 10 }, () => t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: { action: 'verify', version: 1 } })),
  );
  const codes = rs.map((r) => r.statusCode).sort();
  assert.deepEqual(codes, [200, ...Array(9).fill(409)]);
  const events = await t.db.q.selectFrom('case_events').select('kind').where('case_id', '=', c.id).execute();
  assert.deepEqual(events.map((e) => e.kind).sort(), ['created', 'verify']);
  const v = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(v.ok, true);
});

test('concurrent read-modify-write transactions do not lose updates', async () => {
  // 20 transactions each read the counter and write it back +1: serialised, the result is exactly 20
  await t.db.q.insertInto('case_counters').values({ year: 1999, last_no: 0 }).execute();
  await Promise.all(
    Array.from({ length: 20 }, () =>
      t.db.transaction(async () => {
        const row = await sql<{ last_no: number }>`select last_no from case_counters where year = 1999 for update`.execute(t.db.q);
        await new Promise((r) => setTimeout(r, 2));
        await sql`update case_counters set last_no = ${row.rows[0].last_no + 1} where year = 1999`.execute(t.db.q);
      }),
    ),
  );
  const r = await sql<{ last_no: number }>`select last_no from case_counters where year = 1999`.execute(t.db.q);
  assert.equal(r.rows[0].last_no, 20);
});

test('a failed request rolls back everything it wrote', async () => {
  const before = await t.db.q
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await assert.rejects(
    t.db.transaction(async () => {
      await t.deps.services.audit.append(null, { action: 'test.partial', entity: 'case', entityId: null });
      throw new Error('boom');
    }),
  );
  const after = await t.db.q
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test('the audit chain names a record edited or deleted directly in the database', async () => {
  const c = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 8)) })).json();
  await t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: { action: 'verify', version: 1 } });
  const ok = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(ok.ok, true);
  const rows = await t.db.q.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute();
  const target = rows[Math.floor(rows.length / 2)];

  // a direct UPDATE: somebody rewrites what happened
  const orig = await t.db.q.selectFrom('audit_log').selectAll().where('id', '=', target.id).executeTakeFirstOrThrow();
  await sql`update audit_log set actor_name = 'someone_else' where id = ${target.id}`.execute(t.db.q);
  const edited = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(edited.ok, false);
  assert.equal(edited.firstBrokenId, target.id);
  assert.equal(edited.problem, 'hash_mismatch');
  await sql`update audit_log set actor_name = ${orig.actor_name} where id = ${target.id}`.execute(t.db.q);
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json().ok, true);

  // a direct DELETE: somebody removes a record
  await sql`delete from audit_log where id = ${target.id}`.execute(t.db.q);
  const deleted = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(deleted.ok, false);
  assert.equal(deleted.problem, 'link_broken');
  assert.equal(deleted.firstBrokenId, rows[rows.indexOf(target) + 1].id);
});

test('audit records are listed for the supervisor, newest first, with before/after', async () => {
  const r = (await t.req('supervisor', { method: 'GET', url: '/api/audit?entity=case&limit=5' })).json();
  assert.ok(r.total > 0, 'r.total > 0');
  assert.ok(r.items[0].id > r.items[1].id, 'r.items[0].id > r.items[1].id');
  assert.ok(
    r.items.some((i: { before: unknown }) => i.before !== null),
    'r.items.some((i: { before: unknown }) => i.before !== null)',
  );
});

test('several app processes on one PostgreSQL append to one unbroken chain', {
  skip: !process.env.TEST_DB_DRIVER || process.env.TEST_DB_DRIVER !== 'postgres' ? 'PostgreSQL only (PGlite is one process)' : false,
}, async () => {
  const { openDatabase } = await import('../../src/db/database.js');
  const { createDeps } = await import('../../src/deps.js');
  // three independent pools = three app processes as far as the database can tell
  const others = await Promise.all([1, 2, 3].map(() => openDatabase({ driver: 'postgres', databaseUrl: t.databaseUrl!, poolSize: 3 })));
  try {
    const services = [t.deps, ...others.map((db) => createDeps(t.deps.config, db))].map((d) => d.services);
    const officer = (await t.deps.services.users.actorForToken(t.tokens.officer_a))!;
    const pts = Array.from({ length: 4 }, (_, i) => t.pointIn(TOWN_A, i));
    const made = [];
    for (let i = 0; i < 40; i++) made.push((await t.deps.services.cases.create(officer, { ...caseBody(...pts[i % 4]), source: 'patrol' } as any)).case);
    const head = await t.db.q.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    // transitions on different cases lock different rows, so only the audit append orders them
    await Promise.all(made.map((c, i) => services[i % 4].cases.act(officer, c.id, 'verify', c.version, {})));
    // (an earlier test broke the chain on purpose, so check the part written here: each new record
    // links to the one before it, and re-hashes to itself)
    const { verifyChain } = await import('../../src/modules/audit/audit.chain.js');
    const rows = await t.deps.repos.audit.page(head.id, 1000);
    assert.equal(rows.length, 40);
    const v = verifyChain(rows, { prevHash: head.hash, checked: 0 });
    assert.equal(v.ok, true, JSON.stringify(v));
  } finally {
    await Promise.all(others.map((d) => d.close()));
  }
});

test('the CLI prints its help and verifies the chain', async () => {
  const { spawnSync } = await import('node:child_process');
  const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /user add/);
  assert.match(help.stdout, /audit verify/);
  if (t.databaseUrl) {
    const env = { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir };
    const add = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'user', 'add', '--username', 'cli_user', '--password', 'cli-pass-123', '--role', 'inspector', '--division', TOWN_A],
      { encoding: 'utf8', env },
    );
    assert.equal(add.status, 0, add.stderr);
    const verify = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'audit', 'verify'], { encoding: 'utf8', env });
    // the chain was broken on purpose by an earlier test in this file
    assert.equal(verify.status, 1, verify.stdout + verify.stderr);
    assert.match(verify.stderr, /BROKEN at record #\d+/);
  }
});
