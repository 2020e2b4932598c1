import { test } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { isReplicaFailure, parseLsn, ReplicaRouter, SKEW_MS } from '../../src/db/replica.js';

// The read replica's routing rules (src/db/replica.ts) on fake pools: what the replica holds, the lag
// allowance, a session's own writes, and a replica that goes away. The real thing: test/cluster/replica.test.ts.

function setup(maxLagMs: number) {
  const state = { primary: '0/100', replica: '0/100' as string | null, recovering: true, fail: null as Error | null };
  const primary = { query: async () => ({ rows: [{ lsn: state.primary }] }) } as unknown as pg.Pool;
  const lines: string[] = [];
  const router = new ReplicaRouter({ primary, url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1, maxLagMs, log: (m) => lines.push(m) });
  const replica = {
    end: async () => undefined,
    query: async () => {
      if (state.fail) throw state.fail;
      return { rows: [{ recovering: state.recovering, lsn: state.replica }] };
    },
  };
  (router as unknown as { pool: unknown }).pool = replica;
  const probe = () => (router as unknown as { probe(): Promise<void> }).probe();
  return { state, router, probe, lines };
}

test('an LSN as text is a byte position', () => {
  assert.equal(parseLsn('0/16B3748'), 0x16b3748n);
  assert.equal(parseLsn('1/0'), 1n << 32n);
  assert.ok(parseLsn('2/10') > parseLsn('1/FFFFFFFF'));
});

test('failures that send a read to the primary: connections, shutdown, recovery conflicts; not a SQL error', () => {
  assert.ok(isReplicaFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })));
  assert.ok(isReplicaFailure(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })));
  assert.ok(isReplicaFailure(Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' })));
  assert.ok(isReplicaFailure(new Error('Connection terminated unexpectedly')));
  assert.ok(!isReplicaFailure(Object.assign(new Error('column "x" does not exist'), { code: '42703' })));
});

test('the replica is read once it has replayed what the primary had, and never by a session whose write it may lack', async () => {
  const { state, router, probe, lines } = setup(5000);
  assert.equal(router.usable(undefined), false, 'not before the first probe');
  await probe();
  assert.deepEqual(lines, ['read replica connected']);
  assert.equal(router.usable(undefined), true);
  assert.equal(router.usable({ writes: true }), false, 'a write request reads the primary');
  assert.equal(router.usable({ writes: false, wroteAt: Date.now() }), false, 'a session that just wrote reads the primary');
  assert.equal(router.usable({ writes: false, wroteAt: router.freshAt - SKEW_MS - 1 }), true, 'a write the replica holds');
  // the primary moves on and the replica has not replayed it: a later write is not known to be there
  const before = router.freshAt;
  state.primary = '0/200';
  await new Promise((r) => setTimeout(r, 20));
  await probe();
  assert.equal(router.freshAt, before, 'freshAt stays at the last sample the replica reached');
  state.replica = '0/200';
  await new Promise((r) => setTimeout(r, 20));
  await probe();
  assert.ok(router.freshAt > before);
});

test('a replica further behind than the allowance is not read, and is again once it caught up', async () => {
  const { state, router, probe, lines } = setup(50);
  await probe();
  state.primary = '0/300';
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, 30));
    await probe();
  }
  assert.equal(router.usable(undefined), false);
  assert.equal(router.state, 'lagging');
  assert.ok(lines.includes('read replica more than 0.05 s behind, reads go to the primary'));
  state.replica = '0/300';
  await probe();
  assert.equal(router.usable(undefined), true);
  assert.ok(lines.includes('read replica caught up'));
});

test('a replica that fails is not read until a probe reaches it again; a promoted one is read as a primary', async () => {
  const { state, router, probe, lines } = setup(5000);
  await probe();
  state.fail = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  await probe();
  assert.equal(router.usable(undefined), false);
  assert.equal(router.state, 'down');
  assert.match(lines.at(-1)!, /^read replica unreachable, reads go to the primary: connect ECONNREFUSED/);
  await probe();
  assert.equal(lines.filter((l) => l.startsWith('read replica unreachable')).length, 1, 'said once');
  state.fail = null;
  state.recovering = false;
  state.replica = null;
  await probe();
  assert.match(lines.at(-1)!, /^read replica back after \d+ s$/);
  assert.equal(router.usable(undefined), true);
  await router.stop();
});
