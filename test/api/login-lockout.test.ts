// The front door: failed logins are recorded and audited with the address; an account locks after five
// failures in 15 minutes until an admin opens it; an address that fails too often gets 429 with Retry-After.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, PASSWORD, type TestContext } from '../support/context.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const login = (username: string, password: string, remoteAddress: string) =>
  t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

async function auditOf(action: string) {
  const r = await t.req('supervisor', { method: 'GET', url: '/api/audit?entity=user&limit=500' });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json().items as { action: string; after: { username?: string; address?: string } | null }[]).filter((i) => i.action === action);
}

test('four failures leave the account open; the fifth locks it, even against the right password, until an admin unlocks it', async () => {
  for (let i = 0; i < 4; i++) assert.equal((await login('inspector_a', `wrong-${i}`, '10.0.0.1')).statusCode, 401);
  assert.equal((await login('inspector_a', PASSWORD, '10.0.0.1')).statusCode, 200, 'four failures do not lock');

  for (let i = 0; i < 5; i++) assert.equal((await login('inspector_b', `wrong-${i}`, '10.0.0.2')).statusCode, 401);
  const locked = await login('inspector_b', PASSWORD, '10.0.0.2');
  assert.equal(locked.statusCode, 423, locked.body);
  assert.equal(locked.json().code, 'auth.account_locked');
  assert.match(locked.json().message, /已锁定/);

  const failed = await auditOf('auth.login_failed');
  assert.ok(
    failed.some((a) => a.after?.username === 'inspector_b' && a.after?.address === '10.0.0.2'),
    'failed logins are audited with the address',
  );
  const locks = (await auditOf('auth.account_locked')).filter((a) => a.after?.username === 'inspector_b');
  assert.equal(locks.length, 1);
  assert.equal(locks[0].after?.address, '10.0.0.2', 'the lockout is audited with the address');
  assert.ok(
    (await auditOf('auth.login_refused_locked')).some((a) => a.after?.username === 'inspector_b' && a.after?.address === '10.0.0.2'),
    'a try while locked is audited with the address',
  );
  assert.ok(
    (await auditOf('auth.login')).some((a) => a.after?.address === '10.0.0.1'),
    'a login is audited with the address',
  );

  // only an admin may open it
  const byCity = await t.req('city', { method: 'POST', url: '/api/users/unlock', payload: { username: 'inspector_b' } });
  assert.equal(byCity.statusCode, 403);
  assert.equal((await login('inspector_b', PASSWORD, '10.0.0.2')).statusCode, 423, 'still locked');
  const byAdmin = await t.req('admin', { method: 'POST', url: '/api/users/unlock', payload: { username: 'inspector_b' }, remoteAddress: '10.9.0.1' });
  assert.equal(byAdmin.statusCode, 200, byAdmin.body);
  const unlocks = (await auditOf('auth.account_unlocked')).filter((a) => a.after?.username === 'inspector_b');
  assert.equal(unlocks.length, 1);
  assert.equal(unlocks[0].after?.address, '10.9.0.1', "the unlock is audited with the admin's address");
  assert.equal((await login('inspector_b', PASSWORD, '10.0.0.2')).statusCode, 200, 'open again');
  // the failures before the lock no longer count: one more failure does not lock it again
  assert.equal((await login('inspector_b', 'wrong-again', '10.0.0.2')).statusCode, 401);
  assert.equal((await login('inspector_b', PASSWORD, '10.0.0.2')).statusCode, 200);
});

test('an address that guesses across accounts gets 429 with Retry-After; another address is not affected', async () => {
  const codes: number[] = [];
  for (let i = 0; i < 22; i++) codes.push((await login(`ghost-${i}`, 'nope-nope', '10.0.0.66')).statusCode);
  assert.deepEqual(codes.slice(0, 20), Array(20).fill(401), 'twenty failures are answered');
  assert.deepEqual(codes.slice(20), [429, 429]);
  const limited = await login('officer_a', PASSWORD, '10.0.0.66');
  assert.equal(limited.statusCode, 429, 'even the right password waits');
  assert.equal(limited.json().code, 'auth.rate_limited');
  const wait = Number(limited.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 60, `Retry-After ${limited.headers['retry-after']}`);
  assert.equal((await login('officer_a', PASSWORD, '10.0.0.67')).statusCode, 200, 'another address logs in');
});

test('the operator opens a locked account: the CLI on PostgreSQL (a second process), its service call on PGlite (one process)', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await login('officer_b', `wrong-${i}`, '10.0.0.3')).statusCode, 401);
  assert.equal((await login('officer_b', PASSWORD, '10.0.0.3')).statusCode, 423);
  if (t.databaseUrl) {
    const { spawnSync } = await import('node:child_process');
    const env = { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' };
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'user', 'unlock', '--username', 'officer_b'], { encoding: 'utf8', env });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /unlocked officer_b/);
  } else {
    // the embedded database admits one process: call what `cli user unlock` calls
    await t.deps.services.users.unlock(null, 'officer_b');
  }
  assert.equal((await login('officer_b', PASSWORD, '10.0.0.3')).statusCode, 200);
});

test('the lock is configurable and ends by itself: failures outside the window do not count, the lock lasts its minutes', async () => {
  // a day ahead: the attempts the other tests made are all before this clock's window
  const start = new Date(Date.now() + 86_400_000);
  const clock = new ManualClock(start);
  const policy = { ...t.deps.config.loginPolicy, maxFailures: 3, windowMinutes: 10, lockMinutes: 20 };
  const users = createDeps({ ...t.deps.config, loginPolicy: policy }, t.db, { clock }).services.users;
  const at = (min: number) => clock.set(new Date(start.getTime() + min * 60_000));
  const fail = async (n: number) => {
    for (let i = 0; i < n; i++) await assert.rejects(users.login('officer_a', `wrong-${i}`, '10.3.0.1'), { status: 401 });
  };
  // two failures, then one 11 minutes later: the first two fell out of the 10-minute window, no lock
  await fail(2);
  at(11);
  await fail(1);
  at(11.5);
  await users.login('officer_a', PASSWORD, '10.3.0.1');
  // three within the window lock it
  at(12);
  await fail(3);
  await assert.rejects(users.login('officer_a', PASSWORD, '10.3.0.1'), { status: 423 });
  at(12 + 19);
  await assert.rejects(users.login('officer_a', PASSWORD, '10.3.0.1'), { status: 423 }, 'still locked after 19 minutes');
  at(12 + 21);
  assert.ok((await users.login('officer_a', PASSWORD, '10.3.0.1')).token, 'open again after its 20 minutes');
});
