import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, PASSWORD, type TestContext } from '../support/context.js';
import { TEST_DRIVER } from '../support/env.js';

let t: TestContext;
before(async () => {
  t = await createTestContext();
});
after(() => t.close());

test('health reports the driver', async () => {
  const r = await t.req(null, { method: 'GET', url: '/api/health' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json().status, 'ok');
  assert.equal(r.json().database, TEST_DRIVER);
  assert.deepEqual([r.json().replica, r.json().replicaLagSeconds], ['none', null], 'no read replica configured');
});

test('login sets a session cookie and returns a bearer token; both work', async () => {
  const r = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username: 'officer_a', password: PASSWORD } });
  assert.equal(r.statusCode, 200);
  const body = r.json();
  assert.equal(body.user.role, 'town_officer');
  assert.equal(body.user.divisionCode, '330482102');
  assert.ok(body.token.length > 30, 'body.token.length > 30');
  const cookie = r.cookies.find((c) => c.name === 'wwj_session');
  assert.ok(cookie && cookie.httpOnly, 'cookie && cookie.httpOnly');
  const viaCookie = await t.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { wwj_session: cookie!.value } });
  assert.equal(viaCookie.json().username, 'officer_a');
  const viaBearer = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
  assert.equal(viaBearer.json().username, 'officer_a');
  const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${body.token}` } });
  assert.equal(out.statusCode, 200);
  const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
  assert.equal(after.statusCode, 401);
});

test('wrong password and unknown user get the same 401', async () => {
  const a = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username: 'officer_a', password: 'nope-nope' } });
  const b = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'nope-nope' } });
  assert.equal(a.statusCode, 401);
  assert.equal(b.statusCode, 401);
  assert.equal(a.json().code, 'auth.invalid_credentials');
  assert.equal(a.json().message, b.json().message);
});

test('API routes need a login; a forged token is refused', async () => {
  assert.equal((await t.req(null, { method: 'GET', url: '/api/cases' })).statusCode, 401);
  const r = await t.app.inject({ method: 'GET', url: '/api/cases', headers: { authorization: 'Bearer forged' } });
  assert.equal(r.statusCode, 401);
  assert.equal(r.json().code, 'auth.required');
});

test('OpenAPI document and docs page are served', async () => {
  const r = await t.req(null, { method: 'GET', url: '/api/openapi.json' });
  assert.equal(r.statusCode, 200);
  const doc = r.json();
  assert.equal(doc.openapi.startsWith('3.'), true);
  assert.ok(doc.paths['/api/cases'], "doc.paths['/api/cases']");
  assert.ok(doc.paths['/api/cases/{id}/actions'], "doc.paths['/api/cases/{id}/actions']");
  const ui = await t.req(null, { method: 'GET', url: '/api/docs/' });
  assert.equal(ui.statusCode, 200);
  assert.match(ui.body, /swagger/i);
});

test('only an admin creates accounts; the account can log in', async () => {
  const body = { username: 'new_insp', displayName: '新巡查员', password: 'another-pass-1', role: 'inspector', divisionCode: '330482102' };
  const denied = await t.req('city', { method: 'POST', url: '/api/users', payload: body });
  assert.equal(denied.statusCode, 403);
  const ok = await t.req('admin', { method: 'POST', url: '/api/users', payload: body });
  assert.equal(ok.statusCode, 201);
  assert.equal(ok.json().divisionName, '新埭镇');
  const dup = await t.req('admin', { method: 'POST', url: '/api/users', payload: body });
  assert.equal(dup.statusCode, 409);
  const login = await t.req(null, { method: 'POST', url: '/api/auth/login', payload: { username: 'new_insp', password: 'another-pass-1' } });
  assert.equal(login.statusCode, 200);
});
