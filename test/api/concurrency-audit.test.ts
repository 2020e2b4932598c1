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
    Array.from({ length: 24 }, (_, i) => t.req(i % 2 ? 'inspector_a' : 'officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...pts[i % 6], { note: `并发 ${i}` }) })),
  );
  assert.deepEqual(results.map((r) => r.statusCode), Array(24).fill(201));
  const nos = results.map((r) => r.json().caseNo);
  assert.equal(new Set(nos).size, 24);
  const hist = await t.db.q.selectFrom('case_history').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(hist.n), 24);
  const v = (await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).json();
  assert.equal(v.ok, true, JSON.stringify(v));
});

test('concurrent transitions on one case: exactly one wins, the rest get 409, nothing interleaves', async () => {
  const c = (await t.req('officer_a', { method: 'POST', url: '/api/cases', payload: caseBody(...t.pointIn(TOWN_A, 7)) })).json();
  const rs = await Promise.all(Array.from({ length: 10 }, () => t.req('officer_a', { method: 'POST', url: `/api/cases/${c.id}/actions`, payload: { action: 'verify', version: 1 } })));
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
  const before = await t.db.q.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await assert.rejects(
    t.db.transaction(async () => {
      await t.deps.services.audit.append(null, { action: 'test.partial', entity: 'case', entityId: null });
      throw new Error('boom');
    }),
  );
  const after = await t.db.q.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
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
  assert.ok(r.total > 0);
  assert.ok(r.items[0].id > r.items[1].id);
  assert.ok(r.items.some((i: { before: unknown }) => i.before !== null));
});
