// Accounts as MLPS level 3 expects: password rules and history, a first login that must change a password an
// admin set, an idle timeout, the last login shown to the user, and 三员分立 (the admin manages accounts but
// does not read the audit log; the supervisor reads it and changes no account; nobody changes his own role).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createTestContext, PASSWORD, type TestContext } from '../support/context.js';
import { createDeps } from '../../src/deps.js';
import { ManualClock } from '../../src/platform/clock.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

const TOWN_A = '330482102';
const login = (username: string, password: string, remoteAddress = '10.1.0.1') =>
  t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
const withToken = (token: string, o: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) => t.app.inject({ ...o, headers: { authorization: `Bearer ${token}` } });
const newAccount = (username: string, password: string) =>
  t.req('admin', { method: 'POST', url: '/api/users', payload: { username, displayName: username, password, role: 'inspector', divisionCode: TOWN_A } });
async function auditOf(action: string) {
  const r = await t.req('supervisor', { method: 'GET', url: '/api/audit?entity=user&limit=500' });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json().items as { action: string; actor_name: string | null; entity_id: string; before: any; after: any }[]).filter((i) => i.action === action);
}

test('a new password needs 10 characters of three classes and not the username; the API says which rule it breaks', async () => {
  const refused: [string, string][] = [
    ['12345678', 'password.too_short'],
    ['aaaaaaaaaaaa', 'password.too_few_classes'],
    ['password', 'password.too_short'],
    ['passwordpassword', 'password.too_few_classes'],
    ['Rule_Breaker1', 'password.equals_username'],
  ];
  for (const [pw, code] of refused) {
    const r = await newAccount('rule_breaker1', pw);
    assert.equal(r.statusCode, 400, `${pw}: ${r.body}`);
    assert.equal(r.json().code, code, pw);
    assert.match(r.json().message, /密码/);
  }
  // the nearest allowed: ten characters, three classes
  const ok = await newAccount('rule_breaker1', 'Abcdefgh12');
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().mustChangePassword, true);
});

test('a password an admin set works only for changing it; after the change the account works', async () => {
  assert.equal((await newAccount('first_login', 'Temp-pass-2026')).statusCode, 201);
  const l = await login('first_login', 'Temp-pass-2026');
  assert.equal(l.statusCode, 200, l.body);
  assert.equal(l.json().user.mustChangePassword, true);
  const token = l.json().token as string;

  const blocked = await withToken(token, { method: 'GET', url: '/api/cases?limit=1' });
  assert.equal(blocked.statusCode, 403);
  assert.equal(blocked.json().code, 'auth.password_change_required');
  assert.equal((await withToken(token, { method: 'GET', url: '/api/auth/me' })).statusCode, 200, 'me answers, so the page knows to ask');

  const wrong = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'not-it', newPassword: 'New-pass-2026' } });
  assert.equal(wrong.json().code, 'password.current_wrong');
  const same = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Temp-pass-2026', newPassword: 'Temp-pass-2026' } });
  assert.equal(same.statusCode, 400);
  assert.equal(same.json().code, 'password.reused');
  const weak = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Temp-pass-2026', newPassword: 'short' } });
  assert.equal(weak.json().code, 'password.too_short');

  const changed = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Temp-pass-2026', newPassword: 'New-pass-2026' } });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal((await withToken(token, { method: 'GET', url: '/api/cases?limit=1' })).statusCode, 200);
  assert.equal((await withToken(token, { method: 'GET', url: '/api/auth/me' })).json().mustChangePassword, false);
  assert.ok((await auditOf('auth.password_changed')).some((a) => a.actor_name === 'first_login'));
});

test('none of the last five passwords comes back; the sixth-last may', async () => {
  assert.equal((await newAccount('history_user', 'Pass-0-history')).statusCode, 201);
  const token = (await login('history_user', 'Pass-0-history')).json().token as string;
  let current = 'Pass-0-history';
  for (let i = 1; i <= 5; i++) {
    const next = `Pass-${i}-history`;
    const r = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: current, newPassword: next } });
    assert.equal(r.statusCode, 200, r.body);
    current = next;
  }
  // the history holds passwords 1–5 now
  for (const old of ['Pass-1-history', 'Pass-3-history']) {
    const r = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: current, newPassword: old } });
    assert.equal(r.json().code, 'password.reused', old);
  }
  const back = await withToken(token, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: current, newPassword: 'Pass-0-history' } });
  assert.equal(back.statusCode, 200, back.body);
});

test('a session ends after the idle time without a request; requests keep it alive; the absolute end still holds', async () => {
  const start = new Date('2026-12-01T01:00:00Z');
  const clock = new ManualClock(start);
  const d = createDeps({ ...t.deps.config, sessionIdleMinutes: 30, sessionTtlHours: 2 }, t.db, { clock });
  const at = (min: number) => clock.set(new Date(start.getTime() + min * 60_000));
  const { token } = await d.services.users.login('inspector_a', PASSWORD, '10.1.0.2');
  at(29);
  assert.ok(await d.services.users.actorForToken(token), '29 minutes idle: still signed in');
  at(55);
  assert.ok(await d.services.users.actorForToken(token), 'the request at 29 kept it alive');
  at(86);
  assert.equal(await d.services.users.actorForToken(token), null, '31 minutes without a request: signed out');

  const second = (await d.services.users.login('inspector_a', PASSWORD, '10.1.0.2')).token;
  for (let m = 100; m <= 200; m += 20) {
    at(m);
    assert.ok(await d.services.users.actorForToken(second), `active at ${m}`);
  }
  at(86 + 121);
  assert.equal(await d.services.users.actorForToken(second), null, 'two hours after login: signed out however active');
});

test('the user sees when and from where he last logged in, and the failed attempts since', async () => {
  assert.equal((await login('officer_b', PASSWORD, '10.2.0.1')).statusCode, 200);
  assert.equal((await login('officer_b', 'wrong-one', '10.2.0.9')).statusCode, 401);
  assert.equal((await login('officer_b', 'wrong-two', '10.2.0.9')).statusCode, 401);
  const now = await login('officer_b', PASSWORD, '10.2.0.2');
  const me = await withToken(now.json().token, { method: 'GET', url: '/api/auth/me' });
  assert.equal(me.statusCode, 200, me.body);
  assert.equal(me.json().lastLogin.address, '10.2.0.1');
  assert.equal(me.json().lastLogin.failedSince, 2);
});

test('三员分立: the admin manages accounts but not the audit log; the supervisor reads it but changes no account; nobody changes himself', async () => {
  assert.equal((await t.req('admin', { method: 'GET', url: '/api/audit?limit=1' })).statusCode, 403);
  assert.equal((await t.req('admin', { method: 'GET', url: '/api/audit/verify' })).statusCode, 403);
  assert.equal((await t.req('supervisor', { method: 'GET', url: '/api/audit/verify' })).statusCode, 200);

  const users = (await t.req('admin', { method: 'GET', url: '/api/users' })).json().items as { id: string; username: string; status: string }[];
  const id = (name: string) => users.find((u) => u.username === name)!.id;
  for (const [method, url, payload] of [
    ['POST', '/api/users', { username: 'by_supervisor', displayName: 'x', password: 'Abcdefgh12', role: 'admin', divisionCode: '330482' }],
    ['PATCH', `/api/users/${id('dept')}`, { role: 'city_office' }],
    ['POST', `/api/users/${id('dept')}/password`, { password: 'Abcdefgh12' }],
    ['POST', '/api/users/unlock', { username: 'dept' }],
  ] as const) {
    const r = await t.req('supervisor', { method, url, payload });
    assert.equal(r.statusCode, 403, `${method} ${url}`);
  }
  const self = await t.req('admin', { method: 'PATCH', url: `/api/users/${id('admin')}`, payload: { role: 'supervisor' } });
  assert.equal(self.statusCode, 403);
  assert.equal(self.json().code, 'user.self_change_forbidden');
  const selfReset = await t.req('admin', { method: 'POST', url: `/api/users/${id('admin')}/password`, payload: { password: 'Abcdefgh12' } });
  assert.equal(selfReset.json().code, 'user.self_change_forbidden');

  // the nearest allowed: the admin changes another account, audited with before and after
  const moved = await t.req('admin', { method: 'PATCH', url: `/api/users/${id('dept')}`, payload: { displayName: '自然资源和规划局 王工' } });
  assert.equal(moved.statusCode, 200, moved.body);
  const rec = (await auditOf('user.update')).find((a) => a.entity_id === id('dept'))!;
  assert.equal(rec.actor_name, 'admin');
  assert.equal(rec.before.displayName, 'dept');
  assert.equal(rec.after.displayName, '自然资源和规划局 王工');
});

test('disabling an account or resetting its password ends its sessions; the reset password must be changed', async () => {
  const users = (await t.req('admin', { method: 'GET', url: '/api/users' })).json().items as { id: string; username: string; status: string }[];
  const id = (name: string) => users.find((u) => u.username === name)!.id;

  const tokenB = (await login('inspector_b', PASSWORD)).json().token as string;
  assert.equal((await t.req('admin', { method: 'PATCH', url: `/api/users/${id('inspector_b')}`, payload: { active: false } })).statusCode, 200);
  assert.equal((await withToken(tokenB, { method: 'GET', url: '/api/auth/me' })).statusCode, 401, 'the disabled account is signed out');
  assert.equal((await login('inspector_b', PASSWORD)).statusCode, 401, 'and cannot log in');
  const listed = (await t.req('admin', { method: 'GET', url: '/api/users' })).json().items as { username: string; status: string }[];
  assert.equal(listed.find((u) => u.username === 'inspector_b')!.status, 'disabled');
  assert.equal((await t.req('admin', { method: 'PATCH', url: `/api/users/${id('inspector_b')}`, payload: { active: true } })).statusCode, 200);

  const tokenA = (await login('inspector_a', PASSWORD)).json().token as string;
  const weak = await t.req('admin', { method: 'POST', url: `/api/users/${id('inspector_a')}/password`, payload: { password: 'inspector_a-2026' } });
  assert.equal(weak.json().code, 'password.equals_username');
  const reset = await t.req('admin', { method: 'POST', url: `/api/users/${id('inspector_a')}/password`, payload: { password: 'Reset-by-admin-1' } });
  assert.equal(reset.statusCode, 200, reset.body);
  assert.equal((await withToken(tokenA, { method: 'GET', url: '/api/auth/me' })).statusCode, 401, 'old sessions end');
  const again = await login('inspector_a', 'Reset-by-admin-1');
  assert.equal(again.json().user.mustChangePassword, true);
  assert.ok((await auditOf('user.password_reset')).some((a) => a.entity_id === id('inspector_a') && a.actor_name === 'admin'));
  // put the fixture back for the other tests of this file
  const tok = again.json().token as string;
  assert.equal(
    (await withToken(tok, { method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'Reset-by-admin-1', newPassword: 'Inspector-A-new-1' } })).statusCode,
    200,
  );
});

test('the CLI applies the same password rules, and its accounts change their password at first login', async () => {
  const weak = { username: 'cli_weak', displayName: 'cli_weak', password: 'aaaaaaaaaaaa', role: 'inspector' as const, divisionCode: TOWN_A };
  if (t.databaseUrl) {
    const env = { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir };
    const cli = (pw: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'user', 'add', '--username', 'cli_weak', '--password', pw, '--role', 'inspector', '--division', TOWN_A], {
        encoding: 'utf8',
        env,
      });
    const refused = cli('aaaaaaaaaaaa');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /password.too_few_classes/);
    const ok = cli('Cli-pass-2026');
    assert.equal(ok.status, 0, ok.stderr);
  } else {
    // the embedded database admits one process: call what `cli user add` calls
    await assert.rejects(t.deps.services.users.create(null, weak), /至少 3 类/);
    await t.deps.services.users.create(null, { ...weak, password: 'Cli-pass-2026' });
  }
  const l = await login('cli_weak', 'Cli-pass-2026');
  assert.equal(l.json().user.mustChangePassword, true);
});
